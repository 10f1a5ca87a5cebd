"""Download files built once per edition of the data and kept on disk.

``DATA_DIR/downloads/<key>/`` holds the package (CSV files and ``datapackage.json``); the ZIP, the XLSX
workbook and each table's JSON are made from it on first request. A release never changes, so its files
are built once; the commitments edition's key changes with its inputs. Every file is written under a
temporary name and moved into place, so a reader never sees half a file and two builders never clash.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import shutil
import threading
from functools import partial
from pathlib import Path
from typing import Any

from django.conf import settings

from migrights.lib.files import aside, atomic_write
from migrights.lib.tables import spreadsheet_row
from migrights.opendata.package import (
    BY_NAME,
    LICENCE,
    LICENCE_NOTE,
    TABLES,
    TableSpec,
    read_csv_table,
    typed_rows,
    zip_package,
)
from migrights.opendata.package import write_package as write_package_files
from migrights.opendata.tables import COMMITMENTS_LABEL, DataEdition, all_tables, package_info

CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "json": "application/json",
    "zip": "application/zip",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


logger = logging.getLogger(__name__)


def workbook_name(label: str) -> str:
    return f"migrights-{label}.xlsx"


def file_names(label: str) -> list[str]:
    """Every file offered for an edition, as it appears in the download addresses."""
    names = ["datapackage.zip", "datapackage.json", workbook_name(label)]
    for spec in TABLES:
        names += [f"{spec.name}.csv", f"{spec.name}.json"]
    return names


def downloads_root() -> Path:
    return Path(settings.DATA_DIR) / "downloads"


def write_package(edition: DataEdition, folder: Path) -> dict[str, Any]:
    """Write the edition's package (CSV files and datapackage.json) into the existing ``folder``."""
    tables = all_tables(edition)
    return write_package_files(folder, package_info(edition, list(tables["sources"])), tables)


def package_folder(edition: DataEdition) -> Path:
    """The edition's package folder, built on first use."""
    root = downloads_root()
    target = root / edition.cache_key
    if (target / "datapackage.json").exists():
        return target
    root.mkdir(parents=True, exist_ok=True)
    with aside(target, folder=True) as building:
        write_package(edition, building)
        try:
            building.rename(target)
        except OSError:  # another process finished first: its files are the same
            if not (target / "datapackage.json").exists():
                raise
    if edition.release is None:
        _forget_old_commitment_editions(root, keep=target.name)
    return target


def _forget_old_commitment_editions(root: Path, keep: str) -> None:
    for old in root.glob(f"{COMMITMENTS_LABEL}-*"):
        if old.name != keep and old.is_dir():
            shutil.rmtree(old, ignore_errors=True)


def download_file(edition: DataEdition, name: str) -> Path:
    """The file ``name`` (one of ``file_names``) of the edition, built on first request."""
    if name not in file_names(edition.label):
        raise FileNotFoundError(name)
    folder = package_folder(edition)
    target = folder / name
    if target.exists():
        return target
    if name == "datapackage.zip":
        return atomic_write(target, lambda path: zip_package(folder, path))
    if name.endswith(".xlsx"):
        return atomic_write(target, lambda path: write_workbook(folder, path))
    if name.endswith(".json"):
        return atomic_write(target, lambda path: write_table_json(folder, name.removesuffix(".json"), path))
    raise FileNotFoundError(name)


def _descriptor(folder: Path) -> dict[str, Any]:
    return json.loads((folder / "datapackage.json").read_text("utf-8"))


def _rows(folder: Path, spec: TableSpec) -> list[dict[str, Any]]:
    """A table of the package read back from its CSV, typed by its schema."""
    return list(typed_rows(spec, read_csv_table(spec, folder / spec.path)))


def write_table_json(folder: Path, table: str, path: Path) -> None:
    spec = BY_NAME[table]
    _dump_table_json(_descriptor(folder), spec, _rows(folder, spec), path)


def _dump_table_json(package: dict[str, Any], spec: TableSpec, rows: list[dict[str, Any]], path: Path) -> None:
    """One table as JSON: ``{"data": [rows], "meta": {...}}``, the envelope of the site's twins."""
    meta = {
        "table": spec.name,
        "title": spec.title,
        "description": spec.description,
        "count": len(rows),
        "edition": package["version"],
        "release": package["migrights"]["release"],
        "licence": LICENCE_NOTE,
        "schema": spec.schema(),
        "sources": [{"key": s["key"], "title": s["title"], "path": s.get("path")} for s in package["sources"]],
    }
    with path.open("w", encoding="utf-8") as handle:
        json.dump({"data": rows, "meta": meta}, handle, ensure_ascii=False)


def write_workbook(folder: Path, path: Path) -> None:
    """The whole package as one workbook: an About sheet (licence, tables, sources), then a sheet per table.

    Each table is read from its CSV once, and its JSON file, if not there yet, is written from the same rows.
    """
    from openpyxl import Workbook
    from openpyxl.cell import Cell, WriteOnlyCell
    from openpyxl.styles import Font

    package = _descriptor(folder)
    book = Workbook(write_only=True)
    bold = Font(bold=True)

    def add(sheet: Any, values: Any) -> None:
        sheet.append(spreadsheet_row(sheet, values))  # text as text, never a formula

    def header(sheet: Any, cells: list[str]) -> None:
        row = []
        for value in spreadsheet_row(sheet, cells):
            cell = value if isinstance(value, Cell) else WriteOnlyCell(sheet, value=value)
            cell.font = bold
            row.append(cell)
        sheet.append(row)

    about = book.create_sheet("About")
    add(about, [package["title"]])
    add(about, [package["description"]])
    add(about, ["Edition", package["version"]])
    add(about, ["Created", package["created"]])
    add(about, ["Licence", f"{LICENCE['title']} ({LICENCE['path']})"])
    add(about, ["Licence note", LICENCE_NOTE])
    add(about, ["Downloaded from the Migrant Rights Observatory on", dt.date.today().isoformat()])
    add(about, [])

    counts: dict[str, int] = {}
    for spec in TABLES:  # write-only sheets are filled in any order: the About sheet's rows follow the tables'
        rows = _rows(folder, spec)
        counts[spec.name] = len(rows)
        sheet = book.create_sheet(spec.name)
        header(sheet, list(spec.columns))
        for row in rows:
            add(sheet, row.values())
        table_json = folder / f"{spec.name}.json"
        if not table_json.exists():
            atomic_write(table_json, partial(_dump_table_json, package, spec, rows))

    header(about, ["Sheet", "Title", "Rows", "Description"])
    for resource in package["resources"]:
        spec = BY_NAME[resource["name"]]
        add(about, [spec.name, spec.title, counts[spec.name], spec.description])
    add(about, [])
    header(about, ["Source", "Title", "Address", "Licence", "Accessed"])
    for source in package["sources"]:
        add(about, [source["key"], source["title"], source.get("path"), source.get("licence"), source["accessed"]])
    book.save(path)


def describe(edition: DataEdition, prefix: str = "/data") -> dict[str, Any]:
    """An edition's downloads with their addresses (for the /data/ page and its JSON twin)."""
    base = f"{prefix}/{edition.label}"
    return {
        "edition": edition.label,
        "release": edition.release.version if edition.release else None,
        "date": (edition.release.created if edition.release else edition.scores.created).date().isoformat()
        if (edition.release or edition.scores)
        else None,
        "package": f"{base}/datapackage.zip",
        "descriptor": f"{base}/datapackage.json",
        "workbook": f"{base}/{workbook_name(edition.label)}",
        "tables": [
            {
                "name": spec.name,
                "title": spec.title,
                "description": spec.description,
                "csv": f"{base}/{spec.path}",
                "json": f"{base}/{spec.name}.json",
            }
            for spec in TABLES
        ],
    }


def prepare_downloads(version: str | None = None) -> list[Path]:
    """Build every download file of an edition (default: the latest), so no visitor waits for one."""
    from migrights.opendata.tables import resolve

    edition = resolve(version)
    return [download_file(edition, name) for name in file_names(edition.label)]


def prepare_downloads_in_background(version: str | None = None) -> threading.Thread:
    """``prepare_downloads`` in a daemon thread: the workbook of a full edition takes a minute or more to write.

    A visitor asking for a file before it is ready builds it in the request (the same atomic writes), so
    nothing half-written is ever served.
    """

    def run() -> None:
        from django.db import connection

        try:
            prepare_downloads(version)
        except Exception:  # logged, never fatal: the request path builds what is missing
            logger.exception("preparing the downloads of %s failed", version or "the latest edition")
        finally:
            connection.close()

    thread = threading.Thread(target=run, name=f"downloads-{version or 'latest'}", daemon=True)
    thread.start()
    return thread
