"""The parsers of UPR Info's exports and of the General Comments corpus, on the real files (known values read)."""

from __future__ import annotations

from pathlib import Path

import pytest

from migrights.importers.general_comments import parse_general_comments
from migrights.importers.upr import ParsedUPR, parse_upr

UPR = "upr-info/sessions-1-20"
UPR_FILES = ("1-5.csv", "6-9.csv", "10-13.csv", "14-17.csv", "17-20.csv")


def test_a_mac_roman_export_with_cr_line_ends_is_read_row_by_row(shared_file):
    path = shared_file(f"{UPR}/1-5.csv")
    content = path.read_bytes()
    assert b"\r" in content and b"\n" not in content  # the quirk the parser must handle
    parsed = parse_upr(content, str(path))
    assert not parsed.problems
    assert parsed.rows_read == 6094
    first = parsed.recommendations[0]
    assert (first.state_under_review, first.recommending_state, first.response, first.action, first.session) == (
        "Afghanistan",
        "Austria",
        "Accepted",
        5,
        5,
    )
    assert first.issues == ("Rights of the Child", "Women's rights")
    assert first.text.startswith("Enact legislation and take effective measures to protect and promote women's")
    # Mac Roman letters decoded as letters (a UTF-8 read would fail on them)
    assert any("é" in r.text for r in parsed.recommendations)


@pytest.mark.slow
def test_the_five_files_hold_41066_rows_of_which_three_exact_repeats(shared_file):
    parsed = ParsedUPR()
    for name in UPR_FILES:
        path = shared_file(f"{UPR}/{name}")
        parse_upr(path.read_bytes(), str(path), into=parsed)
    assert parsed.rows_read == 41066 and not parsed.problems
    assert len(parsed.recommendations) == 41063
    repeats = sorted(str(p) for p in parsed.not_loaded)
    assert len(repeats) == 3 and "14-17.csv, row 6245: exact repeat of" in repeats[0]
    assert sum(1 for r in parsed.recommendations if "Migrants" in r.issues) == 1802
    # "&#40;Unknown&#41;": the source does not know the recommending State
    assert sum(1 for r in parsed.recommendations if r.recommending_state is None) == 9


def test_a_utf8_file_is_refused_not_read_as_mac_roman(tmp_path):
    content = b"To,To-Rgrp,To-Org,Text,From,From-Rgrp,From-Org,Response,Action,Issue,Session\r"
    content += "France,WEOG,EU,Ratify the ICRMW — now,Mexico,GRULAC,,Noted,5,Migrants,2\r".encode()
    parsed = parse_upr(content, "export.csv")
    assert [str(p) for p in parsed.problems] == [
        "export.csv: the file is UTF-8, not Mac Roman as UPR Info's exports are: read it with --encoding utf-8"
    ]
    assert len(parse_upr(content, "export.csv", encoding="utf-8").recommendations) == 1


def test_bad_cells_are_named_by_file_row_and_column():
    content = b"To,To-Rgrp,To-Org,Text,From,From-Rgrp,From-Org,Response,Action,Issue,Session\r"
    content += b"France,WEOG,EU,Ratify the ICRMW,Mexico,GRULAC,,Maybe,7,Migrants,two\r"
    problems = [str(p) for p in parse_upr(content, "export.csv").problems]
    assert problems == [
        "export.csv, row 2, column 'Response': 'Maybe' is not one of Accepted, Noted",
        "export.csv, row 2, column 'Action': '7' is not a UPR Info action category (1-5)",
        "export.csv, row 2, column 'Session': 'two' is not a session number",
    ]


def test_the_general_comments_corpus_is_read_paragraph_by_paragraph(shared_file):
    folder = shared_file("treaty-bodies/general-comments-2024/GC-info.json").parent
    parsed = parse_general_comments(folder)
    assert not parsed.problems
    assert (len(parsed.documents), len(parsed.paragraphs)) == (180, 6536)
    assert sum(1 for p in parsed.paragraphs if "Migrants" in p.labels) == 527
    gc2 = next(d for d in parsed.documents if d.symbol == "CMW/C/GC/2")
    assert (gc2.committees, gc2.year, gc2.adopted) == (("CMW",), 2013, "28 August 2013")
    joint = next(d for d in parsed.documents if d.symbol == "CRC/C/GC/22, CMW/C/GC/3")
    assert joint.committees == ("CRC", "CMW")
    # three paragraphs have no ID: their number is read from the text's start, and said so
    recovered = [p for p in parsed.paragraphs if p.note]
    assert len(recovered) == 3 and {p.number for p in recovered} == {"15", "49", "65"}
    # the index lists a file that is not there; json_new is an archive, not read
    assert [Path(str(p.file)).name for p in parsed.not_loaded] == ["GC-info.json"]
    assert "Annotated_CRC-GC18-Harmful.json" in str(parsed.not_loaded[0])
    assert any("json_new" in note for note in parsed.notes)


def test_a_paragraph_file_the_index_does_not_list_is_a_problem(tmp_path):
    (tmp_path / "json_data").mkdir()
    (tmp_path / "GC-info.json").write_text("[]", encoding="utf-8")
    (tmp_path / "json_data" / "Annotated_X.json").write_text('[{"ID": 1, "Labels": [], "Text": "x"}]')
    problems = [str(p) for p in parse_general_comments(tmp_path).problems]
    assert problems == [f"{tmp_path}/json_data/Annotated_X.json: a paragraph file GC-info.json does not list"]
