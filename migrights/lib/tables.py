"""Writing records as CSV and spreadsheet cells the same way everywhere (pages' twins, exports, downloads).

Spreadsheet formula injection (OWASP, "CSV injection"): a text cell starting with ``=``, ``@``, ``+``, ``-``,
a tab or a carriage return is read by a spreadsheet as a formula. Every text cell the observatory writes to
a CSV goes through ``neutralise`` (a ``'`` in front), and ``restore`` undoes it when the observatory reads its
own files back; numbers stay numbers. In XLSX, ``spreadsheet_row`` writes such text as a string cell with
the quote prefix (what a spreadsheet does itself when one types ``'=1+2``): it shows and reads back as typed.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Collection, Iterable, Sequence
from typing import Any, TextIO

# the engine's own cell rules, which every table of the observatory follows too
from migrights.indexengine.cells import FORMULA_STARTS as FORMULA_STARTS
from migrights.indexengine.cells import neutralise as neutralise
from migrights.indexengine.cells import neutralised_frame as neutralised_frame
from migrights.indexengine.cells import quoted
from migrights.indexengine.cells import restore as restore


def csv_cell(value: Any, numeric: bool = False) -> Any:
    """Booleans as true/false, lists joined by ``;``, missing as empty; text neutralised unless ``numeric``.

    Numbers (int, float, Decimal) are written as they are, negative ones included: only text is neutralised.
    A column declared numeric keeps its text cells too (a number that arrived as text, e.g. ``"-5"``).
    """
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        value = ";".join(map(str, value))
    if value is None:
        return ""
    if isinstance(value, str) and not numeric:
        return neutralise(value)
    return value


def write_csv(
    records: Iterable[dict[str, Any]],
    columns: Sequence[str],
    handle: TextIO,
    numeric: Collection[str] = (),
) -> None:
    """Write ``records`` (only ``columns``) as CSV; ``numeric`` columns are never neutralised."""
    writer = csv.DictWriter(handle, fieldnames=list(columns), extrasaction="ignore", lineterminator="\n")
    writer.writeheader()
    for record in records:
        writer.writerow({key: csv_cell(value, key in numeric) for key, value in record.items()})


def csv_field(text: str) -> str:
    """``text`` as the csv module writes it in a row of several fields (quoted when it holds a comma, a quote or a
    line break, its quotes doubled): the module itself decides, so the rule is exactly its own."""
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerow((text, ""))
    return buffer.getvalue()[:-2]  # the row less its empty second field and the line end


# what makes the csv module quote a field here (its delimiter, its quote character, a line break): a text without any
# is written as it is, so only the others are asked of the module (``csv_field``)
_QUOTED_IF = frozenset(',"\r\n')


def _field(text: str) -> str:
    """``csv_field(text)``, the csv module asked only about a text holding a character it might quote on."""
    return csv_field(text) if not _QUOTED_IF.isdisjoint(text) else text


def _column_texts(cells: Any) -> tuple[Any, list[str]]:
    """A column's distinct cells as the csv module writes them (``str``: a float as its ``repr``), each turned to
    text once (a long table repeats its codes, years and scores over its rows), and each row's position among
    them (-1: missing, written empty)."""
    import numpy as np
    import pandas as pd

    if cells.dtype.kind == "f":  # float64: by bit pattern, so -0.0 stays -0.0; NaN is missing
        values = cells.to_numpy(dtype="float64")
        codes, uniques = pd.factorize(values.view("i8"))
        codes[np.isnan(values)] = -1
        return codes, [repr(value) for value in uniques.view("f8").tolist()]
    try:
        codes, uniques = pd.factorize(cells)
    except TypeError:  # unhashable cells (lists): each written as it is
        texts = cells.astype(object).where(cells.notna(), "").map(str).tolist()
        return np.arange(len(texts)), texts
    return codes, [str(value) for value in uniques]


def write_frame_csv(frame: Any, handle: TextIO) -> None:
    """A pandas DataFrame whose cells are ready (text neutralised, booleans as ``true``/``false``) as CSV: missing
    as empty, numbers as Python writes them, fields quoted as the csv module quotes them (the same text as
    ``write_csv``). Each distinct cell is made text once; pyarrow assembles the rows (no Python object per cell:
    several times as fast as the csv module on hundreds of thousands of rows)."""
    import numpy as np
    import pyarrow as pa
    import pyarrow.compute as pc

    header = io.StringIO()
    csv.writer(header, lineterminator="\n").writerow(list(frame.columns))
    handle.write(header.getvalue())
    if len(frame) == 0:
        return
    fields = []
    last = len(frame.columns) - 1
    for n, name in enumerate(frame.columns):
        codes, texts = _column_texts(frame[name])
        cells = [*map(_field, texts), ""]  # the last: missing
        if last == 0:  # joined with nothing: the csv module would quote an empty field alone on its row
            cells = [cell or '""' for cell in cells]
        if n == last:  # the line end with the last field's distinct texts: the rows joined once
            cells = [f"{cell}\n" for cell in cells]
        written = pa.array(cells, pa.large_string())
        fields.append(written.take(pa.array(np.where(codes < 0, len(texts), codes))))
    lines = fields[0] if last == 0 else pc.binary_join_element_wise(*fields, pa.scalar(",", pa.large_string()))
    _, offsets, body = lines.buffers()
    bounds = np.frombuffer(offsets, dtype=np.int64)[lines.offset : lines.offset + len(lines) + 1]
    handle.write(body[int(bounds[0]) : int(bounds[-1])].to_pybytes().decode("utf-8"))


def spreadsheet_row(sheet: Any, values: Iterable[Any]) -> list[Any]:
    """A row for ``sheet.append`` (write-only or not) in which no text is a formula.

    Text starting like a formula becomes a string cell with the quote prefix: it shows and reads back as written.
    Other values are left to openpyxl, which keeps numbers as numbers and any other text as a string.
    """
    from openpyxl.cell import WriteOnlyCell

    row = []
    for value in values:
        if isinstance(value, str) and quoted(value):
            cell = WriteOnlyCell(sheet, value=value)
            cell.data_type = "s"  # openpyxl otherwise makes any text starting with "=" a formula
            cell.quotePrefix = True
            value = cell
        row.append(value)
    return row


def plain_records(frame: Any) -> list[dict[str, Any]]:
    """Rows of a pandas DataFrame as dictionaries of plain Python values (numpy scalars unboxed, NaN and other
    missing values as None), converted column by column rather than cell by cell."""
    import numpy as np

    names = [str(name) for name in frame.columns]
    columns = []
    for name in frame.columns:
        cells = frame[name]
        if isinstance(cells.dtype, np.dtype) and cells.dtype.kind == "f":
            values = cells.to_numpy()
            plain = values.astype(object)  # Python floats
            plain[np.isnan(values)] = None
        elif isinstance(cells.dtype, np.dtype) and cells.dtype.kind in "iub":
            plain = cells.to_numpy()  # tolist() gives Python ints and booleans
        else:  # text, categories, nullable numbers, objects
            plain = cells.to_numpy(dtype=object, na_value=None)
        columns.append(plain.tolist())
    return [dict(zip(names, row, strict=True)) for row in zip(*columns, strict=True)]
