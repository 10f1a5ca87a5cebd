"""What governs each corridor, and the shares of migrants by kind of coverage: pure, vectorised (numpy/pandas).

A corridor is an (origin, destination) pair of areas with its migrant stock in a year (UN DESA, mid-year). For
each stock year the governance is read on 1 July of that year (the stocks are mid-year estimates):

- ``rcp``: both belong to a same regional consultative process or inter-regional forum on that day;
- ``mobility``: both belong to a same regional mobility regime on that day;
- ``bla``: a bilateral labour agreement between the two was signed by the end of that year (the agreements
  dataset records no terminations); an agreement of unknown year makes a pair without a dated one unknown;
- one column per instrument (``ICRMW``, ``ILO-C097``...): both are parties on that day.

Every kind has three states, never merged: ``COVERED`` (1), ``NOT_COVERED`` (0) and ``UNKNOWN`` (-1). For an
instrument a pair is not covered only when one side is known not to be bound (the data of that instrument is
complete on the day); a side whose status is unknown makes the pair unknown unless the other is known not bound.
Memberships are those the observatory records (a state not listed is not a member). Shares are of migrants in
corridors between areas: refugee figures are never added to them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from migrights.corridors.kinds import (  # the words, kept where the data package reads them without numpy work
    BODY_KINDS,
    COVERED,
    GROUPINGS,
    INSTRUMENTS,
    KIND_TITLES,
    KINDS,
    NOT_COVERED,
    STATE_NAMES,
    UNKNOWN,
)
from migrights.framework.commitments import Span

__all__ = [
    "BODY_KINDS",
    "COVERED",
    "GROUPINGS",
    "INSTRUMENTS",
    "KINDS",
    "KIND_TITLES",
    "NOT_COVERED",
    "STATE_NAMES",
    "UNKNOWN",
    "Governance",
    "corridor_coverage",
    "coverage_shares",
    "group_labels",
    "pair_states",
    "reference_day",
]

PARTY, NOT_BOUND = "party", ("none", "signatory", "denounced", "not-applicable")


def reference_day(year: int) -> dt.date:
    """The day a stock year's governance is read on: 1 July (UN DESA stocks are mid-year estimates)."""
    return dt.date(year, 7, 1)


@dataclass
class Governance:
    """What the computation reads, whatever stores it.

    ``memberships``: code → spans of the bodies it belongs to (``Span.kind`` the body's kind); ``agreements``:
    (party, party, year signed or None when unknown); ``knowledge``: (code, instrument, year) → the status on
    that year's reference day (``party``, ``none``, ``signatory``, ``denounced``, ``not-applicable`` or
    ``unknown``; missing means unknown); ``stand_in``: (area, year) → the code whose records hold for the area
    that year (a predecessor state before its successor existed: Czechoslovakia for Czechia in 1990).
    """

    memberships: Mapping[str, Sequence[Span]] = field(default_factory=dict)
    agreements: Sequence[tuple[str, str, int | None]] = ()
    knowledge: Mapping[tuple[str, str, int], str] = field(default_factory=dict)
    stand_in: Mapping[tuple[str, int], str] = field(default_factory=dict)


def _codes_for(areas: Sequence[str], year: int, governance: Governance) -> list[str]:
    return [governance.stand_in.get((area, year), area) for area in areas]


def _shared_body(codes: Sequence[str], kinds: Iterable[str], on: dt.date, governance: Governance) -> np.ndarray:
    """n x n: whether two areas belong to a same body of those kinds on the day."""
    wanted = set(kinds)
    bodies: dict[str, int] = {}
    pairs: list[tuple[int, int]] = []
    for i, code in enumerate(codes):
        for span in governance.memberships.get(code, ()):
            if span.kind in wanted and span.holds_on(on):
                pairs.append((i, bodies.setdefault(span.body, len(bodies))))
    matrix = np.zeros((len(codes), max(1, len(bodies))), dtype=np.int32)
    if pairs:
        rows, columns = zip(*pairs, strict=True)
        matrix[list(rows), list(columns)] = 1
    return (matrix @ matrix.T) > 0


def _agreement_matrix(codes: Sequence[str], year: int, governance: Governance) -> np.ndarray:
    index: dict[str, list[int]] = {}
    for i, code in enumerate(codes):
        index.setdefault(code, []).append(i)
    states = np.full((len(codes), len(codes)), NOT_COVERED, dtype=np.int8)
    undated = []
    for a, b, signed in governance.agreements:
        for i in index.get(a, ()):
            for j in index.get(b, ()):
                if signed is None:
                    undated.append((i, j))
                elif signed <= year:
                    states[i, j] = states[j, i] = COVERED
    for i, j in undated:
        if states[i, j] == NOT_COVERED:
            states[i, j] = states[j, i] = UNKNOWN
    return states


def _side_states(codes: Sequence[str], instrument: str, year: int, governance: Governance) -> np.ndarray:
    """Per area: 1 bound, 0 known not bound, -1 unknown."""
    knowledge = governance.knowledge
    out = np.full(len(codes), UNKNOWN, dtype=np.int8)
    for i, code in enumerate(codes):
        status = knowledge.get((code, instrument, year), "unknown")
        out[i] = COVERED if status == PARTY else NOT_COVERED if status in NOT_BOUND else UNKNOWN
    return out


def pair_states(origin: np.ndarray, destination: np.ndarray) -> np.ndarray:
    """Both bound → covered; one known not bound → not covered; otherwise unknown."""
    states = np.full(origin.shape, UNKNOWN, dtype=np.int8)
    states[(origin == COVERED) & (destination == COVERED)] = COVERED
    states[(origin == NOT_COVERED) | (destination == NOT_COVERED)] = NOT_COVERED
    return states


def corridor_coverage(stocks: pd.DataFrame, governance: Governance, *, sides: bool = False) -> pd.DataFrame:
    """``stocks`` (origin, destination, year, total...) with one int8 column per kind (1/0/-1); with ``sides``,
    also ``<instrument>:origin`` and ``<instrument>:destination`` (each side's own state: where one is bound
    and the other is not, the corridor has a gap)."""
    out = stocks.reset_index(drop=True).copy()
    areas = sorted(set(out["origin"].unique()) | set(out["destination"].unique()))  # not a Python loop over rows
    index = pd.Index(areas)
    origin_at = index.get_indexer(out["origin"])
    destination_at = index.get_indexer(out["destination"])
    years = out["year"].to_numpy()
    columns = {kind: np.full(len(out), UNKNOWN, dtype=np.int8) for kind in KINDS}
    side_columns = {
        f"{instrument}:{side}": np.full(len(out), UNKNOWN, dtype=np.int8)
        for instrument in INSTRUMENTS
        for side in ("origin", "destination")
    }
    for year in sorted(set(years.tolist())):
        rows = np.flatnonzero(years == year)
        o, d = origin_at[rows], destination_at[rows]
        codes = _codes_for(areas, int(year), governance)
        on = reference_day(int(year))
        for kind, body_kinds in BODY_KINDS.items():
            shared = _shared_body(codes, body_kinds, on, governance)
            columns[kind][rows] = np.where(shared[o, d], COVERED, NOT_COVERED)
        columns["bla"][rows] = _agreement_matrix(codes, int(year), governance)[o, d]
        for instrument in INSTRUMENTS:
            side = _side_states(codes, instrument, int(year), governance)
            columns[instrument][rows] = pair_states(side[o], side[d])
            side_columns[f"{instrument}:origin"][rows] = side[o]
            side_columns[f"{instrument}:destination"][rows] = side[d]
    for kind, values in columns.items():
        out[kind] = values
    if sides:
        for name, values in side_columns.items():
            out[name] = values
    return out


def group_labels(coverage: pd.DataFrame, areas: pd.DataFrame, by: str) -> pd.Series:
    """The group of each corridor: ``world``; ``south-north`` etc. (origin's development group, then the
    destination's, from the UN DESA annex); or ``origin region → destination region`` (SDG regions)."""
    keys, labels = _groups(coverage, areas, by)
    return pd.Series(np.asarray(labels, dtype=object)[keys], index=coverage.index, dtype=object)


def _groups(coverage: pd.DataFrame, areas: pd.DataFrame, by: str) -> tuple[np.ndarray, list[str]]:
    """Each corridor's group (``group_labels``) as its position among the groups' labels, first seen first (as
    ``pd.factorize`` numbers the labels), and the labels: each distinct area looked up and each pair of groups
    named once, not a label per corridor."""
    if by not in GROUPINGS:
        raise ValueError(f"by: one of {', '.join(GROUPINGS)}")
    if by == "world":
        return np.zeros(len(coverage), dtype=np.intp), ["world"] if len(coverage) else []
    column = "development_group" if by == "development-group" else "sdg_region"
    lookup = areas.set_index("code")[column]
    joiner = "-" if by == "development-group" else " → "
    sides = []
    for name in ("origin", "destination"):
        codes, areas_seen = pd.factorize(coverage[name].to_numpy(), use_na_sentinel=False)
        groups = pd.Series(areas_seen, dtype=object).map(lookup).fillna("unclassified").tolist()
        group_codes, group_names = pd.factorize(np.asarray(groups, dtype=object))
        sides.append((group_codes[codes], [str(group) for group in group_names]))
    (origin, origins), (destination, destinations) = sides
    width = max(len(destinations), 1)
    keys, pairs = pd.factorize(origin * width + destination)
    labels = [f"{origins[pair // width]}{joiner}{destinations[pair % width]}" for pair in pairs.tolist()]
    merged, unique = pd.factorize(np.asarray(labels, dtype=object))  # two pairs of groups named alike: one group
    return merged[keys], [str(label) for label in unique]


def coverage_shares(coverage: pd.DataFrame, areas: pd.DataFrame, by: str = "world") -> pd.DataFrame:
    """Per year, group and kind: migrants in the group's corridors and how many live in corridors covered,
    not covered and of unknown coverage, with the shares (of all migrants in the group's corridors)."""
    group_keys, group_names = _groups(coverage, areas, by)
    year_keys, years = pd.factorize(coverage["year"].to_numpy())
    keys = group_keys * len(years) + year_keys
    slots_count = len(years) * len(group_names)
    totals = coverage["total"].to_numpy(dtype=np.float64)  # sums stay exact below 2**53
    slots = {COVERED: 0, NOT_COVERED: 1, UNKNOWN: 2}
    sums = []
    for kind in KINDS:  # one array per kind, one table at the end (a table per kind is slow on small inputs)
        states = coverage[kind].to_numpy()
        slot = np.select([states == state for state in slots], list(slots.values()), default=2)
        sums.append(np.bincount(keys * 3 + slot, weights=totals, minlength=3 * slots_count).reshape(-1, 3))
    counts = np.rint(np.concatenate(sums)).astype("int64")
    table = pd.DataFrame(
        {
            "year": np.tile(np.tile(years, len(group_names)), len(KINDS)),
            "group": np.tile(np.repeat(np.asarray(group_names, dtype=object), len(years)), len(KINDS)),
            "kind": np.repeat(np.asarray(KINDS, dtype=object), slots_count),
            "order": np.repeat(np.arange(len(KINDS)), slots_count),
            "covered": counts[:, 0],
            "not_covered": counts[:, 1],
            "unknown": counts[:, 2],
        }
    )
    table["migrants"] = counts.sum(axis=1)
    table = table[table["migrants"] > 0]  # a year and group without any corridor
    for state in ("covered", "not_covered", "unknown"):
        table[f"share_{state}"] = (table[state] / table["migrants"]).round(4)
    table = table.sort_values(["year", "group", "order"]).reset_index(drop=True)
    columns = ["year", "group", "kind", "migrants", "covered", "not_covered", "unknown"]
    return table[[*columns, "share_covered", "share_not_covered", "share_unknown"]]
