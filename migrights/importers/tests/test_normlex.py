"""The NORMLEX comparative table parser, on the real ILO file and on small broken tables."""

from __future__ import annotations

import csv
from pathlib import Path

import pycountry
import pytest

from migrights.importers.normlex import instrument_code, parse_cell, parse_normlex_csv
from migrights.lib.dates import PartialDate
from migrights.lib.paths import EMBEDDED_DATA_DIR

ILO_NAMES = EMBEDDED_DATA_DIR / "names" / "ilo.csv"
FUNDAMENTAL = [
    "ILO-C087", "ILO-C098", "ILO-C029", "ILO-P029", "ILO-C105",
    "ILO-C100", "ILO-C111", "ILO-C138", "ILO-C182", "ILO-C155", "ILO-C187",
]  # fmt: skip
SPECIAL_CODES = {"CSHH", "SUHH", "YUCS", "DDDE", "YDYE", "CSXX", "EUU", "XKX"}


def year(value: int) -> PartialDate:
    return PartialDate.year(value)


def acts(result, participant):
    return [(a.action, a.date) for a in result.actions if a.participant == participant]


def where(result):
    """Each problem as (row, column)."""
    return [(p.row, p.column) for p in result.problems]


# --- the real file -------------------------------------------------------------------------


@pytest.fixture(scope="module")
def ilo_file(shared_file) -> Path:
    return shared_file("ilo/2026/ILO_Conventions.csv")


@pytest.fixture(scope="module")
def real(ilo_file: Path):
    return parse_normlex_csv(ilo_file.read_text(encoding="utf-8"), ilo_file.name)


def test_real_file_has_every_fundamental_instrument_and_no_problem(real):
    assert list(real) == FUNDAMENTAL
    for code, result in real.items():
        assert result.problems == [], code
        assert result.file == "ILO_Conventions.csv"
        assert result.stated["as_of"] == "2026-06-04"
        assert result.stated["rows"] == 187
        assert result.stated["column"].endswith(code.removeprefix("ILO-"))


def test_real_file_dates_are_years_only(real):
    for result in real.values():
        for action in result.actions:
            assert action.date.precision == "year"
            assert action.date.first.month == 1 and action.date.first.day == 1
            assert action.effective is None
            assert action.action in ("ratification", "denunciation")


def test_real_file_known_facts(real):
    assert acts(real["ILO-C087"], "Albania") == [("ratification", year(1957))]
    assert acts(real["ILO-C029"], "Sweden") == [("ratification", year(1931))]
    assert acts(real["ILO-P029"], "Malaysia") == [("ratification", year(2022))]
    assert acts(real["ILO-C087"], "Afghanistan") == []  # an empty cell
    assert acts(real["ILO-C105"], "Afghanistan") == [("ratification", year(1963))]
    # C182 is universally ratified
    assert len({a.participant for a in real["ILO-C182"].actions}) == 187


def test_real_file_denunciations(real):
    # the cells read "1958den.:1990" and "1965den.:1979" (line 102 and line 151)
    malaysia = [a for a in real["ILO-C105"].actions if a.participant == "Malaysia"]
    assert [(a.action, a.date) for a in malaysia] == [
        ("ratification", year(1958)),
        ("denunciation", year(1990)),
    ]
    assert {a.location for a in malaysia} == {"row 102"}
    assert acts(real["ILO-C105"], "Singapore") == [
        ("ratification", year(1965)),
        ("denunciation", year(1979)),
    ]
    denunciations = [
        (code, a.participant) for code, result in real.items() for a in result.actions if a.action == "denunciation"
    ]
    assert sorted(denunciations) == [("ILO-C105", "Malaysia"), ("ILO-C105", "Singapore")]


def test_real_file_locations_are_file_lines(real, ilo_file):
    lines = ilo_file.read_text(encoding="utf-8").splitlines()
    for action in real["ILO-C087"].actions:
        line = int(action.location.removeprefix("row "))
        assert lines[line - 1].startswith(action.participant.split(",")[0])


# --- the name mapping ----------------------------------------------------------------------


def read_names(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        assert reader.fieldnames == ["name", "code", "note"]
        return list(reader)


def test_ilo_names_cover_the_real_file_exactly(real, ilo_file):
    rows = read_names(ILO_NAMES)
    names = [row["name"] for row in rows]
    with ilo_file.open(encoding="utf-8", newline="") as handle:
        countries = [row["Country"] for row in csv.DictReader(handle)]
    assert len(countries) == 187
    assert sorted(names) == sorted(countries)
    participants = {a.participant for result in real.values() for a in result.actions}
    assert participants <= set(names)


def test_ilo_names_file_is_sorted_and_codes_are_valid():
    rows = read_names(ILO_NAMES)
    names = [row["name"] for row in rows]
    assert names == sorted(names)
    assert len(set(names)) == len(names)
    codes = [row["code"] for row in rows]
    assert len(set(codes)) == len(codes)  # one row per member State: no two share a code
    for row in rows:
        code = row["code"]
        if not code:
            assert row["note"], f"{row['name']}: an empty code needs a note saying why"
            continue
        assert code in SPECIAL_CODES or pycountry.countries.get(alpha_3=code), row
    by_name = {row["name"]: row["code"] for row in rows}
    assert by_name["Türkiye"] == "TUR"
    assert by_name["Côte d'Ivoire"] == "CIV"
    assert by_name["Netherlands (Kingdom of the)"] == "NLD"
    assert by_name["Cook Islands"] == "COK"
    assert by_name["Republic of Korea"] == "KOR"
    assert by_name["Congo"] == "COG"
    assert by_name["Democratic Republic of the Congo"] == "COD"
    assert by_name["Niger"] == "NER"


# --- cells and headers ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ("1957", [("ratification", 1957)]),
        (" 1957 ", [("ratification", 1957)]),
        ("1958den.:1990", [("ratification", 1958), ("denunciation", 1990)]),
        ("1958 den. : 1990", [("ratification", 1958), ("denunciation", 1990)]),
        ("1958 den.:1990", [("ratification", 1958), ("denunciation", 1990)]),
        (
            "1950den.:1960 1975",
            [("ratification", 1950), ("denunciation", 1960), ("ratification", 1975)],
        ),
        (
            "1950den.:1960; 1975den.:1990",
            [
                ("ratification", 1950),
                ("denunciation", 1960),
                ("ratification", 1975),
                ("denunciation", 1990),
            ],
        ),
    ],
)
def test_parse_cell(cell, expected):
    assert parse_cell(cell) == expected


@pytest.mark.parametrize(
    "cell",
    ["57", "195x", "19570", "1958den.:", "den.:1990", "1958den.:1990den.:1995", "1958 1960",
     "1990den.:1958", "ratified", "1958/1990"],
)  # fmt: skip
def test_parse_cell_refuses(cell):
    with pytest.raises(ValueError):
        parse_cell(cell)


@pytest.mark.parametrize(
    ("header", "code"),
    [
        ("Freedom_of_association_C087", "ILO-C087"),
        ("Forced_labour_P029", "ILO-P029"),
        ("C087", "ILO-C087"),
        ("P029", "ILO-P029"),
        ("C87", "ILO-C087"),
        ("c189", "ILO-C189"),
        ("Occupational_safety_and_health_C187", "ILO-C187"),
        ("Country", None),
        ("BUSINESS_DATE", None),
        ("Recommendation_R086", None),
        ("Notes", None),
        ("C0871", None),
    ],
)
def test_instrument_code(header, code):
    assert instrument_code(header) == code


# --- small tables --------------------------------------------------------------------------


def test_plain_headers_and_no_business_date():
    results = parse_normlex_csv("Country,C087,P029\nAlbania,1957,\nNiger,1961,2015\n")
    assert list(results) == ["ILO-C087", "ILO-P029"]
    assert "as_of" not in results["ILO-C087"].stated
    assert acts(results["ILO-P029"], "Niger") == [("ratification", year(2015))]
    assert all(not r.problems for r in results.values())


def test_bom_crlf_and_blank_lines_keep_file_line_numbers():
    text = "\ufeffCountry,C087,BUSINESS_DATE\r\nAlbania,1957,04-06-2026\r\n\r\nAngola,20x1,04-06-2026\r\n"
    results = parse_normlex_csv(text, "t.csv")
    result = results["ILO-C087"]
    assert result.stated["as_of"] == "2026-06-04"
    assert [a.location for a in result.actions] == ["row 2"]
    assert where(result) == [(4, "C087")]


BROKEN = """\
Country,Freedom_of_association_C087,Forced_labour_P029,Remarks,BUSINESS_DATE
Albania,1957,,x,04-06-2026
Algeria,19620,,,04-06-2026
Angola,2001,2030,,04-06-2026
Argentina,1960den.:,,,04-06-2026
Armenia,2006,1850,,04-06-2026
Australia,1973,1990den.:1958,,05-06-2026
Austria,1950,,
,1960,,,04-06-2026
Bahamas,2001,2015,,2026-06-04
Albania,1957,,,04-06-2026
"Bahrain
(Kingdom of)",, ratified ,,04-06-2026
Malaysia,,2022,,04-06-2026
"""


@pytest.fixture(scope="module")
def broken():
    return parse_normlex_csv(BROKEN, "broken.csv")


def test_broken_cells_are_reported_with_line_and_column(broken):
    c087, p029 = broken["ILO-C087"], broken["ILO-P029"]
    file_wide = [
        (1, "Remarks"),  # unknown header
        (7, "BUSINESS_DATE"),  # differs from the rows above
        (8, None),  # three cells instead of five
        (9, "Country"),  # no name
        (10, "BUSINESS_DATE"),  # not dd-mm-yyyy
        (11, "Country"),  # Albania again
    ]
    assert where(c087) == [
        *file_wide,
        (3, "Freedom_of_association_C087"),
        (5, "Freedom_of_association_C087"),
    ]
    assert where(p029) == [
        *file_wide,
        (4, "Forced_labour_P029"),  # after the BUSINESS_DATE year
        (6, "Forced_labour_P029"),  # before the ILO existed
        (7, "Forced_labour_P029"),  # years out of order
        (12, "Forced_labour_P029"),  # a word; the row starts on line 12, spans two lines
    ]
    assert all(p.file == "broken.csv" for p in c087.problems + p029.problems)
    assert "19620" in str(c087.problems[-2])
    assert str(c087.problems[0]).startswith("broken.csv, row 1, column 'Remarks': unknown column")


def test_broken_file_still_reads_good_cells(broken):
    c087, p029 = broken["ILO-C087"], broken["ILO-P029"]
    assert acts(c087, "Albania") == [("ratification", year(1957))]  # row 2 only, not row 11
    assert acts(c087, "Australia") == [("ratification", year(1973))]
    assert acts(p029, "Malaysia") == [("ratification", year(2022))]
    assert [a.location for a in p029.actions if a.participant == "Malaysia"] == ["row 14"]
    assert acts(c087, "Austria") == []  # a short row is not read at all
    assert c087.stated["as_of"] == "2026-06-04"


def test_duplicate_instrument_column():
    results = parse_normlex_csv("Country,C087,Freedom_of_association_C087\nAlbania,1957,1957\n")
    assert list(results) == ["ILO-C087"]
    assert where(results["ILO-C087"]) == [(1, "Freedom_of_association_C087")]


def test_empty_header_cell_is_a_problem():
    results = parse_normlex_csv("Country,C087,\nAlbania,1957,\n")
    assert where(results["ILO-C087"]) == [(1, "#3")]


@pytest.mark.parametrize(
    "text",
    ["", "Name,C087\nAlbania,1957\n", "Country,Notes\nAlbania,x\n", "Country,R086\nAlbania,\n"],
)
def test_unreadable_files_raise(text):
    with pytest.raises(ValueError):
        parse_normlex_csv(text, "x.csv")
