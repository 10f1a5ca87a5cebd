"""Reading a source file's text: one set of checks for every text importer.

Pure Python; no Django. Each check raises :class:`UnreadableFile` carrying one
:class:`~migrights.importers.records.ParseProblem` (file, line, reason), so that a file that is
not what it claims to be is refused with a one-line reason instead of a traceback or a silent
change:

* :func:`decode_text`: UTF-8 (a byte-order mark is dropped); anything else is refused, naming
  the line of the first undecodable byte and the encoding the bytes look like (UTF-16,
  Windows-1252, or "another single-byte encoding"); a NUL byte is refused wherever it is;
* :func:`csv_rows`: CSV read in strict mode: a quote opened and never closed (which would
  otherwise swallow the following rows into one cell) or a stray quote is refused, naming the
  line where the row starts; for one-line-per-row tables, so is a cell spanning lines;
* :func:`cut_short`: an HTML page that ends inside a table or before ``</html>``.
"""

from __future__ import annotations

import codecs
import csv
import io
import re

from migrights.importers.records import ParseProblem

__all__ = ["UnreadableFile", "csv_rows", "cut_short", "decode_text"]


class UnreadableFile(ValueError):
    """A file refused as a whole, with the one problem that says why."""

    def __init__(self, problem: ParseProblem) -> None:
        super().__init__(str(problem))
        self.problem = problem


def _line_of(content: bytes, offset: int) -> int:
    return content.count(b"\n", 0, offset) + 1


def _looks_like(content: bytes) -> str:
    if content.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "UTF-16"
    try:
        content.decode("cp1252")
    except UnicodeDecodeError:
        return "another single-byte encoding (Latin-1, Mac Roman...)"
    return "Windows-1252"


def decode_text(content: bytes, file: str) -> str:
    """The text of a UTF-8 file; refuse another encoding (naming it) or a NUL byte."""
    if content.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        raise UnreadableFile(ParseProblem(file, 1, None, "the file is UTF-16 text, not UTF-8: save it as UTF-8"))
    try:
        text = content.decode("utf-8")
    except UnicodeDecodeError as error:
        line = _line_of(content, error.start)
        found = _looks_like(content)
        raise UnreadableFile(
            ParseProblem(
                file,
                line,
                None,
                f"not UTF-8: byte 0x{content[error.start]:02x} cannot be read; the file looks like "
                f"{found}: save it as UTF-8",
            )
        ) from None
    nul = text.find("\x00")
    if nul >= 0:
        line = text.count("\n", 0, nul) + 1
        raise UnreadableFile(ParseProblem(file, line, None, "a NUL byte (\\0) in the text: not a plain text file"))
    return text.removeprefix("\ufeff")


def csv_rows(text: str, file: str, *, multiline: bool = True) -> list[tuple[int, list[str]]]:
    """The rows of a CSV text with the line each starts on; refuse unbalanced quotes.

    ``multiline=False`` (publishers' tables, one line per row) also refuses a cell that spans
    lines: a quote closed on a later line has swallowed the rows in between.
    """
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    rows: list[tuple[int, list[str]]] = []
    start = 1
    while True:
        try:
            row = next(reader)
        except StopIteration:
            return rows
        except csv.Error as error:
            reason = (
                'a quoted cell is never closed (a missing ") and would swallow the rows after it'
                if "unexpected end of data" in str(error)
                else f"a stray quote: {error}"
            )
            raise UnreadableFile(ParseProblem(file, start, None, reason)) from None
        if not multiline and any("\n" in cell or "\r" in cell for cell in row):
            raise UnreadableFile(
                ParseProblem(
                    file,
                    start,
                    None,
                    f"a quoted cell runs on to line {reader.line_num}: a misplaced quote swallowed the rows between",
                )
            )
        rows.append((start, row))
        start = reader.line_num + 1


def cut_short(text: str, table: str | None = None) -> str | None:
    """Why an HTML page looks truncated, or None.

    ``table``: a regular expression matching the opening tag of the table that must be
    closed (default: the last ``<table``).
    """
    if table:
        opening = re.search(table, text, re.I)
    else:
        opening = None
        for opening in re.finditer(r"<table\b", text, re.I):  # noqa: B007 - keep the last one
            pass
    if opening and not re.search(r"</table\s*>", text[opening.end() :], re.I):
        return "the file ends inside its table (no closing </table>): truncated?"
    if not re.search(r"</html\s*>\s*$", text[-4096:], re.I):
        return "the file ends before the end of the page (no closing </html>): truncated?"
    return None
