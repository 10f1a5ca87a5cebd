"""Download files built once per edition of the data and kept on disk.

``DATA_DIR/downloads/<key>/`` holds the package (CSV files and ``datapackage.json``, the long tables also as
Parquet and gzip CSV); the ZIP, the XLSX workbook, the Stata file, the codebook's PDF and each short table's JSON
are made from it on first request (``prepare_downloads`` makes them all at once). The long tables have no JSON
file (a 100 MB array helps no one): the API pages through them. A release never changes, so its files
are built once; the commitments edition's key changes with its inputs. Every file is written under a
temporary name and moved into place, so a reader never sees half a file and two builders never clash.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import logging
import os
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, TypeVar

import pandas as pd
from django.conf import settings

from migrights.assessments.public import find_release
from migrights.lib.cpu import collector_paused
from migrights.lib.files import aside, atomic_write, beyond_most_recent
from migrights.lib.memo import Latest
from migrights.lib.tables import spreadsheet_row
from migrights.opendata.codebook import AUTHOR, MISSING, codebook_blocks, codebook_parts, to_html
from migrights.opendata.package import (
    BY_NAME,
    CODEBOOK,
    LICENCE,
    LICENCE_NOTE,
    LONG_TABLES,
    PARQUET_TYPE,
    README,
    TABLE_NAMES,
    TABLES,
    TableSpec,
    read_csv_table,
    zip_package,
)
from migrights.opendata.package import write_package as write_package_files
from migrights.opendata.tables import (
    COMMITMENTS_LABEL,
    SHARED_TABLES,
    DataEdition,
    package_info,
    package_tables,
    shared_state,
    wide_table,
)
from migrights.opendata.wide import (
    WIDE_NAME,
    WIDE_PATH,
    WIDE_TITLE,
    read_wide_csv,
    write_stata,
)

CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "json": "application/json",
    "zip": "application/zip",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "dta": "application/x-stata-dta",
    "md": "text/markdown; charset=utf-8",
    "pdf": "application/pdf",
    "parquet": PARQUET_TYPE,
    "gz": "application/gzip",
}
# the tables that have a sheet of the workbook beside its overall and dimension scores and its codebook (which
# lists the indicators): every other table is named on the About sheet with its CSV and Parquet files, so no sheet
# holds more than some hundred thousand cells and the workbook opens in a second
WORKBOOK_TABLES = ("sources",)
WORKBOOK_LEVELS = ("overall", "dimension")  # the wide table's columns the data sheet keeps (and the gaps)
WIDE_FILES = (WIDE_PATH, "wide.dta")
DATA_SHEET_TITLE = "Overall and dimension scores by country and year"
DATA_SHEET_DESCRIPTION = (
    "One row per country and year: the overall and dimension scores (0-100) with their rank and coverage, and the "
    "gaps between dimensions. Category and right scores: wide.csv; every score down to the indicators: "
    "scores.parquet or scores.csv."
)
DOCUMENTS = (README, CODEBOOK, "codebook.pdf")


logger = logging.getLogger(__name__)
T = TypeVar("T")


def workbook_name(label: str) -> str:
    return f"migrights-{label}.xlsx"


def file_names(label: str) -> list[str]:
    """Every file offered for an edition, as it appears in the download addresses."""
    names = ["datapackage.zip", "datapackage.json", workbook_name(label), *WIDE_FILES, *DOCUMENTS]
    for spec in TABLES:
        names += [spec.path, spec.gzip_path, spec.parquet_path] if spec.long else [spec.path, f"{spec.name}.json"]
    return names


# written with the package: a folder without one of them was written by an earlier version, and is written again
WRITTEN_WITH_PACKAGE = (
    README,
    CODEBOOK,
    WIDE_PATH,
    *(name for spec in LONG_TABLES for name in (spec.parquet_path, spec.gzip_path)),
)


def downloads_root() -> Path:
    return Path(settings.DATA_DIR) / "downloads"


def write_package(edition: DataEdition, folder: Path) -> dict[str, Any]:
    """Write the edition's package (CSV files and datapackage.json) into the existing ``folder``.

    The files of the tables every edition shares (``SHARED_TABLES``: treaty actions, commitments, corridors...) are
    copied from those kept for the state of the data they rest on (``shared_state``), when an edition built on it
    kept them; else they are gathered and written, then kept. A release built on the data of the edition before it
    gathers and writes only its own tables (scores, gaps, answers, the wide table)."""
    kept = shared_tables_cache() / shared_state(edition)
    present = _copy_kept_tables(kept, folder)
    tables = package_tables(edition, without=present)
    info = package_info(edition, list(tables["sources"]))
    package = write_package_files(folder, info, tables, wide_table(edition, tables), present=present)
    if not present:
        _keep_tables(folder, kept)
    return package


# how many states of the data the shared tables' files are kept for (the most recently used): the one the latest
# edition was built on, and the one before
KEPT_STATES = 2


def shared_tables_cache() -> Path:
    """Where the shared tables' files are kept, a folder per state of the data they rest on."""
    return Path(settings.DATA_DIR) / "cache" / "tables"


def _shared_files() -> list[str]:
    """The files of the shared tables: each one's CSV, and a long table's gzip CSV and Parquet files."""
    files = []
    for name in SHARED_TABLES:
        spec = BY_NAME[name]
        files += [spec.path, spec.gzip_path, spec.parquet_path] if spec.long else [spec.path]
    return files


def _copy_kept_tables(kept: Path, folder: Path) -> tuple[str, ...]:
    """The shared tables' kept files copied into ``folder`` (copies, not links: ``migrights export package`` writes
    into a folder of the user's, whose files may be changed in place); the tables copied (none when not kept)."""
    files = _shared_files()
    try:
        for name in files:
            shutil.copyfile(kept / name, folder / name)  # in the kernel (sendfile): some hundredths of a second
        os.utime(kept)  # recently used
    except FileNotFoundError:  # not kept for this state (or removed meanwhile by another process): written anew
        for name in files:
            (folder / name).unlink(missing_ok=True)
        return ()
    return SHARED_TABLES


def _keep_tables(folder: Path, kept: Path) -> None:
    """The shared tables' files of ``folder`` kept for the next edition built on the same state (the folder moved
    into place whole: a reader sees every file or none); only the ``KEPT_STATES`` most recently used are kept."""
    root = kept.parent
    root.mkdir(parents=True, exist_ok=True)
    with aside(kept, folder=True) as building:
        for name in _shared_files():
            shutil.copyfile(folder / name, building / name)
        with contextlib.suppress(OSError):  # another builder kept the same state first: its files are the same
            building.rename(kept)
    states = [path for path in root.iterdir() if path.is_dir() and not path.name.startswith(".")]
    for old in beyond_most_recent(states, KEPT_STATES):
        shutil.rmtree(old, ignore_errors=True)


def package_folder(edition: DataEdition) -> Path:
    """The edition's package folder, built on first use."""
    root = downloads_root()
    target = root / edition.cache_key
    if _complete(target):
        return target
    # a folder without a README or a Parquet file was written before them: written again, whole
    outdated = (target / "datapackage.json").exists()
    root.mkdir(parents=True, exist_ok=True)
    with aside(target, folder=True) as building:
        write_package(edition, building)
        if outdated:
            shutil.rmtree(target, ignore_errors=True)
        try:
            building.rename(target)
        except OSError:  # another process finished first: its files are the same
            if not _complete(target):
                raise
    if edition.release is None:
        _forget_old_commitment_editions(root, keep=target.name)
    return target


def _complete(folder: Path) -> bool:
    """The package folder holds every file written with the package (the wide table only once scores exist)."""
    if not (folder / README).exists():
        return False
    return all((folder / name).exists() for name in WRITTEN_WITH_PACKAGE if name != WIDE_PATH)


def _forget_old_commitment_editions(root: Path, keep: str) -> None:
    for old in root.glob(f"{COMMITMENTS_LABEL}-*"):
        if old.name != keep and old.is_dir():
            shutil.rmtree(old, ignore_errors=True)


def download_file(edition: DataEdition, name: str) -> Path:
    """The file ``name`` (one of ``file_names``) of the edition, built on first request (with the garbage collector
    paused: ``lib.cpu``)."""
    if name not in file_names(edition.label):
        raise FileNotFoundError(name)
    with collector_paused():
        return _download_file(edition, name)


def _download_file(edition: DataEdition, name: str) -> Path:
    return build_file(package_folder(edition), name)


def build_file(folder: Path, name: str) -> Path:
    """The file ``name`` of the package in ``folder``, built from the package if not there yet."""
    target = folder / name
    if target.exists():
        return target
    if name in WRITTEN_WITH_PACKAGE:  # written with the package (the wide table only once scores exist)
        raise FileNotFoundError(name)
    builders = {
        "datapackage.zip": lambda path: zip_package(folder, path),
        "wide.dta": lambda path: write_wide_stata(folder, path),
        "codebook.pdf": lambda path: write_codebook_pdf(folder, path),
    }
    if name in builders:
        return atomic_write(target, builders[name])
    if name.endswith(".xlsx"):
        return atomic_write(target, lambda path: write_workbook(folder, path))
    if name.endswith(".json"):
        return atomic_write(target, lambda path: write_table_json(folder, name.removesuffix(".json"), path))
    raise FileNotFoundError(name)


def _descriptor(folder: Path) -> dict[str, Any]:
    """The package's ``datapackage.json`` (read once for the files built from it in a row: ``_read_back``; not to be
    changed)."""
    return _read_back(folder / "datapackage.json", "datapackage", lambda path: json.loads(path.read_text("utf-8")))


def _frame(folder: Path, spec: TableSpec) -> pd.DataFrame:
    """A table of the package read back from its CSV, typed by its schema (the indicators, which the codebook and
    the workbook both read, kept: ``_read_back``; not to be changed)."""
    if spec.name in _KEPT:
        return _read_back(folder / spec.path, spec.name, lambda path: read_csv_table(spec, path))
    return read_csv_table(spec, folder / spec.path)


def _wide(folder: Path, package: dict[str, Any]) -> tuple[pd.DataFrame, dict[str, Any]] | None:
    """The wide table read back with its resource (the workbook, then the Stata file: read once, kept)."""
    resource = next((r for r in package["resources"] if r["name"] == WIDE_NAME), None)
    if resource is None:
        return None
    schema = resource["schema"]
    return _read_back(folder / resource["path"], WIDE_NAME, lambda path: read_wide_csv(path, schema)), resource


# what several files of an edition read back from its package (the descriptor: every file but the ZIP; the wide
# table: the workbook and the Stata file; the indicators: the codebook and the workbook), the latest one read of
# each kept under its file's path, size and time (a file written again is read again)
_KEPT: dict[str, Latest[Any]] = {"datapackage": Latest(), WIDE_NAME: Latest(), "indicators": Latest()}


def _read_back(path: Path, name: str, read: Callable[[Path], T]) -> T:
    stat = path.stat()
    return _KEPT[name].get((str(path), stat.st_size, stat.st_mtime_ns), lambda: read(path))


def write_table_json(folder: Path, table: str, path: Path) -> None:
    spec = BY_NAME[table]
    _dump_table_json(_descriptor(folder), spec, _frame(folder, spec), path)


def frame_json(frame: pd.DataFrame) -> str:
    """A typed table as a JSON array of row objects, in one pass (missing as null, dates as YYYY-MM-DD)."""
    out = frame.copy()
    for name in out.columns:
        if pd.api.types.is_datetime64_any_dtype(out[name]):
            out[name] = out[name].dt.strftime("%Y-%m-%d").astype(object).where(out[name].notna(), None)
    return out.to_json(orient="records", force_ascii=False, double_precision=15)


def _dump_table_json(package: dict[str, Any], spec: TableSpec, frame: pd.DataFrame, path: Path) -> None:
    """One table as JSON: ``{"data": [rows], "meta": {...}}``, the envelope of the site's twins."""
    meta = {
        "table": spec.name,
        "title": spec.title,
        "description": spec.description,
        "count": len(frame),
        "edition": package["version"],
        "release": package["migrights"]["release"],
        "licence": LICENCE_NOTE,
        "citation": package["migrights"].get("citation"),
        "schema": spec.schema(),
        "sources": [{"key": s["key"], "title": s["title"], "path": s.get("path")} for s in package["sources"]],
    }
    resource = next((r for r in package["resources"] if r["name"] == spec.name), {})
    if resource.get("sources"):  # a published dataset's table: its licence and citation with its rows
        meta["sources"] = resource["sources"]
    with path.open("w", encoding="utf-8") as handle:
        handle.write('{"data": ')
        handle.write(frame_json(frame))
        handle.write(', "meta": ')
        handle.write(json.dumps(meta, ensure_ascii=False))
        handle.write("}")


def write_wide_stata(folder: Path, path: Path) -> None:
    package = _descriptor(folder)
    wide = _wide(folder, package)
    if wide is None:
        raise FileNotFoundError("wide.dta")
    frame, resource = wide
    labels = {f["name"]: f.get("title", "") for f in resource["schema"]["fields"]}
    write_stata(frame, labels, path, f"{AUTHOR} data, edition {package['version']}, CC BY 4.0")


def codebook_cache() -> Path:
    """Where the codebook's PDF parts that editions share are kept, each under the hash of its HTML."""
    return Path(settings.DATA_DIR) / "cache" / "codebook"


def write_codebook_pdf(folder: Path, path: Path) -> None:
    """The codebook's PDF: the edition's own first part laid out for it, then the parts editions share (the wide
    table's variables, the long tables, the specification and indicators, the law codes and sources:
    ``codebook_parts``), each laid out once and kept, each starting on a page of its own, its pages numbered on
    from the part before (a part whose first page number moves is laid out again)."""
    from migrights.lib.pdf import html_to_pdf_pages, join_pdfs, kept_pdf

    package = _descriptor(folder)
    edition, shared = codebook_parts(package, _frame(folder, BY_NAME["indicators"]))
    first, pages = html_to_pdf_pages(to_html(edition, f"Codebook: {package['title']}"))
    parts = [first]
    for blocks in shared:
        kept, more = kept_pdf(to_html(blocks, "Codebook", first_page=pages + 1), codebook_cache())
        parts.append(kept)
        pages += more
    path.write_bytes(join_pdfs(parts))


def _rows(frame: pd.DataFrame) -> Iterator[list[Any]]:
    """A typed table's rows as plain Python values for a sheet (None for missing, dates as YYYY-MM-DD)."""
    columns = []
    for name in frame.columns:
        cells = frame[name]
        if pd.api.types.is_datetime64_any_dtype(cells):
            cells = cells.dt.strftime("%Y-%m-%d")
        columns.append(cells.astype(object).where(cells.notna(), None).tolist())
    return (list(row) for row in zip(*columns, strict=True))


def write_workbook(folder: Path, path: Path) -> None:
    """The edition for spreadsheet users: an About sheet (citation, licence, sheets, the files of the tables not in
    it, sources), the data sheet (the overall and dimension scores with their ranks and coverage and the gaps, one
    row per country and year), the codebook and the sources. Category and right scores are in ``wide.csv``, every
    score down to the indicators in ``scores.parquet`` and ``scores.csv``: a sheet of every score made a 24 MB
    workbook that took minutes to open."""
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
    header(about, [package["title"]])
    add(about, [package["description"]])
    add(about, [])
    header(about, ["Suggested citation"])
    add(about, [package["migrights"].get("citation", "")])
    add(about, [])
    add(about, ["Edition", package["version"]])
    add(about, ["Created", package["created"]])
    add(about, ["Licence", f"{LICENCE['title']} ({LICENCE['path']})"])
    add(about, ["Licence note", LICENCE_NOTE])
    add(about, ["Downloaded from the Migrant Rights Observatory on", dt.date.today().isoformat()])
    add(about, ["Missing values", MISSING])
    add(about, [])

    counts: dict[str, int] = {}
    wide = _wide(folder, package)
    if wide is not None:  # write-only sheets are filled in any order: the About sheet's rows follow
        levels = {v["name"]: v["level"] for v in package["migrights"].get("wide", [])}
        frame = wide[0][[name for name in wide[0].columns if levels.get(name, "") in ("", *WORKBOOK_LEVELS)]]
        counts["data"] = len(frame)
        sheet = book.create_sheet("data")
        header(sheet, list(frame.columns))
        for row in _rows(frame):
            add(sheet, row)
    codebook = book.create_sheet("codebook")
    for block in codebook_blocks(package, _frame(folder, BY_NAME["indicators"])):
        if block.kind == "table":
            header(codebook, list(block.header))
            for row in block.rows:
                add(codebook, row)
            add(codebook, [])
        else:
            (header if block.kind.startswith("h") else add)(codebook, [block.text])
    for name in WORKBOOK_TABLES:
        spec = BY_NAME[name]
        frame = _frame(folder, spec)
        counts[name] = len(frame)
        sheet = book.create_sheet(name)
        header(sheet, list(spec.columns))
        for row in _rows(frame):
            add(sheet, row)

    header(about, ["Sheet", "Title", "Rows", "Description"])
    if wide is not None:
        add(about, ["data", DATA_SHEET_TITLE, counts["data"], DATA_SHEET_DESCRIPTION])
    add(about, ["codebook", "Codebook", None, "Every variable: its meaning, unit or levels, source, missing values"])
    for name in WORKBOOK_TABLES:
        spec = BY_NAME[name]
        add(about, [name, spec.title, counts[name], spec.description])
    add(about, [])
    header(about, ["Not in this workbook", "Files (beside this workbook on the download page, and in datapackage.zip)"])
    if wide is not None:
        add(about, [WIDE_TITLE, f"{WIDE_PATH}, wide.dta"])
    for name in [name for name in TABLE_NAMES if name not in WORKBOOK_TABLES]:
        spec = BY_NAME[name]
        files = [spec.path, spec.gzip_path, spec.parquet_path] if spec.long else [spec.path, f"{name}.json"]
        add(about, [spec.title, ", ".join(files)])
    add(about, [])
    header(about, ["Source", "Title", "Address", "Licence", "Accessed", "Citation"])
    for source in package["sources"]:
        cells = [source["key"], source["title"], source.get("path"), source.get("licence"), source["accessed"]]
        add(about, [*cells, source.get("citation")])
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
        "wide": {"csv": f"{base}/{WIDE_PATH}", "dta": f"{base}/wide.dta"} if edition.scores is not None else None,
        "codebook": {"md": f"{base}/{CODEBOOK}", "pdf": f"{base}/codebook.pdf"},
        "readme": f"{base}/{README}",
        "tables": [
            {
                "name": spec.name,
                "title": spec.title,
                "description": spec.description,
                "csv": f"{base}/{spec.path}",
                "json": None if spec.long else f"{base}/{spec.name}.json",
                "csv_gzip": f"{base}/{spec.gzip_path}" if spec.long else None,
                "parquet": f"{base}/{spec.parquet_path}" if spec.long else None,
                "api": _api_pages(edition, spec.name),
            }
            for spec in TABLES
        ],
    }


def _api_pages(edition: DataEdition, table: str) -> str | None:
    """The API address that pages through a long table's rows of the edition as JSON (None: no such address)."""
    if table == "corridors":  # the same for every edition
        return "/api/v1/corridors"
    if table == "commitments":
        return "/api/v1/commitments?country=PHL"  # one country at a time (the example the API's documentation gives)
    if table != "scores" or edition.scores is None:
        return None
    if edition.release is not None:
        return f"/api/v1/scores?release={edition.release.version}"
    # the API's scores without a release are the latest release's: the commitments edition's only before the first
    return "/api/v1/scores" if find_release(None) is None else None


def _files_to_build(version: str | None) -> tuple[DataEdition, list[str]]:
    from migrights.opendata.tables import resolve

    edition = resolve(version)
    names = file_names(edition.label)
    if edition.scores is None:  # no scores yet, so no wide table
        names = [name for name in names if name not in WIDE_FILES]
    return edition, names


def downloads_built(version: str | None = None) -> bool:
    """Every download file of the edition (default: the latest) is there: nothing for a worker to build."""
    edition, names = _files_to_build(version)
    folder = downloads_root() / edition.cache_key
    return _complete(folder) and all((folder / name).exists() for name in names)


def prepare_downloads(version: str | None = None) -> list[Path]:
    """Build every download file of an edition (default: the latest), so no visitor waits for one."""
    edition, names = _files_to_build(version)
    try:
        return [download_file(edition, name) for name in names]
    finally:
        for kept in _KEPT.values():  # every file built: what they read back is let go (the wide table, a few MB)
            kept.clear()
