"""Tests for the parser of the 2014 CSV scrape of UNTC status tables."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from pathlib import Path

import pytest

from migrights.importers.untc_csv import parse_untc_csv
from migrights.lib.dates import PartialDate
from migrights.lib.status import parties_on

FILES = Path(__file__).parent / "files" / "untc"
# participants, parties at the end of 2015 (rows with a consent date; the scrape holds acts
# dated up to February 2015), participants with a signature
EXPECTED = {
    "5-2": (145, 145, 19),
    "5-3": (88, 86, 22),
    "5-4": (66, 63, 5),
    "5-5": (146, 146, 0),
    "18-12": (185, 179, 147),
    "18-12-a": (167, 159, 117),
    "18-12-b": (152, 138, 112),
}


def test_broken_csv_reports_row_and_column():
    result = parse_untc_csv((FILES / "broken.csv").read_text(encoding="utf-8"), "broken.csv")
    where = {(p.row, p.column) for p in result.problems}
    consent = "Ratification, Acceptance(A), Approval(AA), Accession(a), Succession(d)"
    assert (2, consent) in where  # bad date
    assert (3, consent) in where  # unknown suffix
    assert (5, "Signature") in where  # consent suffix in the signature column
    assert (6, None) in where  # wrong number of cells
    assert (7, "Participant") in where  # empty name
    assert len(result.problems) == 5
    good = {(a.participant, a.action, a.date.iso(), a.note) for a in result.actions}
    assert ("Alphaland", "signature", "2000-12-12", "") in good
    assert ("Alphaland", "ratification", "2002-08-21", "") in good
    assert ("Czech Republic", "signature", "1993-02-22", "succession to signature") in good
    assert ("Epsilonia", "approval", "2004-03-09", "") in good


def test_no_participant_column():
    result = parse_untc_csv("Country,Signature\nX,5 Jun 2007\n", "x.csv")
    assert result.problems[0].row == 0 and result.actions == []


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_real_files(shared_data, name):
    path = shared_data / "untc" / "2014-10" / f"{name}.csv"
    result = parse_untc_csv(path.read_text(encoding="utf-8"), path.name)
    assert result.problems == []
    acts = defaultdict(list)
    for act in result.actions:
        acts[act.participant].append(act)
    participants, parties, signed = EXPECTED[name]
    assert len(acts) == participants
    assert len(parties_on(acts, dt.date(2015, 12, 31))) == parties
    assert sum(any(a.action == "signature" for a in v) for v in acts.values()) == signed


def test_real_file_details(shared_data):
    folder = shared_data / "untc" / "2014-10"
    refugees = parse_untc_csv((folder / "5-2.csv").read_text(encoding="utf-8"))
    (afghanistan,) = [a for a in refugees.actions if a.participant == "Afghanistan"]
    assert (afghanistan.action, afghanistan.date) == ("accession", PartialDate.parse("2005-08-30"))
    assert any(a.action == "succession" and a.participant == "Algeria" for a in refugees.actions)
    protocol = parse_untc_csv((folder / "5-5.csv").read_text(encoding="utf-8"))
    assert not any(a.action == "signature" for a in protocol.actions)  # no signature column
    smuggling = parse_untc_csv((folder / "18-12-b.csv").read_text(encoding="utf-8"))
    actions = {a.action for a in smuggling.actions}
    assert {"signature", "ratification", "accession"} <= actions
