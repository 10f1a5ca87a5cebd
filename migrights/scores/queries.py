"""Scores and the methodology as the API and pages give them."""

from __future__ import annotations

import datetime as dt
from typing import Any

import numpy as np
import pandas as pd

from migrights.lib.labels import translated
from migrights.lib.tables import plain_records
from migrights.lib.vocabulary import DIMENSIONS, OVERALL
from migrights.scores.models import Edition

NUMERIC = ("score", "coverage", "rank", "change_year", "change_release", "score_low", "score_median", "score_high")


def edition_dict(edition: Edition) -> dict[str, Any]:
    return {
        "edition": edition.label,
        "release": edition.release.version if edition.release else None,
        "framework": str(edition.framework),
        "computed": edition.created.isoformat(timespec="seconds"),
        "spec_hash": edition.spec_hash,
        "inputs_hash": edition.inputs_hash,
        "seed": edition.manifest.get("seed"),
        "draws": edition.manifest.get("draws"),
    }


def score_view(edition: Edition) -> pd.DataFrame:
    """The published table with its text columns (country, level, code) as categories, built once per edition; its
    numbers are the table's own (not copied). Filters compare integers, and taking one country's rows costs no
    per-column Arrow call; its records are the table's, value for value."""
    table = edition.table()
    return edition.derived(
        "score-view", lambda: table.astype({"country": "category", "level": "category", "code": "category"})
    )


def score_keys(edition: Edition) -> pd.DataFrame:
    """The year, level and code of every row of the edition's table (level and code as categories)."""
    view = score_view(edition)
    return edition.derived("score-keys", lambda: view[["year", "level", "code"]])


def _select(
    edition: Edition,
    country: str | None,
    year: int | None,
    level: str | tuple[str, ...] | None,
    code: str | None,
) -> tuple[pd.DataFrame, np.ndarray | None]:
    """The table to read and the positions of its rows that match (None: all): one country's rows are found by the
    positions indexed once per edition, the filters compare the categories' integers."""
    table = score_view(edition)
    rows = edition.country_rows(country.upper()) if country else None
    if year is None and not level and not code:
        return table, rows

    def column(name: str) -> pd.Series:
        return table[name] if rows is None else table[name].take(rows)

    mask = np.ones(len(table) if rows is None else len(rows), dtype=bool)
    if year is not None:
        mask &= (column("year") == year).to_numpy()
    if level:
        mask &= column("level").isin([level] if isinstance(level, str) else list(level)).to_numpy()
    if code:
        mask &= (column("code") == code).to_numpy()
    return table, np.flatnonzero(mask) if rows is None else rows[mask]


# A column of the published table as ``_rows_at`` reads it: its name, its values (a numpy array shared with the
# table, not copied; a category column's integer codes) and, for a category column, its texts (None appended,
# for the code -1 of a missing value)
_Column = tuple[np.ndarray, np.ndarray | None]


def _columns(edition: Edition) -> dict[str, _Column]:
    """The columns of ``score_view`` by name, in its order, as numpy arrays, once per edition (views of the
    table's own arrays)."""
    view = score_view(edition)

    def build() -> dict[str, _Column]:
        columns: dict[str, _Column] = {}
        for name in view.columns:
            cells = view[name]
            if isinstance(cells.dtype, pd.CategoricalDtype):
                texts = np.append(cells.cat.categories.to_numpy(dtype=object), None)
                columns[str(name)] = (cells.cat.codes.to_numpy(), texts)
            else:
                columns[str(name)] = (cells.to_numpy(), None)
        return columns

    return edition.derived("score-columns", build)


def _plain(values: np.ndarray, texts: np.ndarray | None) -> list[Any]:
    """A column's values at some positions as plain Python values (as ``lib.tables.plain_records`` gives them):
    texts for category codes, NaN as None."""
    if texts is not None:
        return texts[values].tolist()  # the code -1 (missing) picks the None appended last
    if values.dtype.kind == "f":
        plain = values.astype(object)
        plain[np.isnan(values)] = None
        return plain.tolist()
    return values.tolist()


def _rows_at(
    edition: Edition, positions: np.ndarray | None, names: tuple[str, ...] | None = None
) -> list[dict[str, Any]]:
    """The rows of ``score_view`` at ``positions`` (None: every row) as dictionaries of plain values (``names``:
    only these columns), read from the columns' arrays: no pandas frame is cut per request."""
    columns = _columns(edition)
    names = tuple(columns) if names is None else names
    cells = []
    for name in names:
        values, texts = columns[name]
        cells.append(_plain(values if positions is None else values[positions], texts))
    return [dict(zip(names, row, strict=True)) for row in zip(*cells, strict=True)]


def score_records(
    edition: Edition,
    country: str | None = None,
    year: int | None = None,
    level: str | tuple[str, ...] | None = None,
    code: str | None = None,
) -> list[dict[str, Any]]:
    """Every matching row as a dictionary (for pages of one country: the API pages with ``score_page``)."""
    _table, chosen = _select(edition, country, year, level, code)
    return _rows_at(edition, chosen)


def score_page(
    edition: Edition,
    country: str | None = None,
    year: int | None = None,
    level: str | tuple[str, ...] | None = None,
    code: str | None = None,
    *,
    page_size: int,
    page: int = 1,
    after: int | None = None,
) -> tuple[list[dict[str, Any]], int, int | None]:
    """One page of the matching rows in the edition's stored order: the rows, how many match in all, and the key
    of the page's last row when more follow (None at the end).

    A row's key is its place in the edition's stored table, which never changes: ``after`` (a key) continues
    right after that row, whatever the page's depth; otherwise ``page`` (from 1) counts pages from the start.
    Only the page's rows become dictionaries.
    """
    table, chosen = _select(edition, country, year, level, code)
    keys = table.index.to_numpy() if chosen is None else table.index.to_numpy()[chosen]
    count = len(keys)
    start = int(np.searchsorted(keys, after, side="right")) if after is not None else (max(1, page) - 1) * page_size
    taken = slice(start, start + page_size)
    positions = np.arange(len(table))[taken] if chosen is None else chosen[taken]
    last = int(keys[start + page_size - 1]) if start + page_size < count else None
    return _rows_at(edition, positions), count, last


COMPARED_LEVELS = ("dimension", "category")


# Region medians per (edition, year): the whole table is read once per process and edition, like its scores.
def region_medians(table: pd.DataFrame, regions: dict[str, str], year: int) -> pd.DataFrame:
    """The median score of each region per dimension and category in ``year``, over the countries scored there.

    ``regions`` maps country codes to their UN region; countries without one are left out. Columns: region,
    level, code, median, countries (how many scores the median is taken over).
    """
    rows = table[(table["year"] == year) & table["level"].isin(COMPARED_LEVELS) & table["score"].notna()]
    rows = rows.assign(region=rows["country"].map(regions)).dropna(subset=["region"])
    rows = rows[rows["region"] != ""]
    grouped = rows.groupby(["region", "level", "code"], sort=False)["score"]
    return grouped.agg(median="median", countries="count").reset_index()


MedianLookup = dict[str, dict[tuple[str, str], tuple[float, int]]]


def medians_by_region(medians: pd.DataFrame) -> MedianLookup:
    """``region_medians`` as a lookup: region -> (level, code) -> (median, countries)."""
    lookup: MedianLookup = {}
    for r in medians.itertuples():
        lookup.setdefault(r.region, {})[r.level, r.code] = (float(r.median), int(r.countries))
    return lookup


def region_comparison(
    country_rows: list[dict[str, Any]], medians: MedianLookup, region: str | None
) -> list[dict[str, Any]]:
    """The country's dimension and category scores beside its region's median (``difference`` = score - median).

    ``country_rows`` are the country's ``score_records`` in one year; rows without a score are left out;
    ``medians``: ``medians_by_region``.
    """
    if not region:
        return []
    by_key = medians.get(region, {})
    compared = []
    for row in sorted(
        country_rows, key=lambda r: COMPARED_LEVELS.index(r["level"]) if r["level"] in COMPARED_LEVELS else 9
    ):
        key = (row["level"], row["code"])
        if row["level"] not in COMPARED_LEVELS or row["score"] is None or key not in by_key:
            continue
        median, countries = by_key[key]
        compared.append(
            {
                "level": row["level"],
                "code": row["code"],
                "score": row["score"],
                "region_median": round(median, 3),
                "difference": round(row["score"] - median, 3),
                "region_countries": countries,
            }
        )
    return compared


def trend_rows(records: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The trend chart's rows: each scored dimension per year, with its 90 % interval where one was computed."""
    return [
        {"year": r["year"], "series": r["code"], "value": r["score"], "low": r["score_low"], "high": r["score_high"]}
        for r in sorted(records, key=lambda r: (r["code"], r["year"]))
        if r["level"] == "dimension" and r["score"] is not None
    ]


def _regions() -> dict[str, str]:
    from migrights.reference.models import Country

    return {code: region for code, region in Country.objects.values_list("code", "region") if region}


def _medians(edition: Edition, year: int) -> MedianLookup:
    return edition.derived(
        ("region-medians", year), lambda: medians_by_region(region_medians(edition.table(), _regions(), year))
    )


def category_titles(edition: Edition) -> dict[str, str]:
    """The edition's framework's category titles by code, in the framework's order, in the active language (the
    framework file's French and Spanish texts; read once per edition)."""

    def read() -> dict[str, tuple[str, dict[str, dict[str, str]]]]:
        from migrights.framework.models import Framework

        definition = Framework.objects.get(pk=edition.framework_id).definition()
        return {c.code: (c.title, c.translations) for c in definition.categories}

    texts = edition.derived("category-titles-translated", read)
    return {code: translated(title, translations, "title") for code, (title, translations) in texts.items()}


def country_gaps(edition: Edition, country: str) -> list[dict[str, Any]]:
    """The country's gaps per year (commitment minus protection, protection minus implementation), where known."""

    def build() -> dict[str, list[dict[str, Any]]]:
        by_country: dict[str, list[dict[str, Any]]] = {}
        for row in plain_records(edition.table("gaps")):
            by_country.setdefault(row.pop("country"), []).append(row)
        return by_country

    # every country's gaps in one pass, once per edition (a few thousand small rows), copied for the caller
    return [dict(row) for row in edition.derived("gap-records-by-country", build).get(country, [])]


def country_scores(country: Any, on: dt.date) -> dict[str, Any] | None:
    """The country page's index section: scores by dimension over the years up to ``on``'s, categories in the
    latest of them, the gaps between dimensions, and the comparison with the median of the country's UN region."""
    from migrights.scores.editions import current_edition

    edition = current_edition()
    if edition is None:
        return None
    # the country's rows of these levels up to ``on``'s year, in the table's order; each as the few columns the
    # series and the trend read, and only the rows shown whole (the latest year's, each dimension's and the
    # overall score's last scored) as whole records: about 30 of 700
    columns = _columns(edition)
    rows = edition.country_rows(country.code)
    levels, level_texts = columns["level"]
    shown_levels = [i for i, text in enumerate(level_texts) if text in ("overall", "dimension", "category")]
    chosen = rows[np.isin(levels[rows], shown_levels) & (columns["year"][0][rows] <= on.year)]
    if not len(chosen):
        return None
    records = _rows_at(edition, chosen, ("year", "level", "code", "score", "score_low", "score_high"))
    scored = [i for i, r in enumerate(records) if r["score"] is not None]
    latest = max((records[i]["year"] for i in scored), default=None)
    series: dict[int, dict[str, Any]] = {}
    for r in records:
        if r["level"] in ("dimension", "overall"):
            series.setdefault(r["year"], {"year": r["year"]})[r["code"]] = r["score"]
    in_latest_year = [i for i, r in enumerate(records) if r["year"] == latest]
    # each dimension and the overall score in its most recent published year: assessments cover past years,
    # commitments run to today (withheld scores have no value: the latest year's row says why)
    last_scored = {
        records[i]["code"]: i
        for i in sorted(scored, key=lambda i: records[i]["year"])
        if records[i]["level"] in ("dimension", OVERALL)
    }
    in_latest = {records[i]["code"]: i for i in in_latest_year if records[i]["level"] in ("dimension", OVERALL)}
    whole = sorted({*in_latest_year, *last_scored.values()})
    full = dict(zip(whole, _rows_at(edition, chosen[whole]), strict=True))
    latest_rows = [full[i] for i in in_latest_year]

    def shown(code: str) -> dict[str, Any] | None:
        found = last_scored.get(code, in_latest.get(code))
        return None if found is None else full[found]

    titles = category_titles(edition)
    known_gaps = [g for g in country_gaps(edition, country.code) if g["value"] is not None and g["year"] <= on.year]
    gaps_year = max((g["year"] for g in known_gaps), default=None)
    return {
        **edition_dict(edition),
        "latest_year": latest,
        "latest": latest_rows,
        "series": [series[y] for y in sorted(series, reverse=True)],
        "dimensions": [shown(d) or {"code": d, "score": None} for d in DIMENSIONS],
        "overall": shown(OVERALL),
        "categories": [
            {**r, "title": titles.get(r["code"], r["code"])} for r in latest_rows if r["level"] == "category"
        ],
        "trend": trend_rows(records),
        "gaps": known_gaps,
        "latest_gaps": [g for g in known_gaps if g["year"] == gaps_year],
        "region": country.region or None,
        "region_comparison": region_comparison(latest_rows, _medians(edition, latest), country.region)
        if latest is not None
        else [],
    }
