"""The observatory's data as pandas tables, for researchers.

Read a downloaded data package (a ZIP, its folder or its ``datapackage.json``; no database needed)::

    >>> from migrights import data
    >>> data.use_package("migrights-2026.1-datapackage.zip")      # once; or package=... on each call
    >>> data.scores(country="PHL", level="dimension").head()
    >>> data.treaty_actions(instrument="ICRMW")

or, without a package, the local database (the data folder of the ``migrights`` command: ``MIGRIGHTS_DATA_DIR``
or the per-user default; it is created and loaded on first use)::

    >>> data.use_package(None)
    >>> data.commitments(country="FRA", year=2020)

Both ways give the same columns with the same types (integers ``Int64``, numbers ``float64``, yes/no
``boolean``, dates ``datetime64``, text ``str``); the columns are those of the package's tables, described in
its ``datapackage.json`` and in docs/open-data.md. ``release`` picks a release (``"2026.1"``), ``"latest"``
(the default: the newest release, else the commitments edition) or ``"commitments"``; a package holds one
edition and refuses another.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from types import ModuleType
from typing import Any

import pandas as pd

from migrights.opendata.package import BY_NAME, TABLE_NAMES, PackageReader, frame_from_records

__all__ = [
    "agreements",
    "answers",
    "commitments",
    "corridor_coverage",
    "corridor_refugees",
    "corridors",
    "countries",
    "documents",
    "gaps",
    "governance_bodies",
    "indicators",
    "instruments",
    "law",
    "law_gaps",
    "memberships",
    "scores",
    "sources",
    "table",
    "treaty_actions",
    "use_package",
]

PackagePath = str | Path | None
_package: PackageReader | None = None


def use_package(path: PackagePath) -> None:
    """Read every later call from this data package (a ZIP, folder or ``datapackage.json``); None: the database.

    >>> data.use_package("downloads/migrights-commitments-datapackage.zip")
    """
    global _package
    _package = PackageReader(path) if path is not None else None


def _reader(package: PackagePath, release: str | None) -> PackageReader | None:
    reader = PackageReader(package) if package is not None else _package
    if reader is not None and release not in (None, "latest") and release != reader.version:
        raise ValueError(f"the package holds edition {reader.version!r}, not {release!r}")
    return reader


def _django() -> None:
    """Set Django up with the command line's data folder, unless it already is."""
    from django.apps import apps

    if not apps.ready:
        from migrights.cli import setup

        setup(None, quiet=True)


def _filtered(frame: pd.DataFrame, **wanted: Any) -> pd.DataFrame:
    mask = pd.Series(True, index=frame.index)
    for column, value in wanted.items():
        if value is None:
            continue
        if isinstance(value, str) and column in ("country", "instrument"):
            value = value.upper()
        mask &= frame[column] == value
    return frame[mask.fillna(False).astype(bool)].reset_index(drop=True)


# the rows of a table from the database: given the module migrights.opendata.tables (imported only then, so a
# package is read without Django) and the edition
FromDatabase = Callable[[ModuleType, Any], list[dict[str, Any]]]


def _load(
    name: str, package: PackagePath, release: str | None, from_database: FromDatabase | None = None, **wanted: Any
) -> pd.DataFrame:
    """The table from the package, else from the database (``from_database``, by default the whole table)."""
    reader = _reader(package, release)
    if reader is not None:
        return _filtered(reader.table(name), **wanted)
    _django()
    from migrights.opendata import tables

    edition = tables.resolve(release)
    records = from_database(tables, edition) if from_database else tables.table_rows(name, edition)
    return _filtered(frame_from_records(BY_NAME[name], records), **wanted)


def table(name: str, release: str | None = None, package: PackagePath = None) -> pd.DataFrame:
    """Any table of the package by name (``countries``, ``treaty_actions``, ``scores``...), unfiltered."""
    if name not in TABLE_NAMES:
        raise KeyError(f"no table {name!r}; the tables are {', '.join(TABLE_NAMES)}")
    return _load(name, package, release)


def scores(
    release: str | None = None,
    country: str | None = None,
    year: int | None = None,
    level: str | None = None,
    package: PackagePath = None,
    framework: str | None = None,
) -> pd.DataFrame:
    """Index scores: one row per country, year, level and code.

    ``level`` is ``indicator``, ``right``, ``category``, ``dimension`` or ``overall``. ``framework`` (``1.1``)
    reads the edition computed on another loaded version of the framework than the published one (MRF 1.0), from
    the database: data packages hold the published framework's scores only.

    >>> data.scores(country="PHL", level="dimension")[["year", "code", "score", "coverage", "flagged"]]
    >>> data.scores(country="DEU", level="dimension", framework="1.1")
    """
    if framework is not None:
        if package is not None or _package is not None:
            raise ValueError(
                f"a data package holds the published framework's scores only: read MRF {framework} from the database"
                " (data.use_package(None))"
            )
        _django()
        from migrights.opendata import tables

        records = tables.framework_score_rows(framework, release, country, year, level)
        return _filtered(frame_from_records(BY_NAME["scores"], records), country=country, year=year, level=level)
    return _load(
        "scores",
        package,
        release,
        lambda tables, edition: tables.score_rows(edition, country, year, level),
        country=country,
        year=year,
        level=level,
    )


def gaps(release: str | None = None, country: str | None = None, package: PackagePath = None) -> pd.DataFrame:
    """Gaps between dimensions (commitment minus protection, protection minus implementation) per country-year."""
    return _filtered(table("gaps", release, package), country=country)


def treaty_actions(
    country: str | None = None,
    instrument: str | None = None,
    release: str | None = None,
    package: PackagePath = None,
) -> pd.DataFrame:
    """Every signature, ratification, accession, denunciation... with its date, precision and source.

    >>> data.treaty_actions(instrument="ICRMW").query("action == 'ratification'")
    """
    return _load(
        "treaty_actions",
        package,
        release,
        lambda tables, edition: tables.treaty_action_rows(country, instrument),
        country=country,
        instrument=instrument,
    )


def memberships(
    country: str | None = None,
    body: str | None = None,
    release: str | None = None,
    package: PackagePath = None,
) -> pd.DataFrame:
    """Members of governance bodies (country or organisation), their role, start and end.

    >>> data.memberships(body="colombo-process")
    """
    return _load(
        "memberships",
        package,
        release,
        lambda tables, edition: tables.membership_rows(country, body),
        country=country,
        body=body.lower() if body else None,
    )


def answers(
    release: str | None = None,
    country: str | None = None,
    year: int | None = None,
    package: PackagePath = None,
) -> pd.DataFrame:
    """Released indicator values with their evidence (never drafts); empty before the first release.

    >>> data.answers(release="2026.1", country="PHL")[["year", "indicator", "value_label", "evidence"]]
    """
    return _load(
        "answers",
        package,
        release,
        lambda tables, edition: tables.answer_rows(edition, country),
        country=country,
        year=year,
    )


def commitments(
    country: str | None = None,
    year: int | None = None,
    indicator: str | None = None,
    release: str | None = None,
    package: PackagePath = None,
) -> pd.DataFrame:
    """Commitment indicators derived from treaty actions and memberships, every country and year from 1990.

    >>> data.commitments(country="FRA", year=2020)
    """
    return _load(
        "commitments",
        package,
        release,
        lambda tables, edition: tables.commitment_rows(edition, country, year, indicator),
        country=country,
        year=year,
        indicator=indicator,
    )


def countries(release: str | None = None, package: PackagePath = None) -> pd.DataFrame:
    """States, territories, former states and other participants, with region and UN membership.

    >>> data.countries().query("kind == 'state'")
    """
    return table("countries", release, package)


def instruments(release: str | None = None, package: PackagePath = None) -> pd.DataFrame:
    """Treaties, protocols, ILO conventions, charters, declarations and compacts."""
    return table("instruments", release, package)


def governance_bodies(release: str | None = None, package: PackagePath = None) -> pd.DataFrame:
    """Regional consultative processes, inter-regional forums, global processes and mobility regimes."""
    return table("governance_bodies", release, package)


def indicators(release: str | None = None, package: PackagePath = None) -> pd.DataFrame:
    """The indicator framework of the edition, one row per indicator."""
    return table("indicators", release, package)


def sources(release: str | None = None, package: PackagePath = None) -> pd.DataFrame:
    """Every source, with licence, access date, checksum of the kept file and how many facts cite it."""
    return table("sources", release, package)


# ---- rights in law from published datasets (issue 13): from the local database ---------------------------------


def _law_frame(records: list[dict[str, Any]], columns: tuple[str, ...], *source_columns: str) -> pd.DataFrame:
    """A table of law records; ``attrs["sources"]`` holds the licence and citation of every source it cites."""
    from migrights.law.queries import dataset_meta

    frame = pd.DataFrame.from_records(records, columns=list(columns))
    for column in frame.columns:
        values = frame[column].dropna()
        if len(values) and all(isinstance(v, bool) for v in values):
            frame[column] = frame[column].astype("boolean")
        elif len(values) and all(isinstance(v, int) for v in values):
            frame[column] = frame[column].astype("Int64")
    frame.attrs["sources"] = dataset_meta({v for c in source_columns for v in frame[c].dropna()})
    return frame


def law(country: str | None = None, year: int | None = None, variable: str | None = None) -> pd.DataFrame:
    """Citizenship law (GLOBALCIT): with ``year``, one row per country and variable holding on 1 January of that
    year (``carried_forward`` when the dataset repeats an earlier year without observing it); without, one row
    per run of years. ``meaning`` says what the code means; ``frame.attrs["sources"]`` the licence and citation.

    >>> data.law(country="DEU", year=2023)[["variable", "value", "meaning"]]
    """
    _django()
    from migrights.law.queries import LAW_COLUMNS, law_records

    return _law_frame(law_records(country, year, variable), LAW_COLUMNS, "source")


def agreements(
    country: str | None = None, partner: str | None = None, provision: str | None = None, decade: int | None = None
) -> pd.DataFrame:
    """Bilateral labour agreements (Chilton and Woda 2022): parties, dates, and the provisions of coded texts
    (``provisions`` is a list; None where the text was not coded, i.e. unknown).

    >>> data.agreements(country="PHL", provision="passport")
    """
    _django()
    from migrights.law.queries import AGREEMENT_COLUMNS, agreement_record
    from migrights.law.queries import agreements as agreement_rows

    records = [agreement_record(a, country) for a in agreement_rows(country, partner, provision, decade)]
    return _law_frame(records, AGREEMENT_COLUMNS, "source")


def law_gaps(
    country: str | None = None, year: int | None = None, instrument: str | None = None, state: str | None = None
) -> pd.DataFrame:
    """Obligation-law gaps (``state``: gap, no-gap, not-bound, not-applicable, unknown), each naming the
    instrument, article, law variable and both sources.

    >>> data.law_gaps(state="gap", instrument="CRC")
    """
    _django()
    from migrights.law.queries import GAP_COLUMNS, gap_records

    records = gap_records(country, year, instrument, state)
    return _law_frame(records, GAP_COLUMNS, "law_source", "treaty_source", "obligation_source")


# ---- documents (issue 15): UPR recommendations and General Comment paragraphs, from the local database ---------


def documents(q: str = "", page_size: int = 100, page: int = 1, **filters: Any) -> pd.DataFrame:
    """Passages matching ``q`` (full text, best first), one page of ``page_size`` rows (at most 500), within
    ``filters`` (``kind``, ``committee``, ``year``, ``state``, ``recommending``, ``response``, ``issue``,
    ``group``); ``match`` holds the words around the matches. ``licence`` is on every row: the treaty-body
    paragraphs are CC BY-NC-SA 4.0 (``non_commercial``). ``frame.attrs["sources"]`` gives licences and citations;
    ``frame.attrs["count"]`` how many passages match in all.

    >>> data.documents("domestic workers", kind="general-comment-paragraph", committee="CMW")
    """
    _django()
    from migrights.documents.queries import COLUMNS, check_filters, check_query, passage_record, search_records
    from migrights.documents.queries import sources_meta as document_sources

    unknown = set(filters) - {"kind", "committee", "year", "state", "recommending", "response", "issue", "group"}
    if unknown:
        raise TypeError(f"documents() has no filter {', '.join(sorted(unknown))}")
    found, meta = search_records(check_query(q), check_filters(filters), page, max(1, min(page_size, 500)))
    records = [passage_record(p, snippet) for p, snippet in found]
    frame = pd.DataFrame.from_records(records, columns=list(COLUMNS))
    for column in ("year", "cycle", "session", "action"):
        frame[column] = frame[column].astype("Int64")
    frame["non_commercial"] = frame["non_commercial"].astype("boolean")
    frame.attrs["sources"] = document_sources(p for p, _ in found)
    frame.attrs["count"] = meta.total
    return frame


# ---- corridors (issue 14): the committed stock files joined to the local database's governance records --------


def corridors(origin: str | None = None, destination: str | None = None, year: int | None = None) -> pd.DataFrame:
    """Migrants from ``origin`` in ``destination`` (UN DESA 2019: stock years 1990, 1995 ... 2015, 2019, by sex),
    UNHCR's ``refugees``, ``asylum_seekers`` and ``other_in_need`` for the pair at the end of the year (``<NA>``:
    none recorded, unknown; a separate series, never part of the stock) and, per kind of governance, ``covered``,
    ``not-covered`` or ``unknown`` on 1 July of the year (an unknown is never uncovered). ``frame.attrs["sources"]``
    gives the licence and citation.

    >>> data.corridors(origin="PHL", year=2019).head()
    """
    _django()
    from migrights.corridors.queries import corridor_frame, source_meta

    frame = corridor_frame(origin.upper() if origin else None, destination.upper() if destination else None, year)
    frame.attrs["sources"] = source_meta()
    return frame


def corridor_refugees(
    origin: str | None = None, destination: str | None = None, year: int | None = None
) -> pd.DataFrame:
    """UNHCR's annual series by origin and country of asylum (``destination``), 1951-2025 at the end of each year:
    ``refugees`` under UNHCR's mandate, ``asylum_seekers`` (from 1993), ``other_in_need`` of international protection
    (from 2018); ``<NA>``: not collected or not recorded. Never added to migrant stocks.

    >>> data.corridor_refugees(origin="SYR", destination="DEU")
    """
    _django()
    from migrights.corridors.queries import refugee_frame, source_meta

    frame = refugee_frame(origin.upper() if origin else None, destination.upper() if destination else None, year)
    frame = frame.astype({"origin": str, "destination": str})
    frame.attrs["sources"] = [s for s in source_meta() if s["key"].startswith("unhcr")]
    return frame


def corridor_coverage(year: int | None = None, by: str = "world") -> pd.DataFrame:
    """Shares of migrants whose corridor is covered, not covered or of unknown coverage, per year, group and kind
    (``by``: ``world``, ``development-group`` (south-south, south-north...) or ``region``).

    >>> data.corridor_coverage(2019, by="development-group")
    """
    _django()
    from migrights.corridors.queries import SHARE_COLUMNS, coverage_records, source_meta

    frame = pd.DataFrame.from_records(coverage_records(year, by), columns=list(SHARE_COLUMNS))
    frame.attrs["sources"] = source_meta()
    return frame
