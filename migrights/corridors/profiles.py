"""What the corridor pages show: one corridor over the stock years with what governs it each year, and a country's
largest corridors with the shares of its emigrants and immigrants covered.

The states come from the one coverage table (``queries.coverage_table``); the bodies, agreements and dates behind a
"covered" are read here with the same rules (memberships spanning 1 July of the stock year, agreements signed by the
end of it, a predecessor's records standing in before its successor existed).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from migrights.corridors import coverage as cov
from migrights.corridors import queries
from migrights.corridors.stocks import (
    SOURCE_KEY,
    WORLDBANK_SOURCE_KEY,
    area_codes,
    area_table,
    stock_years,
    worldbank_pairs,
)
from migrights.governance.models import GovernanceBody, Membership
from migrights.law.models import Agreement
from migrights.law.queries import agreement_record
from migrights.lib.memo import Latest
from migrights.lib.tables import plain_records
from migrights.reference.models import Country

TOP_CORRIDORS = 10  # a country page's largest corridors in each direction
# The kinds of governance that are bodies or agreements between the pair (the rest are instruments)
PAIR_KINDS = ("rcp", "mobility", "bla")


def stock_year_on(on: dt.date) -> int | None:
    """The latest stock year on or before ``on`` (None before the first, 1990)."""
    found = [year for year in stock_years() if year <= on.year]
    return found[-1] if found else None


def is_area(code: str) -> bool:
    """Whether UN DESA's tables have the country as an area (of origin or destination)."""
    return code in area_codes()


def _pair_table(state: queries.CoverageState, origin: str, destination: str) -> pd.DataFrame:
    return state.rows(state.pairs.get((origin, destination))).sort_values("year")


def corridor_profile(origin: str, destination: str) -> dict[str, Any] | None:
    """One corridor: per stock year, the stock by sex, each kind's state, each side's state for every instrument,
    and what is behind them (the bodies both belong to with their dates, the agreements signed by then); the World
    Bank/KNOMAD 2017 estimate beside it. None when UN DESA records no migrant from ``origin`` in ``destination``."""
    state = queries.coverage_state()
    table = _pair_table(state, origin, destination)
    if table.empty:
        return None
    years = [int(y) for y in table["year"]]
    rows = queries.LazyRows(table, queries.rows_as_corridors)
    detail = pair_governance(origin, destination, years, state.governance)
    records = []
    for record in rows[:]:
        records.append({**record, **detail[record["year"]]})
    return {
        "origin": origin,
        "destination": destination,
        "years": records,
        "worldbank_2017": worldbank_pairs().get((origin, destination)),
        "worldbank_2017_reverse": worldbank_pairs().get((destination, origin)),
        "reverse_exists": (destination, origin) in state.pairs,
        "kinds": queries.kind_titles(),
        "source_keys": [SOURCE_KEY, WORLDBANK_SOURCE_KEY],
    }


def pair_governance(
    origin: str, destination: str, years: Sequence[int], governance: cov.Governance
) -> dict[int, dict[str, Any]]:
    """Per year, the bodies both belong to on 1 July (``bodies``: RCPs, forums and mobility regimes, each side's
    membership dates as recorded) and the bilateral labour agreements signed by the end of the year
    (``agreements``; ``undated_agreements``: of unknown year, which make the state unknown). ``governance``: the
    records the coverage was computed from (``CoverageState.governance``)."""
    codes = {governance.stand_in.get((area, year), area) for area in (origin, destination) for year in years}
    wanted = {kind for kinds in cov.BODY_KINDS.values() for kind in kinds}
    slugs = {span.body for code in codes for span in governance.memberships.get(code, ()) if span.kind in wanted}
    names = dict(GovernanceBody.objects.filter(slug__in=slugs).values_list("slug", "name"))
    recorded: dict[tuple[str, str], tuple[str | None, str | None]] = {}
    for code, slug, start, end in Membership.objects.filter(
        country__code__in=codes, body__slug__in=slugs, role=Membership.Role.MEMBER
    ).values_list("country__code", "body__slug", "start", "end"):
        recorded[code, slug] = (start.iso() if start else None, end.iso() if end else None)
    agreements = list(
        Agreement.objects.filter(dataset="bla", party_a__code__in=codes, party_b__code__in=codes)
        .select_related("party_a", "party_b", "source")
        .order_by("signed", "key")
    )
    kind_of = {kind: name for name, kinds in cov.BODY_KINDS.items() for kind in kinds}
    out: dict[int, dict[str, Any]] = {}
    for year in years:
        a = governance.stand_in.get((origin, year), origin)
        b = governance.stand_in.get((destination, year), destination)
        on = cov.reference_day(year)
        held = {
            code: {s.body: s for s in governance.memberships.get(code, ()) if s.kind in wanted and s.holds_on(on)}
            for code in (a, b)
        }
        bodies = []
        for slug in sorted(set(held[a]) & set(held[b]), key=lambda s: names.get(s, s)):
            span = held[a][slug]
            bodies.append(
                {
                    "body": slug,
                    "name": names.get(slug, slug),
                    "kind": kind_of[span.kind],
                    "origin_member": _membership_dates(recorded, a, slug, held[a][slug]),
                    "destination_member": _membership_dates(recorded, b, slug, held[b][slug]),
                }
            )
        pair = {a, b}
        between = [g for g in agreements if {g.party_a.code, g.party_b.code} == pair and a != b]
        out[year] = {
            # a predecessor whose records hold for a side that year (Czechoslovakia for Czechia in 1990)
            "stand_in": {
                side: code
                for side, code, own in (("origin", a, origin), ("destination", b, destination))
                if code != own
            },
            "bodies": bodies,
            "agreements": [agreement_record(g) for g in between if g.signed and g.signed.first.year <= year],
            "undated_agreements": [agreement_record(g) for g in between if g.signed is None],
        }
    return out


def _membership_dates(
    recorded: dict[tuple[str, str], tuple[str | None, str | None]], code: str, slug: str, span: Any
) -> dict[str, Any]:
    """A side's membership: the dates as recorded (None: not known) and the day it counts from."""
    start, end = recorded.get((code, slug), (None, None))
    return {"country": code, "start": start, "end": end, "counted_from": span.start.isoformat()}


@dataclass(frozen=True)
class _CountryIndex:
    """Every country's corridors by direction and stock year, ready for its page: built once per coverage state
    (``queries.coverage_state``), so a page reads a few rows instead of filtering and grouping the table."""

    state: queries.CoverageState
    ordered: dict[str, np.ndarray]  # the coverage table's columns, largest first within a year (then origin, ...)
    positions: dict[tuple[str, str, int], np.ndarray]  # (side, country, year) → its rows of ``ordered``
    migrants: dict[tuple[str, str, int], int]
    counts: dict[tuple[str, str, int], np.ndarray]  # per kind (``cov.KINDS``): migrants covered, not, unknown
    fractions: dict[tuple[str, str, int], np.ndarray]  # the same as shares of the kind's migrants, rounded
    names: dict[str, tuple[str, str]]  # country → name and M49 code


_INDEX: Latest[_CountryIndex] = Latest()


def _country_index() -> _CountryIndex:
    state = queries.coverage_state()

    def build() -> _CountryIndex:
        ordered = state.table.sort_values(
            ["year", "total", "origin", "destination"], ascending=[False, False, True, True]
        )
        years = ordered["year"].to_numpy()
        totals = ordered["total"].to_numpy(dtype=np.float64)  # sums stay exact below 2**53
        positions: dict[tuple[str, str, int], np.ndarray] = {}
        migrants: dict[tuple[str, str, int], int] = {}
        counts: dict[tuple[str, str, int], np.ndarray] = {}
        fractions: dict[tuple[str, str, int], np.ndarray] = {}
        slots = {cov.COVERED: 0, cov.NOT_COVERED: 1, cov.UNKNOWN: 2}
        kind_slots = {
            kind: np.select([ordered[kind].to_numpy() == value for value in slots], list(slots.values()), default=2)
            for kind in cov.KINDS
        }
        for side in ("origin", "destination"):
            codes = ordered[side].astype(str).to_numpy()
            groups = pd.DataFrame({"code": codes, "year": years}).groupby(["code", "year"], sort=False).indices
            keys = np.empty(len(ordered), dtype=np.int64)
            names = []
            for number, ((code, year), rows) in enumerate(groups.items()):
                key = (side, str(code), int(year))
                positions[key] = np.asarray(rows)
                keys[rows] = number
                names.append(key)
            slots_count = 3 * len(names)
            sums = np.stack(
                [
                    np.rint(np.bincount(keys * 3 + kind_slots[kind], weights=totals, minlength=slots_count))
                    .astype("int64")
                    .reshape(-1, 3)
                    for kind in cov.KINDS
                ],
                axis=1,
            )  # (side, country, year) x kind x (covered, not covered, unknown)
            kind_totals = sums.sum(axis=2, keepdims=True)
            shares = np.round(sums / np.where(kind_totals > 0, kind_totals, 1), 4)  # as coverage_shares rounds them
            counted = np.bincount(keys, weights=totals, minlength=len(names))
            for number, key in enumerate(names):
                migrants[key] = int(counted[number])
                counts[key] = sums[number]  # a few numbers, not a dict per kind: records are made per request
                fractions[key] = shares[number]
        names = {c: (n, m or "") for c, n, m in Country.objects.values_list("code", "name", "m49")}
        return _CountryIndex(state, queries.column_arrays(ordered), positions, migrants, counts, fractions, names)

    return _INDEX.get(id(state), build)  # the index holds the state: its id is not reused while it is kept


def _shares(counts: np.ndarray, fractions: np.ndarray) -> list[dict[str, Any]]:
    """The shares by kind, as ``cov.coverage_shares`` gives them, from a ``_CountryIndex``'s counts and fractions."""
    records = []
    for kind, row, shares in zip(cov.KINDS, counts.tolist(), fractions.tolist(), strict=True):
        covered, not_covered, unknown = row
        total = covered + not_covered + unknown
        if total <= 0:  # a kind without migrants: as coverage_shares, left out
            continue
        records.append(
            {
                "kind": kind,
                "migrants": total,
                "covered": covered,
                "not_covered": not_covered,
                "unknown": unknown,
                "share_covered": shares[0],
                "share_not_covered": shares[1],
                "share_unknown": shares[2],
            }
        )
    return records


def _direction(index: _CountryIndex, side: str, code: str, year: int) -> dict:
    """A country's corridors in one direction (``side``: the column holding the country) in one year."""
    rows = index.positions.get((side, code, year))
    partner = "destination" if side == "origin" else "origin"
    if rows is None:
        return {"migrants": 0, "corridors": 0, "shares": [], "top": []}
    top = []
    for record in queries.records_at(index.ordered, rows[:TOP_CORRIDORS]):
        other = record[partner]
        name, m49 = index.names.get(other, (other, ""))
        top.append({**record, "partner": other, "partner_name": name, "partner_m49": m49})
    return {
        "migrants": index.migrants[side, code, year],
        "corridors": len(rows),
        "shares": _shares(index.counts[side, code, year], index.fractions[side, code, year]),
        "top": top,
    }


def country_corridors(country: Country, on: dt.date) -> dict[str, Any]:
    """A country page's section: in the latest stock year on or before ``on``, its largest emigration and
    immigration corridors with their coverage, and the shares of its emigrants and immigrants (in corridors between
    areas) covered, not covered and of unknown coverage by each kind."""
    year = stock_year_on(on)
    section: dict[str, Any] = {"year": year, "area": is_area(country.code), "source": SOURCE_KEY}
    if year is None or not section["area"]:
        return {**section, "emigrants": None, "immigrants": None}
    index = _country_index()
    return {
        **section,
        "emigrants": _direction(index, "origin", country.code, year),
        "immigrants": _direction(index, "destination", country.code, year),
    }


def coverage_summary(year: int) -> dict[str, Any]:
    """The global page: shares by kind for the world, by development group and by region pair in ``year``; every
    stock year for the world (the trend); the largest corridors no kind is known to cover."""
    table = queries.coverage_table()
    areas = area_table()
    this_year = table[table["year"] == year]
    world = plain_records(cov.coverage_shares(table, areas, "world"))
    groups = plain_records(cov.coverage_shares(this_year, areas, "development-group"))
    regions = plain_records(cov.coverage_shares(this_year, areas, "region"))
    return {
        "year": year,
        "world": world,
        "development_groups": groups,
        "regions": regions,
        "uncovered": largest_uncovered(this_year),
        "reconciliation": next(r for r in queries.reconciliation() if r["year"] == year),
        "classification": classification(),
    }


def largest_uncovered(rows: pd.DataFrame, most: int = 20) -> list[dict[str, Any]]:
    """The largest corridors that no kind of governance is known to cover (every kind not covered or unknown),
    with how many kinds are unknown: a corridor with an unknown kind may be covered."""
    states = rows[list(cov.KINDS)].to_numpy()
    mask = (states != cov.COVERED).all(axis=1)
    found = rows[mask].assign(unknown_kinds=(states[mask] == cov.UNKNOWN).sum(axis=1))
    found = found.sort_values(["total", "origin", "destination"], ascending=[False, True, True]).head(most)
    return [
        {
            "origin": str(r["origin"]),
            "destination": str(r["destination"]),
            "year": int(r["year"]),
            "migrants": int(r["total"]),
            "unknown_kinds": [k for k in cov.KINDS if int(r[k]) == cov.UNKNOWN],
        }
        for r in found.to_dict("records")
    ]


def classification() -> dict[str, Any]:
    """South and North as the UN DESA workbook's annex classes the areas (kept as data in the areas file), and the
    SDG regions."""
    areas = area_table()
    north = areas[areas["development_group"] == "north"]
    return {
        "north": sorted(north["code"]),
        "south_count": int((areas["development_group"] == "south").sum()),
        "regions": sorted(set(areas["sdg_region"]) - {""}),
        "source": SOURCE_KEY,
        "file": "migrights/data/corridors/undesa-2019-areas.csv",
    }
