"""The OHCHR treaty body database export parser, on hand-built export files."""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path

import pycountry
import pytest

from migrights.importers.ohchr import decode, parse_ohchr_xls, read_date
from migrights.lib.dates import PartialDate
from migrights.lib.paths import EMBEDDED_DATA_DIR

FILES = Path(__file__).parent / "files" / "ohchr"
OHCHR_NAMES = EMBEDDED_DATA_DIR / "names" / "ohchr.csv"
SPECIAL_CODES = {"CSHH", "SUHH", "YUCS", "DDDE", "YDYE", "CSXX", "EUU", "XKX"}
RATIFICATION_HEADER = "Ratification Date, Accession(a), Succession(d) Date"
ACCEPTANCE_HEADER = "Acceptance of individual complaints procedures"


def day(year: int, month: int, date: int) -> PartialDate:
    return PartialDate(dt.date(year, month, date))


def parse(name: str):
    return parse_ohchr_xls((FILES / name).read_bytes(), name)


def where(result):
    return [(p.row, p.column) for p in result.problems]


def facts(result):
    return [(a.participant, a.action, a.date, a.note) for a in result.actions]


# --- good files ----------------------------------------------------------------------------


def test_ratification_export():
    result = parse("cmw_ratification.xls")
    assert result.problems == []
    assert result.file == "cmw_ratification.xls"
    assert result.stated == {
        "encoding": "utf-8",
        "treaty_names": "CMW",
        "layout": "ratification",
        "ignored_rows": 4,  # an empty row, a Source line, a Note line, a Date of export line
    }
    assert facts(result) == [
        ("Albania", "accession", day(2007, 6, 5), "CMW"),
        ("Argentina", "signature", day(2004, 8, 10), "CMW"),
        ("Argentina", "ratification", day(2007, 2, 23), "CMW"),
        ("Bolivia (Plurinational State of)", "signature", day(1999, 8, 12), "CMW"),
        ("Bolivia (Plurinational State of)", "ratification", day(2000, 10, 16), "CMW"),
        ("Bosnia and Herzegovina", "accession", day(1996, 12, 13), "CMW"),
        ("Mexico", "signature", day(1991, 5, 22), "CMW"),
        ("Mexico", "ratification", day(1999, 3, 8), "CMW"),
        ("Philippines", "signature", day(1993, 11, 15), "CMW"),
        ("Philippines", "ratification", day(1995, 7, 5), "CMW"),
        ("Türkiye", "signature", day(1999, 1, 13), "CMW"),
        ("Türkiye", "ratification", day(2004, 9, 27), "CMW"),
    ]
    # the header is row 1: Albania is row 2, Türkiye row 10
    assert result.actions[0].location == "row 2"
    assert result.actions[-1].location == "row 10"


def test_country_export_in_cp1252_with_every_suffix():
    result = parse("country_cp1252.xls")
    assert result.problems == []
    assert result.stated["encoding"] == "cp1252"
    assert result.stated["treaty_names"] == "CAT; CCPR; CED; CEDAW; CMW; CRC; CRPD"
    assert {a.participant for a in result.actions} == {"Côte d'Ivoire"}
    by_treaty = {(a.note, a.action): a.date for a in result.actions}
    assert by_treaty == {
        ("CAT", "accession"): day(1995, 12, 18),  # (a)
        ("CCPR", "succession"): day(1992, 3, 26),  # (d)
        ("CRPD", "signature"): day(2007, 6, 7),
        ("CRPD", "ratification"): day(2014, 1, 10),  # no suffix
        ("CRC; succession to signature", "signature"): day(1990, 1, 26),  # (d) on a signature
        ("CRC", "acceptance"): day(1991, 2, 4),  # (A)
        ("CEDAW", "signature"): day(1980, 7, 17),
        ("CEDAW", "approval"): day(1995, 12, 18),  # (AA)
        ("CED", "consent"): day(2021, 2, 11),  # (c)
    }


def test_complaints_export():
    result = parse("complaints.xls")
    assert result.problems == []
    assert result.stated["layout"] == "complaints"
    assert result.stated["ignored_rows"] == 4
    assert result.stated["treaty_names"] == "CCPR-OP1; CERD - Art.14; CMW - Art.77"
    assert {a.action for a in result.actions} == {"procedure-acceptance"}
    got = [(a.participant, a.note, a.articles, a.date) for a in result.actions]
    assert got == [
        ("Ecuador", "CMW - Art.77", ("77",), day(2018, 6, 5)),
        ("El Salvador", "CMW - Art.77", ("77",), day(2015, 3, 17)),
        ("Guatemala", "CMW - Art.77", ("77",), day(2007, 9, 14)),
        ("Mexico", "CMW - Art.77", ("77",), day(2008, 9, 15)),
        ("Mexico", "CCPR-OP1", (), day(2002, 3, 15)),
        ("Mexico", "CERD - Art.14", ("14",), day(2002, 3, 15)),  # the date in the Yes/No cell
        ("Uruguay", "CMW - Art.77", ("77",), day(2012, 2, 11)),
    ]
    # "No" rows (Argentina, Philippines) give nothing and are no problem
    assert not {"Argentina", "Philippines"} & {a.participant for a in result.actions}


# --- broken files --------------------------------------------------------------------------


def test_bad_dates_and_bad_rows_are_reported_with_row_and_column():
    result = parse("bad_date.xls")
    assert where(result) == [
        (3, RATIFICATION_HEADER),  # 31 Feb 2005 (a)
        (4, "Signature Date"),  # 2004-08-10
        (5, RATIFICATION_HEADER),  # Jan 1999
        (6, RATIFICATION_HEADER),  # 24/08/2011
        (7, None),  # four cells under five headers
        (8, "COUNTRY"),  # no country
    ]
    assert "31 Feb 2005" in result.problems[0].reason
    # the good cells of the same rows and the good rows are still read
    assert [(a.participant, a.action) for a in result.actions] == [
        ("Albania", "accession"),
        ("Argentina", "ratification"),
        ("Bangladesh", "signature"),
        ("Mexico", "signature"),
        ("Mexico", "ratification"),
    ]
    assert result.stated["ignored_rows"] == 4


def test_missing_country_header():
    result = parse("missing_country.xls")
    assert result.actions == []
    assert where(result) == [(1, "COUNTRY")]
    assert "COUNTRY" in str(result.problems[0])


def test_unknown_suffixes():
    result = parse("unknown_suffix.xls")
    assert where(result) == [
        (3, RATIFICATION_HEADER),  # (x)
        (4, RATIFICATION_HEADER),  # (r)
        (5, "Signature Date"),  # (a) is no way to sign
        (6, RATIFICATION_HEADER),  # (aa): suffixes are case-sensitive
    ]
    assert "(x)" in result.problems[0].reason
    assert [(a.participant, a.action) for a in result.actions] == [
        ("Albania", "accession"),
        ("Chile", "signature"),
        ("Ghana", "ratification"),
    ]


def test_inquiry_export_leaves_out_acceptances_without_a_date():
    result = parse("cedaw_op_inquiry.xls")
    assert result.problems == []
    assert result.stated["layout"] == "inquiry"
    assert facts(result) == [
        ("Mexico", "procedure-acceptance", day(2002, 3, 15), "CEDAW-OP - Art.8; inquiry procedure"),
        ("Uruguay", "procedure-acceptance", day(2001, 5, 26), "CEDAW-OP - Art.8; inquiry procedure"),
    ]
    assert {a.articles for a in result.actions} == {("8",)}
    assert [str(p) for p in result.not_loaded] == [
        f"cedaw_op_inquiry.xls, row {row}, column 'Date of Acceptance': accepted, but OHCHR gives no date:"
        " a fact needs one, not loaded"
        for row in (3, 5)
    ]


def test_broken_complaints_answers():
    result = parse("complaints_broken.xls")
    # Yes without a date: left out with its reason, the rest of the file still imports
    assert [(p.row, p.column) for p in result.not_loaded] == [(3, "Date of Acceptance")]
    assert "no date" in result.not_loaded[0].reason
    assert where(result) == [
        (4, ACCEPTANCE_HEADER),  # No with a date
        (5, ACCEPTANCE_HEADER),  # neither Yes nor No
        (6, "Date of Acceptance"),  # (a) on an acceptance
    ]
    assert [(a.participant, a.action) for a in result.actions] == [("Guatemala", "procedure-acceptance")]


# --- small inline documents ----------------------------------------------------------------


def table(*rows: str, prefix: str = "") -> bytes:
    return (prefix + "<html><body><table>" + "".join(rows) + "</table></body></html>").encode()


HEADER = (
    "<tr><td>COUNTRY</td><td>Treaty Description</td><td>Treaty Name</td>"
    "<td>Signature Date</td><td>Ratification Date, Accession(a), Succession(d) Date</td></tr>"
)


def test_title_rows_before_the_header_count_as_rows():
    content = table(
        '<tr><td colspan="5">Status of Ratification</td></tr>',
        HEADER,
        "<tr><td>Chile</td><td>d</td><td>CMW</td><td>24 Sep 1993</td><td>21 Mar 2005</td></tr>",
    )
    result = parse_ohchr_xls(content)
    assert result.file == "<xls>"
    assert [(a.action, a.location) for a in result.actions] == [
        ("signature", "row 3"),
        ("ratification", "row 3"),
    ]


def test_xml_declaration_bom_nbsp_and_bare_suffix():
    content = b"\xef\xbb\xbf" + table(
        HEADER,
        "<tr><td>Chile\xa0</td><td>d</td><td>CMW</td><td></td><td>21\xa0Mar 2005 a</td></tr>",
        prefix='<?xml version="1.0" encoding="utf-8"?>\n',
    )
    result = parse_ohchr_xls(content)
    assert result.problems == []
    assert facts(result) == [("Chile", "accession", day(2005, 3, 21), "CMW")]


def test_unknown_header_and_latin1_fallback():
    content = table(
        HEADER.replace("</tr>", "<td>Remarks</td></tr>"),
        "<tr><td>S\xe3o Tom\xe9 and Pr\xedncipe</td><td>d</td><td>CMW</td><td>\x81</td><td></td><td></td></tr>",
    )
    content = content.decode().encode("latin-1")
    result = parse_ohchr_xls(content)
    assert result.stated["encoding"] == "latin-1"  # 0x81 is not cp1252
    assert where(result) == [(1, "Remarks"), (2, "Signature Date")]
    assert result.stated["ignored_rows"] == 0


def test_no_table_binary_workbook_and_empty_file():
    assert where(parse_ohchr_xls(b"<html><body><p>Error</p></body></html>")) == [(None, None)]
    assert "binary" in str(parse_ohchr_xls(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(50)).problems[0])
    assert where(parse_ohchr_xls(b"  \n")) == [(None, None)]


def test_header_without_known_date_columns():
    content = table("<tr><td>COUNTRY</td><td>Treaty Name</td></tr>", "<tr><td>Chile</td><td>CMW</td></tr>")
    result = parse_ohchr_xls(content)
    assert result.actions == []
    assert where(result) == [(1, None)]


def test_complaints_file_without_a_date_column():
    content = table(
        f"<tr><td>COUNTRY</td><td>Treaty Name</td><td>{ACCEPTANCE_HEADER}</td></tr>",
        "<tr><td>Mexico</td><td>CMW - Art.77</td><td>15 Sep 2008</td></tr>",
        "<tr><td>Chile</td><td>CMW - Art.77</td><td>Yes</td></tr>",
    )
    result = parse_ohchr_xls(content)
    assert where(result) == [(1, None)]
    assert [(p.row, p.column) for p in result.not_loaded] == [(3, ACCEPTANCE_HEADER)]
    assert [(a.participant, a.articles) for a in result.actions] == [("Mexico", ("77",))]


def test_furniture_in_the_middle_needs_a_furniture_word():
    content = table(
        HEADER,
        '<tr><td colspan="5">Zanzibar</td></tr>',
        '<tr><td colspan="5">Note: rows may be incomplete</td></tr>',
        "<tr><td>Chile</td><td>d</td><td>CMW</td><td>24 Sep 1993</td><td>21 Mar 2005</td></tr>",
        '<tr><td colspan="5">Printed from tbinternet.ohchr.org</td></tr>',
        "<tr><td>Anything at the end</td></tr>",
    )
    result = parse_ohchr_xls(content)
    assert where(result) == [(2, None)]  # a lone name before real rows is a bad row
    assert result.stated["ignored_rows"] == 3
    assert len(result.actions) == 2


@pytest.mark.parametrize(
    ("text", "date", "suffix"),
    [
        ("05 Feb 2008", day(2008, 2, 5), ""),
        ("05 Feb 2008 (a)", day(2008, 2, 5), "a"),
        ("5 Feb 2008(d)", day(2008, 2, 5), "d"),
        ("5 February 2008 ( AA )", day(2008, 2, 5), "AA"),
        ("05 Sept. 2008 c", day(2008, 9, 5), "c"),
        ("05 Feb 2008 (A)", day(2008, 2, 5), "A"),
    ],
)
def test_read_date(text, date, suffix):
    assert read_date(text) == (date, suffix)


@pytest.mark.parametrize("text", ["2008-02-05", "Feb 2008", "05 Fbr 2008", "30 Feb 2008", "05 Feb 08"])
def test_read_date_refuses(text):
    with pytest.raises(ValueError):
        read_date(text)


def test_decode():
    assert decode("Türkiye".encode()) == ("Türkiye", "utf-8")
    quote = "\u2019"  # a right single quotation mark, byte 0x92 in cp1252
    assert decode(f"Türkiye {quote}".encode("cp1252")) == (f"Türkiye {quote}", "cp1252")
    assert decode(b"\x81") == ("\x81", "latin-1")


# --- the name mapping ----------------------------------------------------------------------


def names():
    with OHCHR_NAMES.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        assert reader.fieldnames == ["name", "code", "note"]
        return list(reader)


UN_NAMES = {
    "Bolivia (Plurinational State of)": "BOL",
    "Türkiye": "TUR",
    "Turkiye": "TUR",
    "Turkey": "TUR",
    "Côte d'Ivoire": "CIV",
    "Cote d'Ivoire": "CIV",
    "Democratic People's Republic of Korea": "PRK",
    "Republic of Korea": "KOR",
    "State of Palestine": "PSE",
    "Holy See": "VAT",
    "Netherlands (Kingdom of the)": "NLD",
    "Netherlands": "NLD",
    "Micronesia (Federated States of)": "FSM",
    "Iran (Islamic Republic of)": "IRN",
    "Venezuela (Bolivarian Republic of)": "VEN",
    "United Kingdom of Great Britain and Northern Ireland": "GBR",
    "United Republic of Tanzania": "TZA",
    "Lao People's Democratic Republic": "LAO",
    "Congo": "COG",
    "Democratic Republic of the Congo": "COD",
    "Niger": "NER",
    "Nigeria": "NGA",
    "Guinea": "GIN",
    "Dominica": "DMA",
    "Sudan": "SDN",
    "South Sudan": "SSD",
    "Eswatini": "SWZ",
    "North Macedonia": "MKD",
    "Sao Tome and Principe": "STP",
    "São Tomé and Príncipe": "STP",
    "Viet Nam": "VNM",
    "Cook Islands": "COK",
    "Niue": "NIU",
}


def test_ohchr_names_file_is_sorted_unique_and_valid():
    rows = names()
    listed = [row["name"] for row in rows]
    assert listed == sorted(listed)
    assert len(set(listed)) == len(listed)
    for row in rows:
        assert row["name"] == row["name"].strip() and row["name"]
        if not row["code"]:
            assert row["note"], f"{row['name']}: an empty code needs a note saying why"
            continue
        assert row["code"] in SPECIAL_CODES or pycountry.countries.get(alpha_3=row["code"]), row


def test_ohchr_names_cover_every_un_member_and_observer():
    by_name = {row["name"]: row["code"] for row in names()}
    for name, code in UN_NAMES.items():
        assert by_name.get(name) == code, name
    codes = {code for code in by_name.values() if code}
    # 193 UN members, 2 observer States, and the Cook Islands and Niue
    assert len(codes) == 197


def test_fixture_names_are_all_mapped():
    by_name = {row["name"] for row in names()}
    for path in sorted(FILES.glob("*.xls")):
        result = parse_ohchr_xls(path.read_bytes(), path.name)
        assert {a.participant for a in result.actions} <= by_name, path.name
