"""Formula injection (OWASP "CSV injection"): text that starts like a formula is written inert, numbers stay numbers."""

from __future__ import annotations

import csv
import io
from decimal import Decimal

import pytest
from openpyxl import Workbook, load_workbook

from migrights.lib.tables import neutralise, neutralised_frame, restore, spreadsheet_row, write_csv

FORMULAS = ["=1+2", "@SUM(A1)", "+1", "-1+2", "\t=1", "\r=1", '=HYPERLINK("http://x","y")']
HARMLESS = ["", "plain", "Labor Code, art. 3", "'s-Hertogenbosch", "'", "1-2", "a=b", "+", "-", "'+"]


@pytest.mark.parametrize("text", FORMULAS)
def test_formula_like_text_gets_a_quote_in_front(text):
    assert neutralise(text) == "'" + text
    assert restore(neutralise(text)) == text


@pytest.mark.parametrize("text", HARMLESS)
def test_other_text_is_left_as_it_is(text):
    assert neutralise(text) == text == restore(text)


@pytest.mark.parametrize("text", ["'=1+2", "''-5", "'@x"])
def test_text_that_already_looks_neutralised_still_reads_back_exactly(text):
    assert neutralise(text) == "'" + text
    assert restore(neutralise(text)) == text


def test_csv_neutralises_text_but_not_numbers():
    buffer = io.StringIO()
    records = [{"text": "=1+2", "int": -3, "float": -2.5, "decimal": Decimal("-1.25"), "declared": "-5", "flag": True}]
    write_csv(records, ["text", "int", "float", "decimal", "declared", "flag"], buffer, numeric={"declared"})
    row = next(csv.DictReader(io.StringIO(buffer.getvalue())))
    assert row == {"text": "'=1+2", "int": "-3", "float": "-2.5", "decimal": "-1.25", "declared": "-5", "flag": "true"}


def test_a_frame_neutralises_its_text_columns_only():
    import pandas as pd

    frame = pd.DataFrame({"code": ["-1+2", "PHL"], "score": [-3.5, 2.0]})
    out = neutralised_frame(frame)
    assert list(out["code"]) == ["'-1+2", "PHL"] and list(out["score"]) == [-3.5, 2.0]
    assert list(frame["code"]) == ["-1+2", "PHL"]  # the caller's frame is not changed


@pytest.mark.parametrize("write_only", [True, False])
def test_workbook_text_is_never_a_formula(tmp_path, write_only):
    book = Workbook(write_only=write_only)
    sheet = book.create_sheet("t")
    sheet.append(spreadsheet_row(sheet, [*FORMULAS, -3, 2.5, "plain"]))
    book.save(tmp_path / "t.xlsx")
    cells = list(load_workbook(tmp_path / "t.xlsx")["t"][1])
    for cell, text in zip(cells, FORMULAS, strict=False):
        assert (cell.value, cell.data_type, cell.quotePrefix) == (text, "s", True)
    assert [(c.value, c.data_type) for c in cells[len(FORMULAS) :]] == [(-3, "n"), (2.5, "n"), ("plain", "s")]


def test_a_frame_is_written_as_the_csv_module_writes_its_rows():
    """``write_frame_csv`` (pyarrow joins the rows) gives the csv module's text: quoting, floats, missing cells."""
    import numpy as np
    import pandas as pd

    from migrights.lib.tables import write_frame_csv

    texts = ["x", 'say "no"', "a,b", "two\nlines", "cr\rhere", "", None, " space", "é", "x"]
    numbers = [1.5, -0.0, np.nan, 2.0, 1e20, 3.0, 0.1, 7.0, 1 / 3, 1.5]
    frame = pd.DataFrame({"text": texts, "number": numbers, "whole": pd.array(range(10), dtype="Int64")})
    written = io.StringIO()
    write_frame_csv(frame, written)
    expected = io.StringIO()
    writer = csv.writer(expected, lineterminator="\n")
    writer.writerow(["text", "number", "whole"])
    for text, number, whole in zip(texts, numbers, range(10), strict=True):
        writer.writerow(["" if text is None else text, "" if number != number else number, whole])
    assert written.getvalue() == expected.getvalue()

    # only a text holding a comma, a quote or a line break is asked of the csv module: any other it writes as it is
    odd = ["a\tb", "a\x0bb", "a\x1cb", "a\u2028b", "a\x85b", "'=1", "a;b", "\\", "#", "a ", " ", "x\r\ny"]
    written, expected = io.StringIO(), io.StringIO()
    write_frame_csv(pd.DataFrame({"text": odd, "other": odd}), written)
    csv.writer(expected, lineterminator="\n").writerows([["text", "other"], *([text, text] for text in odd)])
    assert written.getvalue() == expected.getvalue()

    alone = io.StringIO()
    write_frame_csv(pd.DataFrame({"text": ["x", "", None]}), alone)
    assert alone.getvalue() == 'text\nx\n""\n""\n'  # an empty field alone on its row is quoted, as csv does
    empty = io.StringIO()
    write_frame_csv(pd.DataFrame({"a": [], "b": []}), empty)
    assert empty.getvalue() == "a,b\n"
