"""Coverage of corridors on small data: the three states stay apart, predecessors stand in, shares by group."""

from __future__ import annotations

import datetime as dt

import pandas as pd

from migrights.corridors import coverage as cov
from migrights.framework.commitments import Span

STOCKS = pd.DataFrame(
    [
        ("PHL", "SAU", 2019, 600),
        ("PHL", "SAU", 1990, 200),
        ("IDN", "MYS", 2019, 1000),
        ("MEX", "USA", 2019, 3000),
        ("CZE", "AUT", 1990, 50),
    ],
    columns=["origin", "destination", "year", "total"],
)
AREAS = pd.DataFrame(
    [
        ("PHL", "south", "ASIA"),
        ("SAU", "south", "WESTERN ASIA"),
        ("IDN", "south", "ASIA"),
        ("MYS", "south", "ASIA"),
        ("MEX", "south", "AMERICAS"),
        ("USA", "north", "AMERICAS"),
        ("CZE", "north", "EUROPE"),
        ("AUT", "north", "EUROPE"),
    ],
    columns=["code", "development_group", "sdg_region"],
)


def governance(**changes) -> cov.Governance:
    values = {
        "memberships": {
            "PHL": [Span("abu-dhabi-dialogue", "rcp", dt.date(2008, 1, 22))],
            "SAU": [Span("abu-dhabi-dialogue", "rcp", dt.date(2008, 1, 22))],
            "IDN": [Span("asean", "mobility-regime", dt.date(1967, 8, 8))],
            "MYS": [Span("asean", "mobility-regime", dt.date(1967, 8, 8), end=dt.date(2019, 6, 30))],
        },
        "agreements": [("SAU", "PHL", 2013), ("MYS", "IDN", None)],
        "knowledge": {
            ("PHL", "ICRMW", 2019): "party",
            ("SAU", "ICRMW", 2019): "none",
            ("IDN", "ICRMW", 2019): "party",
            ("MEX", "ICRMW", 2019): "party",
            ("USA", "ICRMW", 2019): "unknown",
            ("MEX", "CSR51", 2019): "party",
            ("USA", "CSR51", 2019): "party",
            ("CSHH", "ICRMW", 1990): "none",
        },
        "stand_in": {("CZE", 1990): "CSHH"},
    }
    values.update(changes)
    return cov.Governance(**values)


def states(frame: pd.DataFrame, origin: str, destination: str, year: int) -> dict[str, int]:
    row = frame[(frame.origin == origin) & (frame.destination == destination) & (frame.year == year)].iloc[0]
    return {kind: int(row[kind]) for kind in cov.KINDS} | {k: int(row[k]) for k in row.index if ":" in k}


def test_each_kind_is_read_on_the_stock_year_with_three_states():
    frame = cov.corridor_coverage(STOCKS, governance(), sides=True)
    gulf_2019, gulf_1990 = states(frame, "PHL", "SAU", 2019), states(frame, "PHL", "SAU", 1990)
    assert (gulf_2019["rcp"], gulf_2019["bla"], gulf_2019["ICRMW"]) == (cov.COVERED, cov.COVERED, cov.NOT_COVERED)
    assert (gulf_2019["ICRMW:origin"], gulf_2019["ICRMW:destination"]) == (cov.COVERED, cov.NOT_COVERED)  # a gap
    assert (gulf_1990["rcp"], gulf_1990["bla"]) == (cov.NOT_COVERED, cov.NOT_COVERED)  # before the process, the BLA
    assert gulf_1990["ICRMW"] == cov.UNKNOWN  # nothing known of 1990: unknown, not uncovered
    asean = states(frame, "IDN", "MYS", 2019)
    assert asean["mobility"] == cov.NOT_COVERED  # Malaysia's (invented) span ended before 1 July
    assert asean["bla"] == cov.UNKNOWN  # only an agreement of unknown year
    assert asean["ICRMW"] == cov.UNKNOWN  # Malaysia's status is not known
    americas = states(frame, "MEX", "USA", 2019)
    assert (americas["ICRMW"], americas["CSR51"]) == (cov.UNKNOWN, cov.COVERED)


def test_a_predecessor_stands_in_for_a_state_that_did_not_exist_yet():
    frame = cov.corridor_coverage(STOCKS, governance())
    assert states(frame, "CZE", "AUT", 1990)["ICRMW"] == cov.NOT_COVERED  # Czechoslovakia was known not bound
    without = cov.corridor_coverage(STOCKS, governance(stand_in={}))
    assert states(without, "CZE", "AUT", 1990)["ICRMW"] == cov.UNKNOWN


def test_shares_keep_unknown_apart_and_split_by_development_group():
    frame = cov.corridor_coverage(STOCKS[STOCKS.year == 2019], governance())
    shares = cov.coverage_shares(frame, AREAS, "development-group").set_index(["group", "kind"])
    south_south = shares.loc[("south-south", "ICRMW")]
    assert (south_south["migrants"], south_south["not_covered"], south_south["unknown"]) == (1600, 600, 1000)
    assert south_south["share_unknown"] == 0.625 and south_south["covered"] == 0
    assert shares.loc[("south-north", "CSR51")]["share_covered"] == 1.0
    world = cov.coverage_shares(frame, AREAS, "world")
    assert set(world["group"]) == {"world"} and world["migrants"].eq(4600).all()
    regions = cov.coverage_shares(frame, AREAS, "region")
    assert "ASIA → WESTERN ASIA" in set(regions["group"])
