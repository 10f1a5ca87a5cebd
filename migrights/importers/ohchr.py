"""OHCHR treaty body database "Export to Excel" files (status of ratification).

The export (tbinternet.ohchr.org, indicators.ohchr.org) is not a real spreadsheet: it is an
HTML document named ``.xls`` holding one ``<table>``. Two layouts exist:

- ratification status: ``COUNTRY | Treaty Description | Treaty Name | Signature Date |
  Ratification Date, Accession(a), Succession(d) Date``;
- individual complaints procedures: ``COUNTRY | Treaty Description | Treaty Name |
  Acceptance of individual complaints procedures | <a date column>``;
- inquiry procedures: ``COUNTRY | Treaty Description | Treaty Name | Acceptance of inquiry
  procedure | <a date column>``.

Dates read ``05 Feb 2008`` followed by an optional suffix in parentheses: ``(a)`` accession,
``(d)`` succession, ``(A)`` acceptance, ``(AA)`` approval, ``(c)`` consent to be bound; no
suffix is a ratification (in the signature column, ``(d)`` is a succession to a signature).
In a complaints or inquiry file, ``Yes`` with a date (or a date alone) is a
``procedure-acceptance``; the article is taken from the Treaty Name when it names one
(``CMW - Art.77`` gives ``77``); an inquiry acceptance's note says so. ``Yes`` without a date
(OHCHR leaves the date out for some states, e.g. where an inquiry procedure applies unless the
state opts out) cannot make a dated fact: the row is reported as not loaded and the rest of the
file imports.

Each action's ``note`` is the publisher's Treaty Name of its row (followed by
``; succession to signature`` for a signature marked ``(d)``), so that a file covering several
treaties (a country's export) can be split; ``stated["treaty_names"]`` lists the Treaty Names
of the file, sorted and joined by ``"; "`` (``stated`` holds strings and numbers only).

Rows are numbered as a spreadsheet program shows them: the n-th ``<tr>`` of the table is
row n (the header is usually row 1). Empty rows and page furniture (notes, "Source: ..."
lines, a trailing single-cell row) are ignored and counted in ``stated["ignored_rows"]``.
A file that ends inside its table or before ``</html>`` (a truncated download) is a problem.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from migrights.importers.records import ParsedAction, ParseResult
from migrights.importers.textfiles import cut_short
from migrights.lib.dates import PartialDate

if TYPE_CHECKING:
    from lxml import etree

ENCODINGS = ("utf-8", "cp1252", "latin-1")

COUNTRY = "country"
DESCRIPTION = "treaty description"
TREATY = "treaty name"
SIGNATURE = "signature date"
# a prefix of "Ratification Date, Accession(a), Succession(d) Date"
RATIFICATION = "ratification date"
ACCEPTANCE = "acceptance of individual complaints procedures"  # a prefix
INQUIRY = "acceptance of inquiry procedure"  # a prefix ("...procedures" too)

# the consent column's suffixes; case matters: (a) accession, (A) acceptance
CONSENT_SUFFIXES = {
    "": "ratification",
    "a": "accession",
    "d": "succession",
    "A": "acceptance",
    "AA": "approval",
    "c": "consent",
}

_DATE = re.compile(
    r"^(?P<date>\d{1,2}\s+[A-Za-z]{3,9}\.?\s+\d{4})"
    r"\s*(?:\(\s*(?P<paren>[^()]*?)\s*\)|(?P<bare>[A-Za-z]{1,2}))?$"
)
_ARTICLE = re.compile(r"\bArt(?:icle)?\.?\s*(\d+[a-z]?)\b", re.IGNORECASE)
_FURNITURE = re.compile(
    r"^(?:source|sources|note|notes|\*|†|legend|disclaimer|status as (?:at|of)|as (?:at|of)\b|"
    r"date of (?:export|extraction|print)|exported|printed|generated|extracted|total\b|"
    r"copyright|©|https?://|www\.|\(a\)|\(d\)|a\s*=|d\s*=)",
    re.IGNORECASE,
)
_YES = {"yes", "accepted"}
_NO = {"no", "not accepted", "not party", "n/a", "-", "—"}


def decode(content: bytes) -> tuple[str, str]:
    """The text of the file and the encoding that read it: utf-8, else cp1252, else latin-1."""
    for encoding in ENCODINGS:
        try:
            text = content.decode(encoding)
        except UnicodeDecodeError:
            continue
        return text.removeprefix("\ufeff"), encoding
    raise AssertionError("latin-1 decodes any bytes")  # pragma: no cover


def _clean(text: str) -> str:
    return " ".join(text.replace("\xa0", " ").split())


def _key(header: str) -> str:
    return _clean(header).casefold()


def _cells(row: etree._Element) -> list[str]:
    """The texts of a row's cells, a cell spanning n columns giving n entries."""
    texts: list[str] = []
    for cell in _elements(row):
        texts.append(_clean(cell.text_content()))
        try:
            span = int(cell.get("colspan", "1"))
        except ValueError:
            span = 1
        texts.extend([""] * (max(span, 1) - 1))
    return texts


def _elements(row: etree._Element) -> list[etree._Element]:
    return row.xpath("./td|./th")


def _filled(cells: list[str]) -> list[str]:
    return [cell for cell in cells if cell]


def _furniture(cells: list[str]) -> bool:
    """A note, a source line, a legend: the first text of the row says so."""
    filled = _filled(cells)
    return bool(filled) and bool(_FURNITURE.match(filled[0]))


def read_date(text: str) -> tuple[PartialDate, str]:
    """``05 Feb 2008 (a)`` -> (the date, ``"a"``); ValueError if it is not such a date."""
    match = _DATE.match(text)
    if not match:
        raise ValueError(f"{text!r} is not a date written like '05 Feb 2008' or '05 Feb 2008 (a)'")
    suffix = match.group("paren")
    if suffix is None:
        suffix = match.group("bare") or ""
    try:
        date = PartialDate.parse_un(match.group("date").replace(".", ""))
    except ValueError:
        raise ValueError(f"{text!r} is not a valid date") from None
    return date, suffix


class _Columns:
    """Where each known column is; problems with the header are collected as reasons."""

    def __init__(self, headers: list[str]) -> None:
        self.headers = headers
        self.country = self.description = self.treaty = None
        self.signature = self.ratification = self.acceptance = self.acceptance_date = None
        self.procedure = "complaints"  # which procedure the acceptance column is about
        self.unknown: list[str] = []
        self.duplicate: list[str] = []
        for index, header in enumerate(headers):
            key = _key(header)
            if key == COUNTRY:
                attribute = "country"
            elif key == DESCRIPTION:
                attribute = "description"
            elif key == TREATY:
                attribute = "treaty"
            elif key == SIGNATURE:
                attribute = "signature"
            elif key.startswith(RATIFICATION):
                attribute = "ratification"
            elif key.startswith(ACCEPTANCE):
                attribute = "acceptance"
            elif key.startswith(INQUIRY):
                attribute = "acceptance"
                self.procedure = "inquiry"
            elif "date" in key:
                attribute = "acceptance_date"
            else:
                self.unknown.append(header)
                continue
            if getattr(self, attribute) is not None:
                self.duplicate.append(header)
            else:
                setattr(self, attribute, index)

    @property
    def layout(self) -> str | None:
        if self.signature is not None or self.ratification is not None:
            return "ratification"
        if self.acceptance is not None:
            return self.procedure
        return None


def _find_header(table: etree._Element) -> tuple[list[etree._Element], int | None]:
    rows = table.xpath("./tr|./thead/tr|./tbody/tr|./tfoot/tr")
    for position, row in enumerate(rows):
        if any(_key(text) == COUNTRY for text in _cells(row)):
            return rows, position
    return rows, None


def parse_ohchr_xls(content: bytes, file: str = "<xls>") -> ParseResult:
    """Parse an OHCHR treaty body database export (HTML named .xls) into actions and problems."""
    result = ParseResult(file=file)
    text, encoding = decode(content)
    result.stated["encoding"] = encoding
    if content.startswith((b"\xd0\xcf\x11\xe0", b"PK\x03\x04")):
        result.problem(None, None, "a binary Excel workbook, not the HTML export: not read")
        return result
    if "\x00" in text:
        line = text.count("\n", 0, text.index("\x00")) + 1
        result.problem(line, None, "a NUL byte (\\0) in the text: not the HTML export")
        return result
    # lxml refuses str input that carries an XML encoding declaration
    text = re.sub(r"^\s*<\?xml[^>]*\?>", "", text)
    if not text.strip():
        result.problem(None, None, "the file is empty")
        return result
    import lxml.html  # here: a server imports the importers without running them (3 MB)
    from lxml import etree

    try:
        document = lxml.html.document_fromstring(text)
    except (etree.ParserError, ValueError) as error:
        result.problem(None, None, f"not an HTML document: {error}")
        return result

    tables = document.xpath("//table")
    if not tables:
        result.problem(None, None, "no <table> in the file")
        return result
    truncated = cut_short(text)
    if truncated:
        result.problem(None, None, truncated)
    rows: list[etree._Element] = []
    header_position: int | None = None
    for table in tables:
        rows, header_position = _find_header(table)
        if header_position is not None:
            break
    if header_position is None:
        first = _find_header(tables[0])[0]
        seen = " | ".join(_cells(first[0]))[:200] if first else ""
        result.problem(
            1 if first else None,
            "COUNTRY",
            f"no header row with a COUNTRY column (the first row reads {seen!r}): nothing can be read",
        )
        return result

    header_row = header_position + 1
    columns = _Columns(_cells(rows[header_position]))
    for header in columns.unknown:
        result.problem(header_row, header or None, "unknown column header: the column is not read")
    for header in columns.duplicate:
        result.problem(header_row, header, "a second column with this header: ignored")
    layout = columns.layout
    if layout is None:
        result.problem(
            header_row,
            None,
            "neither 'Signature Date' / 'Ratification Date, ...' nor 'Acceptance of individual"
            " complaints procedures' / 'Acceptance of inquiry procedure' columns: nothing can be read",
        )
        return result
    if layout == "ratification" and columns.acceptance is not None:
        result.problem(
            header_row,
            columns.headers[columns.acceptance],
            "not read: a file has ratification or procedure-acceptance columns, not both",
        )
    if layout != "ratification" and columns.acceptance_date is None:
        result.problem(header_row, None, f"no date column next to the {layout} procedures")
    if columns.treaty is None:
        result.problem(header_row, "Treaty Name", "no Treaty Name column")

    data = [
        (position + 1, _cells(row), len(_elements(row)))
        for position, row in enumerate(rows)
        if position > header_position
    ]
    # the last row that looks like data: a lone text after it is furniture
    width = len(columns.headers)
    last_data = max(
        (number for number, cells, _ in data if len(_filled(cells)) >= 2 and not _furniture(cells)),
        default=0,
    )
    treaty_names: set[str] = set()
    ignored = 0
    for number, cells, elements in data:
        filled = _filled(cells)
        if not filled or _furniture(cells) or (len(filled) == 1 and number > last_data):
            ignored += 1
            continue
        if len(cells) != width or elements != width:
            result.problem(number, None, f"the row has {elements} cells, the header {width}: not read")
            continue
        country = cells[columns.country]
        if not country:
            result.problem(number, columns.headers[columns.country], "no country name: not read")
            continue
        treaty = cells[columns.treaty] if columns.treaty is not None else ""
        if columns.treaty is not None and not treaty:
            result.problem(number, columns.headers[columns.treaty], "no Treaty Name")
        if treaty:
            treaty_names.add(treaty)
        if layout == "ratification":
            _ratification_row(result, columns, number, cells, country, treaty)
        else:
            _acceptance_row(result, columns, number, cells, country, treaty)

    result.stated["treaty_names"] = "; ".join(sorted(treaty_names))
    result.stated["layout"] = layout
    result.stated["ignored_rows"] = ignored
    return result


def _ratification_row(
    result: ParseResult,
    columns: _Columns,
    number: int,
    cells: list[str],
    country: str,
    treaty: str,
) -> None:
    location = f"row {number}"
    if columns.signature is not None and cells[columns.signature]:
        header = columns.headers[columns.signature]
        try:
            date, suffix = read_date(cells[columns.signature])
        except ValueError as error:
            result.problem(number, header, str(error))
        else:
            if suffix in ("", "d"):
                note = treaty if suffix == "" else f"{treaty}; succession to signature"
                result.actions.append(ParsedAction(country, "signature", date, note=note, location=location))
            else:
                result.problem(number, header, f"unknown suffix ({suffix}) on a signature date")
    if columns.ratification is not None and cells[columns.ratification]:
        header = columns.headers[columns.ratification]
        try:
            date, suffix = read_date(cells[columns.ratification])
        except ValueError as error:
            result.problem(number, header, str(error))
            return
        action = CONSENT_SUFFIXES.get(suffix)
        if action is None:
            known = ", ".join(f"({s})" for s in CONSENT_SUFFIXES if s)
            result.problem(number, header, f"unknown suffix ({suffix}): known are {known}")
            return
        result.actions.append(ParsedAction(country, action, date, note=treaty, location=location))


def _acceptance_row(
    result: ParseResult,
    columns: _Columns,
    number: int,
    cells: list[str],
    country: str,
    treaty: str,
) -> None:
    assert columns.acceptance is not None
    header = columns.headers[columns.acceptance]
    answer = cells[columns.acceptance]
    date_text = cells[columns.acceptance_date] if columns.acceptance_date is not None else ""
    date_header = columns.headers[columns.acceptance_date] if columns.acceptance_date is not None else header
    accepted: bool | None
    if not answer:
        accepted = None
    elif answer.casefold() in _YES:
        accepted = True
    elif answer.casefold() in _NO:
        accepted = False
    else:
        # the answer cell may hold the date itself
        if date_text:
            result.problem(number, header, f"{answer!r} is not Yes or No")
            return
        accepted, date_text, date_header = True, answer, header
    if not date_text:
        if accepted:
            result.skip(number, date_header, "accepted, but OHCHR gives no date: a fact needs one, not loaded")
        return
    if accepted is False:
        result.problem(number, header, f"'No', yet a date is given: {date_text!r}")
        return
    try:
        date, suffix = read_date(date_text)
    except ValueError as error:
        result.problem(number, date_header, str(error))
        return
    if suffix:
        result.problem(
            number,
            date_header,
            f"a suffix ({suffix}) marks a way of becoming a party, not the acceptance of a procedure: not read",
        )
        return
    articles = tuple(_ARTICLE.findall(treaty))
    result.actions.append(
        ParsedAction(
            country,
            "procedure-acceptance",
            date,
            articles=articles,
            note=treaty if columns.procedure == "complaints" else f"{treaty}; inquiry procedure",
            location=f"row {number}",
        )
    )
