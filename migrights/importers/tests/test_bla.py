"""The bilateral labour agreements parser on small Stata files written here, and on the real ones."""

from __future__ import annotations

import io

import pandas as pd
import pytest

from migrights.importers.bla import parse_bla, us_date
from migrights.lib.dates import PartialDate

PROVISIONS = {"passport": "(14) Prohibition of Confiscation of Travel Documents", "wage_prot": "(12) Wage Protection"}


def stata(frame: pd.DataFrame, labels: dict[str, str] | None = None) -> bytes:
    buffer = io.BytesIO()
    frame.to_stata(buffer, write_index=False, variable_labels=labels or {}, version=118)
    return buffer.getvalue()


def formation(**changes) -> bytes:
    rows = {
        "treatyID": [1, 2, 3],
        "countryA": ["Philippines", "West Germany", "New Zealand"],
        "countryB": ["Qatar", "Yugoslavia", "Ireland"],
        "codeA": [840, 255, 920],
        "codeB": [694, 345, 205],
        "year": [2008, 1968, 9999],
        "datesigned": [" 3/10/2008", "10/12/1969", ""],
        "ratified": ["", "5/29/1970 or sooner", ""],
        "dataset_original": ["PHL", "CPW (2017)", ""],
    }
    rows.update(changes)
    return stata(pd.DataFrame(rows))


def coding(values=(1, 0), labels=PROVISIONS, treaty=1) -> bytes:
    frame = pd.DataFrame(
        {"treatyID": [treaty], "agreement_title": ['"Memorandum"'], "passport": [values[0]], "wage_prot": [values[1]]}
    )
    return stata(frame, labels)


def parse(formation_bytes=None, coding_bytes=None):
    return parse_bla(formation_bytes or formation(), "f.dta", coding_bytes or coding(), "c.dta", PROVISIONS)


def test_agreements_dates_and_coded_provisions():
    result = parse()
    assert result.problems == []
    first, second, third = result.agreements
    assert (first.name_a, first.name_b, first.signed, first.listed_in) == (
        "Philippines", "Qatar", PartialDate.parse("2008-03-10"), "PHL",
    )  # fmt: skip
    assert first.coded and first.provisions == ("passport",) and first.title == "Memorandum"
    assert not second.coded and second.provisions == ()
    # a signing date outside the year column keeps the year only; an unreadable ratification is a note
    assert second.signed == PartialDate.year(1968) and second.ratified is None
    assert "disagrees with the year 1968" in second.note and "5/29/1970 or sooner" in second.note
    assert [(p.row, p.column) for p in result.not_loaded] == [(2, "datesigned"), (2, "ratified")]
    # the year 9999 is unknown: no date at all
    assert third.year is None and third.signed is None and "9999" in third.note


def test_a_changed_label_means_a_changed_meaning_and_refuses_the_file():
    relabelled = {**PROVISIONS, "passport": "(14) Passport retained by the employer"}
    result = parse(coding_bytes=coding(labels=relabelled))
    assert [(p.file, p.column) for p in result.problems] == [("c.dta", "passport")]
    assert result.agreements == []


def test_bad_cells_name_file_row_and_column():
    result = parse(formation(year=[2008, 1968, 1850], datesigned=["31/31/2008", "", ""]), coding((2, 0), treaty=7))
    assert sorted((p.file, p.row, p.column) for p in result.problems) == [
        ("c.dta", 1, "passport"),
        ("c.dta", 1, "treatyID"),
        ("f.dta", 1, "datesigned"),
        ("f.dta", 3, "year"),
    ]


def test_us_dates():
    assert us_date(" 5/19/1947") == PartialDate.parse("1947-05-19")
    assert us_date("2/30/2001") is None and us_date("1947") is None


@pytest.mark.slow
def test_real_files(shared_file):
    from migrights.law.loading import agreement_provisions

    result = parse_bla(
        shared_file("bla/chilton-woda-2022/BLAs_Formation_Data.dta").read_bytes(),
        "formation",
        shared_file("bla/chilton-woda-2022/BLAs_Coding_Data.dta").read_bytes(),
        "coding",
        agreement_provisions(),
    )
    assert result.problems == []
    assert len(result.agreements) == 1222 and sum(a.coded for a in result.agreements) == 570
    unknown = [a for a in result.agreements if a.year is None]
    assert [(a.treaty_id, a.signed) for a in unknown] == [(1079, None)]
    assert len(result.not_loaded) == 9
