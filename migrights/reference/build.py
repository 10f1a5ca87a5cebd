"""Rebuild the embedded treaty actions from the publishers' raw files in ../shared/data.

The rows are made by the same parsers and name maps as ``migrights import``; the result is
written as plain CSV (docs/data-formats.md) with one Source per raw file, checksum included.
A test rebuilds them and fails if the committed files differ.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import yaml

from migrights.importers.records import ParseProblem
from migrights.reference.importing import PUBLISHERS, file_checksum, parsed_rows
from migrights.reference.loading import TREATY_ACTIONS, ImportFailed

UNTC_2026 = {
    "cerd": "ICERD",
    "icescr": "ICESCR",
    "icescr_op": "ICESCR-OP",
    "iccpr": "ICCPR",
    "iccpr_op1": "ICCPR-OP1",
    "iccpr_op2": "ICCPR-OP2",
    "cedaw": "CEDAW",
    "cedaw_op": "CEDAW-OP",
    "cat": "CAT",
    "cat_op": "OPCAT",
    "crc": "CRC",
    "crc_op_ac": "CRC-OPAC",
    "crc_op_sc": "CRC-OPSC",
    "crc_op_ic": "CRC-OPIC",
    "cmw": "ICRMW",
    "crpd": "CRPD",
    "crpd_op": "CRPD-OP",
    "ced": "CPED",
}
UNTC_2014 = {
    "5-2": "CSR51",
    "5-3": "CSSP54",
    "5-4": "CRS61",
    "5-5": "PSR67",
    "18-12": "UNTOC",
    "18-12-a": "UNTOC-TIP",
    "18-12-b": "UNTOC-SOM",
}
UNTC_REFERENCE = {
    "ICERD": "IV-2",
    "ICESCR": "IV-3",
    "ICESCR-OP": "IV-3-a",
    "ICCPR": "IV-4",
    "ICCPR-OP1": "IV-5",
    "ICCPR-OP2": "IV-12",
    "CEDAW": "IV-8",
    "CEDAW-OP": "IV-8-b",
    "CAT": "IV-9",
    "OPCAT": "IV-9-b",
    "CRC": "IV-11",
    "CRC-OPAC": "IV-11-b",
    "CRC-OPSC": "IV-11-c",
    "CRC-OPIC": "IV-11-d",
    "ICRMW": "IV-13",
    "CRPD": "IV-15",
    "CRPD-OP": "IV-15-a",
    "CPED": "IV-16",
    "CSR51": "V-2",
    "CSSP54": "V-3",
    "CRS61": "V-4",
    "PSR67": "V-5",
    "UNTOC": "XVIII-12",
    "UNTOC-TIP": "XVIII-12-a",
    "UNTOC-SOM": "XVIII-12-b",
}


@dataclass(frozen=True)
class RawFile:
    importer: str
    path: Path
    instrument: str | None
    source: dict[str, str]


def _untc_url(code: str) -> str:
    reference = UNTC_REFERENCE[code]
    chapter = {"IV": 4, "V": 5, "XVIII": 18}[reference.split("-")[0]]
    return f"https://treaties.un.org/Pages/ViewDetails.aspx?src=TREATY&mtdsg_no={reference}&chapter={chapter}&clang=_en"


def raw_files(shared: Path) -> list[RawFile]:
    files = []
    for stem, code in UNTC_2026.items():
        path = shared / "untc" / "2026-02-03" / f"{stem}.html"
        files.append(
            RawFile(
                "untc",
                path,
                code,
                {
                    "key": f"untc-{code.lower()}-2026-02-03",
                    "producer": PUBLISHERS["untc"].producer,
                    "title": f"Status of Treaties, {UNTC_REFERENCE[code]}: status page as served on 2026-02-03",
                    "url": _untc_url(code),
                    "accessed": "2026-02-03",
                    "note": "retrieved via the public repository mgaldino/treaties-ideal-point (commit 746a24fa)",
                },
            )
        )
    for stem, code in UNTC_2014.items():
        path = shared / "untc" / "2014-10" / f"{stem}.csv"
        files.append(
            RawFile(
                "untc-csv",
                path,
                code,
                {
                    "key": f"untc-{code.lower()}-2014-10",
                    "producer": PUBLISHERS["untc"].producer,
                    "title": f"Status of Treaties, {UNTC_REFERENCE[code]}: status table scraped in 2014-2015",
                    "url": _untc_url(code),
                    "accessed": "2014-10-26",
                    "note": "converted to CSV by the public repository zmjones/untreaties "
                    "(commit 9a3f61e3; each table was scraped on its own date, the dates are not recorded)",
                },
            )
        )
    files.append(
        RawFile(
            "normlex",
            shared / "ilo" / "2026" / "ILO_Conventions.csv",
            None,
            {
                "key": "ilo-normlex-fundamental-2026-06-04",
                "producer": PUBLISHERS["normlex"].producer,
                "title": "Ratification comparative data: fundamental Conventions (business date 2026-06-04)",
                "url": "https://normlex.ilo.org/dyn/normlex/en/f?p=NORMLEXPUB:10011:0::NO:::",
                "accessed": "2026-06-04",
                "note": "converted by the public repository LavanyaVaidya/ILO_Conventions_Data_Automation "
                "(commit 26d460ee); ratification years only",
            },
        )
    )
    return files


def build_embedded(shared: Path, out: Path) -> dict[str, int]:
    """Write treaty_actions/{untc,normlex}.csv and sources/{untc,normlex}.yaml under ``out``."""
    outputs: dict[str, tuple[list[dict[str, str]], list[dict[str, str]]]] = {"untc": ([], []), "normlex": ([], [])}
    problems: list[ParseProblem] = []
    for raw in raw_files(shared):
        content = raw.path.read_bytes()
        publisher = PUBLISHERS[raw.importer]
        rows, found, _excluded = parsed_rows(
            publisher, publisher.parse(content, str(raw.path)), raw.instrument, raw.source["key"]
        )
        problems += found
        actions, sources = outputs[publisher.dataset]
        actions += [row for _number, row in rows]
        source = {**raw.source, "kind": "depositary", "read": True, "checksum": file_checksum(content)}
        if raw.importer == "untc-csv":
            source["note"] = f"{source['note']}; {latest_act_note(row for _number, row in rows)}"
        sources.append(source)
    if problems:
        raise ImportFailed(problems)
    counts = {}
    for dataset, (actions, sources) in outputs.items():
        actions.sort(key=lambda r: (r["instrument"], r["country"], r["date"], r["action"]))
        (out / "treaty_actions" / f"{dataset}.csv").write_text(actions_csv(actions), encoding="utf-8")
        header = "# Generated by `migrights data build` from the raw files in ../shared/data: do not edit by hand.\n"
        (out / "sources" / f"{dataset}.yaml").write_text(
            header + yaml.safe_dump(sources, sort_keys=False, allow_unicode=True, width=120), encoding="utf-8"
        )
        counts[dataset] = len(actions)
    return counts


def latest_act_note(rows: Iterable[dict[str, str]]) -> str:
    """What a scraped table covers: acts up to its latest dated act, none after (the scrape date is not recorded)."""
    latest = max((row["date"] for row in rows if row.get("date")), default=None)
    if latest is None:
        return "it holds no dated act"
    return f"the latest act it holds is of {latest}: later acts are not covered"


def actions_csv(rows: list[dict[str, str]]) -> str:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=list(TREATY_ACTIONS.columns), lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return buffer.getvalue()
