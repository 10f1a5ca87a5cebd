"""Tests for the UNTC status-page parser, on hand-made fixtures and on the 18 real pages."""

from __future__ import annotations

import csv
import datetime as dt
from collections import defaultdict
from pathlib import Path

import pycountry
import pytest

from migrights.importers.records import ParsedAction, ParseResult
from migrights.importers.untc_csv import parse_untc_csv
from migrights.importers.untc_html import PREDECESSORS, find_articles, parse_untc_html
from migrights.lib.dates import PartialDate
from migrights.lib.status import parties_on, status_on

FILES = Path(__file__).parent / "files" / "untc"
NAMES_CSV = Path(__file__).resolve().parents[2] / "data" / "names" / "untc.csv"
STATUS_DATE = dt.date(2026, 2, 3)
PAGES = {
    "cerd": "IV-2",
    "icescr": "IV-3",
    "icescr_op": "IV-3-a",
    "iccpr": "IV-4",
    "iccpr_op1": "IV-5",
    "iccpr_op2": "IV-12",
    "cedaw": "IV-8",
    "cedaw_op": "IV-8-b",
    "cat": "IV-9",
    "cat_op": "IV-9-b",
    "crc": "IV-11",
    "crc_op_ac": "IV-11-b",
    "crc_op_sc": "IV-11-c",
    "crc_op_ic": "IV-11-d",
    "cmw": "IV-13",
    "crpd": "IV-15",
    "crpd_op": "IV-15-a",
    "ced": "IV-16",
}
# Problems accepted on the real pages, with the reason: none at present.
ACCEPTED_PROBLEMS: dict[str, list[str]] = {}
PREDECESSOR_NAMES = set(PREDECESSORS.values())


def d(text: str) -> dt.date:
    return dt.date.fromisoformat(text)


def by_participant(result: ParseResult) -> dict[str, list[ParsedAction]]:
    acts: dict[str, list[ParsedAction]] = defaultdict(list)
    for act in result.actions:
        acts[act.participant].append(act)
    return acts


def acts_of(result: ParseResult, participant: str, action: str | None = None):
    return [a for a in result.actions if a.participant == participant and (action is None or a.action == action)]


def fixture(name: str) -> ParseResult:
    return parse_untc_html((FILES / name).read_text(encoding="utf-8"), name)


# ---------------------------------------------------------------------------- fixtures


def test_good_fixture_reads_table_stated_and_notes():
    result = fixture("good.html")
    assert result.problems == []
    assert result.stated["signatories"] == 3
    assert result.stated["parties"] == 4
    assert result.stated["reference"] == "IV-13"
    assert result.stated["title"] == "Example Convention on Migrant Workers"
    assert result.stated["status_as_at"] == "2026-02-03"

    (ratification,) = acts_of(result, "Alphaland", "ratification")
    assert ratification.date == PartialDate.parse("1999-03-08")
    assert ratification.reservation and not ratification.declaration
    assert ratification.articles == ("92",)
    assert acts_of(result, "Gammaland", "accession")[0].date == PartialDate.parse("2007-06-05")
    assert acts_of(result, "Epsilonia", "acceptance")
    # succession to signature stays a signature, with a note
    (signature,) = acts_of(result, "Czech Republic", "signature")
    assert signature.note == "succession to signature"
    assert acts_of(result, "Czech Republic", "succession")


def test_good_fixture_denunciation_and_predecessor():
    result = fixture("good.html")
    (denunciation,) = acts_of(result, "Betaland", "denunciation")
    assert denunciation.date == PartialDate.parse("2015-02-02")
    assert denunciation.effective == PartialDate.parse("2015-05-02")
    acts = by_participant(result)
    assert status_on(acts["Betaland"], d("2010-01-01")).status == "party"
    assert status_on(acts["Betaland"], d("2015-03-01")).status == "party"
    assert status_on(acts["Betaland"], d("2015-05-02")).status == "denounced"
    # the predecessor named in the note referenced from "Czech Republic"
    assert [a.action for a in acts["Czechoslovakia"]] == ["signature", "ratification"]
    assert acts_of(result, "Czechoslovakia", "ratification")[0].reservation
    assert result.stated["predecessors"] == "Czechoslovakia"
    parties = parties_on({p: a for p, a in acts.items() if p not in PREDECESSOR_NAMES}, STATUS_DATE)
    assert len(parties) == result.stated["parties"]


def test_good_fixture_declarations_and_procedures():
    result = fixture("good.html")
    # declaration: articles of the instrument kept, an article of another text dropped
    (accession,) = acts_of(result, "Gammaland", "accession")
    assert accession.declaration and not accession.reservation
    assert accession.articles == ("15", "46")
    # the objections section is not read: Epsilonia made none of its own
    (acceptance,) = acts_of(result, "Epsilonia", "acceptance")
    assert not acceptance.reservation and not acceptance.declaration
    # a dated declaration recognising the Committee's competence
    (procedure,) = acts_of(result, "Alphaland", "procedure-acceptance")
    assert procedure.date == PartialDate.parse("2012-04-12")
    assert procedure.articles == ("77",)
    # a table column of declarations under articles
    (column,) = acts_of(result, "Gammaland", "procedure-acceptance")
    assert column.date == PartialDate.parse("2010-07-01")
    assert column.articles == ("76", "77")


def test_bad_date_is_a_problem_naming_row_and_column():
    result = fixture("bad_date.html")
    problem = result.problems[0]
    assert problem.row == 4
    assert problem.column == "Ratification, Accession(a), Succession(d)"
    assert "31 Foo 2007" in problem.reason and "Gammaland" in problem.reason
    assert not acts_of(result, "Gammaland", "accession")
    # the rest of the page is still read
    assert acts_of(result, "Alphaland", "ratification")


def test_unknown_suffix_is_a_problem_naming_row_and_column():
    result = fixture("bad_suffix.html")
    assert len(result.problems) == 1
    problem = result.problems[0]
    assert (problem.row, problem.column) == (6, "Ratification, Accession(a), Succession(d)")
    assert "'x'" in problem.reason
    assert "row 6" in str(problem)


def test_missing_table_is_a_problem():
    result = fixture("no_table.html")
    assert result.actions == []
    assert len(result.problems) == 1
    assert "tblgrid" in result.problems[0].reason
    assert result.stated["parties"] == 4  # what could be read is still read


def test_unreadable_note_and_bracket_without_exit_are_problems():
    text = (FILES / "good.html").read_text(encoding="utf-8")
    text = text.replace(
        "On 2 February 2015, the Government of Betaland notified the "
        "Secretary-General of its decision to denounce the Convention with "
        "effect from 2 May 2015.",
        "The Government of Betaland has denounced the Convention.",
    )
    result = parse_untc_html(text, "edited")
    where = {(p.row, p.column) for p in result.problems}
    assert ("end-note 1", "end-notes") in where
    assert (2, None) in where  # bracketed act with no denunciation found


def test_empty_and_non_html_input():
    assert parse_untc_html("", "empty").problems[0].reason == "empty file"
    assert parse_untc_html("<html><body><p>nothing</p></body></html>", "x").problems


def _good_with(edit) -> ParseResult:
    return parse_untc_html(edit((FILES / "good.html").read_text(encoding="utf-8")), "edited")


def _row(text: str, name: str) -> str:
    at = text.index(f">{name}")
    return text[text.rindex("<tr", 0, at) : text.index("</tr>", at) + len("</tr>")]


def test_a_page_cut_short_is_a_problem():
    text = (FILES / "good.html").read_text(encoding="utf-8")
    table = text.index("tblgrid")
    inside = parse_untc_html(text[: text.index("</table>", table)], "cut")
    assert any("ends inside its table" in p.reason for p in inside.problems)
    after = parse_untc_html(text[: text.rindex("</body>")], "cut")
    assert [p.reason for p in after.problems] == [
        "the file ends before the end of the page (no closing </html>): truncated?"
    ]


def test_stated_counts_must_match_the_table():
    result = _good_with(lambda t: t.replace(_row(t, "Epsilonia"), ""))
    reasons = [str(p) for p in result.problems]
    assert reasons == ["edited, participants table: the page states Parties: 4 but 3 were read from its table"]


def test_duplicate_rows_are_problems_identical_or_not():
    identical = _good_with(lambda t: t.replace(_row(t, "Gammaland"), _row(t, "Gammaland") * 2))
    assert [p.reason for p in identical.problems] == [
        "Gammaland: a second row for this participant, identical to row 4"
    ]
    conflicting = _good_with(
        lambda t: t.replace(_row(t, "Gammaland"), _row(t, "Gammaland") + _row(t, "Gammaland").replace("2007", "2008"))
    )
    assert [p.reason for p in conflicting.problems] == [
        "Gammaland: a second row for this participant, different from row 4"
    ]
    assert acts_of(conflicting, "Gammaland", "accession")[0].date == PartialDate.parse("2007-06-05")


def test_find_articles():
    assert find_articles("articles 2, 13 (a) and 16 (1) (c) and (f)") == ["2", "13", "16"]
    assert find_articles("article 21, paragraph 1 and article 22, paragraph 1") == ["21", "22"]
    assert find_articles("article 153 of the Basic Law and article 4") == ["4"]
    assert find_articles("the said articles [21 and 22]") == ["21", "22"]


# ---------------------------------------------------------------------------- real pages


@pytest.fixture(scope="module")
def pages(shared_data) -> dict[str, ParseResult]:
    folder = shared_data / "untc" / "2026-02-03"
    return {
        name: parse_untc_html((folder / f"{name}.html").read_text(encoding="utf-8"), f"{name}.html") for name in PAGES
    }


@pytest.mark.slow
@pytest.mark.parametrize("name", sorted(PAGES))
def test_real_page_counts_match_the_page(pages, name):
    result = pages[name]
    assert [str(p) for p in result.problems] == ACCEPTED_PROBLEMS.get(name, [])
    assert result.stated["reference"] == PAGES[name]
    acts = by_participant(result)
    current = {p: a for p, a in acts.items() if p not in PREDECESSOR_NAMES}
    assert len(parties_on(current, STATUS_DATE)) == result.stated["parties"]
    # UNTC "Signatories" counts every participant that signed, whether or not it later became
    # a party; a signature shown in brackets (the participant later denounced) is not counted.
    signed = {p for p, a in current.items() if any(x.action == "signature" and "brackets" not in x.note for x in a)}
    assert len(signed) == result.stated["signatories"]


@pytest.mark.slow
def test_real_names_are_all_mapped(pages, shared_data):
    with NAMES_CSV.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert rows and list(rows[0]) == ["name", "code", "note"]
    names = [row["name"] for row in rows]
    assert names == sorted(names) and len(set(names)) == len(names)
    special = {"PSE", "VAT", "EUU", "CSHH", "DDDE", "YUCS", "CSXX", "SUHH", "YDYE"}
    for row in rows:
        code = row["code"]
        if not code:
            assert row["note"], f"{row['name']}: an empty code needs a note"
        elif len(code) == 4:
            assert pycountry.historic_countries.get(alpha_4=code), row
        elif code not in special:
            assert pycountry.countries.get(alpha_3=code), row
    assert {r["name"]: r["code"] for r in rows}["Russian Federation"] == "RUS"
    mapped = set(names)
    used = {a.participant for result in pages.values() for a in result.actions}
    for path in sorted((shared_data / "untc" / "2014-10").glob("*.csv")):
        used |= {a.participant for a in parse_untc_csv(path.read_text(encoding="utf-8")).actions}
    assert used - mapped == set()


@pytest.mark.slow
def test_iccpr_op1_denunciations(pages):
    acts = by_participant(pages["iccpr_op1"])
    for state in ("Jamaica", "Trinidad and Tobago", "Belarus"):
        assert status_on(acts[state], STATUS_DATE).status == "denounced", state
        assert status_on(acts[state], d("1995-01-01")).status == "party", state
    assert status_on(acts["Jamaica"], d("1990-01-01")).status == "party"
    assert status_on(acts["Trinidad and Tobago"], d("1990-01-01")).status == "party"
    (jamaica,) = [a for a in acts["Jamaica"] if a.action == "denunciation"]
    assert jamaica.date == PartialDate.parse("1997-10-23")
    (belarus,) = [a for a in acts["Belarus"] if a.action == "denunciation"]
    assert belarus.effective == PartialDate.parse("2023-02-08")
    # Trinidad and Tobago denounced, re-acceded with a reservation, and denounced again
    tt = acts["Trinidad and Tobago"]
    assert [a.action for a in tt] == ["accession", "denunciation", "accession", "denunciation"]
    assert tt[2].reservation
    assert status_on(tt, d("1999-06-01")).status == "party"
    assert status_on(tt, d("2000-06-27")).status == "denounced"
    # Guyana denounced and re-acceded the same day: a party without a gap
    for day in ("1995-01-01", "1999-02-01", "1999-04-05", "1999-06-01", "2026-02-03"):
        assert status_on(acts["Guyana"], d(day)).status == "party", day


@pytest.mark.slow
def test_predecessors(pages):
    iccpr = pages["iccpr"]
    yugoslavia = {a.action: a.date.iso() for a in acts_of(iccpr, "former Yugoslavia")}
    assert yugoslavia == {"signature": "1967-08-08", "ratification": "1971-06-02"}
    assert {a.action for a in acts_of(iccpr, "Czechoslovakia")} == {"signature", "ratification"}
    assert acts_of(iccpr, "German Democratic Republic", "ratification")[0].reservation
    assert acts_of(pages["iccpr_op1"], "Czechoslovakia", "accession")[0].date.iso() == "1991-03-12"
    assert acts_of(pages["cerd"], "Yemen Arab Republic", "accession")
    # the DPRK's notification of withdrawal from the ICCPR has no effect in UN practice
    dprk = by_participant(iccpr)["Democratic People's Republic of Korea"]
    assert status_on(dprk, STATUS_DATE).status == "party"


@pytest.mark.slow
def test_declarations_reservations_and_procedures(pages):
    cmw = pages["cmw"]
    (algeria,) = acts_of(cmw, "Algeria", "accession") or acts_of(cmw, "Algeria")
    assert algeria.reservation and "92" in algeria.articles
    procedures = {a.participant: a for a in acts_of_kind(cmw, "procedure-acceptance")}
    assert procedures["Mexico"].date.iso() == "2008-09-15"
    assert procedures["Mexico"].articles == ("77",)
    assert procedures["Uruguay"].articles == ("77",)
    assert procedures["Guatemala"].articles == ("76", "77")
    assert "Türkiye" not in procedures  # it will recognise the competence "at a later time"
    cat = {a.participant: a for a in acts_of_kind(pages["cat"], "procedure-acceptance")}
    assert cat["Andorra"].articles == ("21", "22")
    assert cat["Finland"].articles == ("21", "22")
    assert cat["Azerbaijan"].articles == ("22",)
    cerd = acts_of_kind(pages["cerd"], "procedure-acceptance")
    assert {a.articles for a in cerd} == {("14",)}
    assert len({a.participant for a in cerd}) >= 55
    # undated declarations under articles take the date of the consent act
    (croatia,) = [a for a in acts_of_kind(pages["cat"], "procedure-acceptance") if a.participant == "Croatia"]
    assert croatia.date == acts_of(pages["cat"], "Croatia", "succession")[0].date


def acts_of_kind(result: ParseResult, action: str) -> list[ParsedAction]:
    return [a for a in result.actions if a.action == action]
