"""The Working Group reports' symbols read in public pages fill the recommendations of their review, and no other."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from migrights.documents import importing
from migrights.documents.importing import upr_rows
from migrights.documents.upr_reports import read_report_symbols, report_symbols
from migrights.importers.upr import ParsedUPR, Recommendation

SOURCE = SimpleNamespace(key="upr-info-2008-2014", licence="UPR Info: free use with attribution")
HEADER = "session,state,symbol,source,note\n"


def recommendation(state: str, session: int, row: int) -> Recommendation:
    return Recommendation("1-5.csv", row, state, "France", f"Text {row}.", "Accepted", 3, ("Migrants",), session)


def test_a_recommendation_of_a_review_with_a_read_symbol_carries_it_and_the_others_stay_without():
    parsed = ParsedUPR(recommendations=[recommendation("Philippines", 1, 2), recommendation("Afghanistan", 18, 3)])
    rows, problems = upr_rows(parsed, SOURCE)
    assert problems == []
    symbols = {row["state_under_review"]: row["symbol"] for _, row in rows}
    assert symbols == {"PHL": "A/HRC/8/28", "AFG": ""}  # AFG session 18: no page read, no symbol built
    assert all(row["url"] == "" for _, row in rows)


def test_the_committed_file_gives_each_review_one_symbol_read_with_its_page():
    symbols = report_symbols()
    assert symbols[(1, "PHL")] == "A/HRC/8/28"
    assert (13, "PHL") in symbols and symbols[(13, "PHL")] != symbols[(1, "PHL")]


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("1,XYZ,A/HRC/8/28,upr-report-1-phl,", "bad.csv row 3: state 'XYZ'"),
        ("1,PHL,A/HRC/WG.6/1/PHL/4,upr-report-1-phl,", "bad.csv row 3: symbol"),
        ("99,PHL,A/HRC/8/28,upr-report-1-phl,", "bad.csv row 3: session '99'"),
        ("1,PHL,A/HRC/8/28,from memory,", "bad.csv row 3: source 'from memory' is not a source of data/sources/"),
        ("1,PHL,A/HRC/8/28,,", "bad.csv row 3: source '' is not a source"),
        ("1,BHR,A/HRC/8/19,upr-report-1-bhr,", "bad.csv row 3: session 1 of BHR is already row 2"),
    ],
)
def test_a_bad_row_is_refused_naming_file_and_row(tmp_path, line, message):
    path = tmp_path / "bad.csv"
    path.write_text(HEADER + "1,BHR,A/HRC/8/19,upr-report-1-bhr,\n" + line + "\n", encoding="utf-8")
    with pytest.raises(ValueError, match="^" + message.replace("(", r"\(")):
        read_report_symbols(path)


def test_a_bad_symbols_file_refuses_the_import(monkeypatch):
    def refused():
        raise ValueError("upr-reports.csv row 7: symbol 'A/HRC/8' is not a Working Group report symbol")

    monkeypatch.setattr(importing, "report_symbols", refused)
    rows, problems = upr_rows(ParsedUPR(recommendations=[recommendation("Philippines", 1, 2)]), SOURCE)
    assert [p.reason for p in problems] == [
        "upr-reports.csv row 7: symbol 'A/HRC/8' is not a Working Group report symbol"
    ]
    assert rows[0][1]["symbol"] == ""
