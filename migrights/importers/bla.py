"""Bilateral Labor Agreements (Chilton and Woda 2022): pure parsing of the formation and coding Stata files.

``BLAs_Formation_Data.dta`` lists every agreement (treaty id, the two countries by name and Correlates of War
code, year signed, date signed and ratified as ``M/D/YYYY`` text, the list it first appeared in);
``BLAs_Coding_Data.dta`` codes 570 of their texts on 0/1 variables whose meaning is the variable label stored in
the file: the parser checks those labels against the observatory's reading (a changed meaning refuses the file).

Quirks kept visible: the year 9999 is unknown (no date); a signing date whose year disagrees with the year
column keeps the year only; a ratification written otherwise than ``M/D/YYYY`` (``5/29/2007 or sooner``) has no
date and keeps its text in the note. The order of the two countries is the dataset's and means nothing.
"""

from __future__ import annotations

import datetime as dt
import io
import re
from collections.abc import Mapping
from dataclasses import dataclass, field

from migrights.importers.records import ParseProblem
from migrights.lib.dates import PartialDate

UNKNOWN_YEAR = 9999
FORMATION_COLUMNS = ("treatyID", "countryA", "countryB", "codeA", "codeB", "year", "datesigned", "ratified")
_US_DATE = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})$")


@dataclass(frozen=True)
class ParsedAgreement:
    treaty_id: int
    name_a: str
    name_b: str
    cow_a: int
    cow_b: int
    year: int | None  # None: unknown (9999 in the dataset)
    signed: PartialDate | None
    ratified: PartialDate | None
    listed_in: str  # dataset_original: "CPW (2017)", "Peters (2019)", "PHL" (Philippine government list) or ""
    coded: bool = False
    title: str = ""
    provisions: tuple[str, ...] = ()  # coded variables equal to 1
    note: str = ""
    row: int = 0


@dataclass
class BlaParse:
    formation_file: str
    coding_file: str
    agreements: list[ParsedAgreement] = field(default_factory=list)
    problems: list[ParseProblem] = field(default_factory=list)
    not_loaded: list[ParseProblem] = field(default_factory=list)


def _read_stata(content: bytes, file: str, problems: list[ParseProblem]) -> tuple[object, dict[str, str]] | None:
    import pandas as pd  # only when a file is read

    try:
        reader = pd.io.stata.StataReader(io.BytesIO(content))
        with reader:
            labels = reader.variable_labels()
            frame = reader.read(convert_categoricals=False)
    except (ValueError, OSError, UnicodeDecodeError) as error:
        problems.append(ParseProblem(file, None, None, f"not a readable Stata (.dta) file: {error}"))
        return None
    return frame, labels


def us_date(text: str) -> PartialDate | None:
    """``5/19/1947`` (month/day/year, spaces around) as a day; None when it is not written so."""
    match = _US_DATE.match(text.strip())
    if not match:
        return None
    month, day, year = (int(g) for g in match.groups())
    try:
        return PartialDate(dt.date(year, month, day), "day")
    except ValueError:
        return None


def _int(value: object) -> int | None:
    try:
        number = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return None
    return int(number) if number == number and number == int(number) else None


def parse_bla(
    formation: bytes, formation_file: str, coding: bytes, coding_file: str, provisions: Mapping[str, str]
) -> BlaParse:
    """Agreements with their coded provisions; rows are numbered from 1 as in the Stata data editor."""
    result = BlaParse(formation_file, coding_file)
    read = _read_stata(formation, formation_file, result.problems)
    coded_read = _read_stata(coding, coding_file, result.problems)
    if read is None or coded_read is None:
        return result
    frame, _ = read
    coded_frame, labels = coded_read
    missing = [c for c in FORMATION_COLUMNS if c not in frame.columns]  # type: ignore[attr-defined]
    result.problems += [ParseProblem(formation_file, None, c, "required column is missing") for c in missing]
    for name, meaning in provisions.items():
        if name not in coded_frame.columns:  # type: ignore[attr-defined]
            result.problems.append(ParseProblem(coding_file, None, name, "required column is missing"))
        elif labels.get(name, "").strip() != meaning:
            result.problems.append(
                ParseProblem(
                    coding_file,
                    None,
                    name,
                    f"its label reads {labels.get(name, '')!r}, not {meaning!r}: has the meaning changed? "
                    "Check the codebook and migrights/data/law/variables.yaml",
                )
            )
    if result.problems:
        return result
    coded = _coded(coded_frame, coding_file, provisions, result)
    seen: dict[int, int] = {}
    for number, record in enumerate(frame.to_dict("records"), start=1):  # type: ignore[attr-defined]
        agreement = _agreement(record, number, formation_file, coded, result)
        if agreement is None:
            continue
        if agreement.treaty_id in seen:
            result.problems.append(
                ParseProblem(formation_file, number, "treatyID", f"repeats row {seen[agreement.treaty_id]}")
            )
            continue
        seen[agreement.treaty_id] = number
        result.agreements.append(agreement)
    for treaty_id, (row, _title, _present) in sorted(coded.items()):
        if treaty_id not in seen:
            result.problems.append(
                ParseProblem(coding_file, row, "treatyID", f"{treaty_id} is not an agreement of the formation file")
            )
    return result


def _coded(
    frame: object, file: str, provisions: Mapping[str, str], result: BlaParse
) -> dict[int, tuple[int, str, tuple[str, ...]]]:
    """treaty id → (row, title, provisions equal to 1); every other value than 0 or 1 is a problem."""
    coded: dict[int, tuple[int, str, tuple[str, ...]]] = {}
    for number, record in enumerate(frame.to_dict("records"), start=1):  # type: ignore[attr-defined]
        treaty_id = _int(record.get("treatyID"))
        if treaty_id is None:
            result.problems.append(ParseProblem(file, number, "treatyID", "a treaty id is required"))
            continue
        present = []
        for name in provisions:
            value = _int(record.get(name))
            if value not in (0, 1):
                result.problems.append(ParseProblem(file, number, name, f"{record.get(name)!r} is not 0 or 1"))
            elif value == 1:
                present.append(name)
        if treaty_id in coded:
            result.problems.append(ParseProblem(file, number, "treatyID", f"repeats row {coded[treaty_id][0]}"))
            continue
        title = str(record.get("agreement_title") or "").strip().strip('"').strip()
        coded[treaty_id] = (number, title, tuple(present))
    return coded


def _agreement(
    record: dict[str, object],
    number: int,
    file: str,
    coded: dict[int, tuple[int, str, tuple[str, ...]]],
    result: BlaParse,
) -> ParsedAgreement | None:
    treaty_id, year = _int(record["treatyID"]), _int(record["year"])
    cow_a, cow_b = _int(record["codeA"]), _int(record["codeB"])
    bad = [c for c, v in (("treatyID", treaty_id), ("year", year), ("codeA", cow_a), ("codeB", cow_b)) if v is None]
    names = {c: str(record[c] or "").strip() for c in ("countryA", "countryB")}
    bad += [c for c, v in names.items() if not v]
    if bad:
        result.problems += [ParseProblem(file, number, c, "a value is required") for c in bad]
        return None
    assert treaty_id is not None and year is not None and cow_a is not None and cow_b is not None
    notes = []
    if year == UNKNOWN_YEAR:
        notes.append("year unknown (9999 in the dataset)")
        known_year: int | None = None
    elif 1900 <= year <= dt.date.today().year:
        known_year = year
    else:
        result.problems.append(ParseProblem(file, number, "year", f"{year} is not a year (9999 means unknown)"))
        return None
    signed_text = str(record["datesigned"] or "").strip()
    signed = us_date(signed_text) if signed_text else None
    if signed_text and signed is None:
        several = [us_date(part) for part in re.split(r",|\band\b", signed_text)]
        if not several or None in several:
            result.problems.append(ParseProblem(file, number, "datesigned", f"{signed_text!r} is not a date M/D/YYYY"))
            return None
        notes.append(f"signed on several dates: {signed_text}")
        result.not_loaded.append(
            ParseProblem(file, number, "datesigned", f"{signed_text!r} gives several dates: the year is kept")
        )
        signed = None if any(d.first.year != known_year for d in several if d) else PartialDate.year(year)
    if signed is not None and signed.first.year != known_year:
        notes.append(f"signing date {signed_text} disagrees with the year {year}: the year is kept")
        result.not_loaded.append(
            ParseProblem(file, number, "datesigned", f"{signed_text!r} is not in the year {year}: year kept, day not")
        )
        signed = None
    if signed is None and known_year is not None:
        signed = PartialDate.year(known_year)
    ratified_text = str(record["ratified"] or "").strip()
    ratified = us_date(ratified_text) if ratified_text else None
    if ratified_text and ratified is None:
        notes.append(f"ratification as the dataset writes it: {ratified_text!r}")
        result.not_loaded.append(
            ParseProblem(file, number, "ratified", f"{ratified_text!r} is not a date M/D/YYYY: kept as a note")
        )
    _row, title, present = coded.get(treaty_id, (0, "", ()))
    return ParsedAgreement(
        treaty_id=treaty_id,
        name_a=names["countryA"],
        name_b=names["countryB"],
        cow_a=cow_a,
        cow_b=cow_b,
        year=known_year,
        signed=signed,
        ratified=ratified,
        listed_in=str(record.get("dataset_original") or "").strip(),
        coded=treaty_id in coded,
        title=title,
        provisions=present,
        note="; ".join(notes),
        row=number,
    )
