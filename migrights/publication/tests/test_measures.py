"""The measures a visitor maps and ranks: scores of the current edition and core treaties ratified."""

from __future__ import annotations

import datetime as dt
import itertools

import pytest

from migrights.framework.commitments import Act
from migrights.lib.dates import PartialDate
from migrights.publication import measures
from migrights.publication.measures import CORE_TREATIES, TREATIES, find_measure, measure_rows, party_years

pytestmark = pytest.mark.django_db


def act(action: str, date: str) -> Act:
    return Act(action, PartialDate.parse(date))


def test_party_years_follow_the_status_rule():
    # ratified in 1995 (known by its year only: counts from 31 December), denounced in mid-2000, back in 2003
    acts = [act("ratification", "1995"), act("denunciation", "2000-06-01"), act("accession", "2003-02-01")]
    found = party_years(acts, range(1990, 2006), today=dt.date(2026, 1, 1))
    assert found == {1995, 1996, 1997, 1998, 1999, 2003, 2004, 2005}


def test_the_measures_list_dimensions_categories_and_treaties():
    keys = [m.key for m in measures.measures()]
    assert keys[:4] == ["overall", "commitment", "protection", "implementation"]
    assert "LAB" in keys and keys[-1] == TREATIES
    assert find_measure("nonsense") is None


def test_treaty_counts_cover_every_state_from_1990_and_agree_with_the_status_rule():
    measure = find_measure(TREATIES)
    rows = measure_rows(measure, 1990)
    by_code = {row["country"]: row for row in rows}
    # 1990: CRPD, CPED and ICRMW were not yet in force for anyone; the CRC had just opened
    assert max(row["value"] for row in rows) <= 6
    now = {row["country"]: row for row in measure_rows(measure, measures.latest_year())}
    assert len(now) >= 190 and all(0 <= row["value"] <= len(CORE_TREATIES) for row in now.values())
    statuses = measures.core_treaty_status(["MEX", "FRA"], measures.latest_year())
    for code in ("MEX", "FRA"):
        assert now[code]["value"] == sum(s["status"] == "party" for s in statuses[code].values())
    assert by_code["FRA"]["value"] < now["FRA"]["value"]  # France joined the CRPD and CPED later


def test_ties_share_a_rank_and_ranks_follow_values():
    rows = [r for r in measure_rows(find_measure(TREATIES), 2020) if not r["flagged"]]
    top = [r for r in rows if r["value"] == rows[0]["value"]]
    assert len(top) > 1 and {r["rank"] for r in top} == {1}
    assert rows[len(top)]["rank"] == len(top) + 1
    assert all(a["value"] >= b["value"] for a, b in itertools.pairwise(rows))


def test_flagged_scores_are_never_ranked():
    overall = measure_rows(find_measure("overall"), 2024)
    assert overall and all(row["flagged"] and row["rank"] is None for row in overall)
    commitment = measure_rows(find_measure("commitment"), 2024)
    ranked = [row for row in commitment if not row["flagged"]]
    assert ranked and all(row["rank"] and row["rank_low"] <= row["rank"] <= row["rank_high"] for row in ranked)
    assert all(row["low"] <= row["value"] <= row["high"] for row in ranked)


def test_the_default_measure_has_data_on_the_embedded_data():
    measure = measures.default_measure()
    assert measure.key == "commitment"  # no release yet: overall scores are withheld
    assert measures.series_for_map(measure)
