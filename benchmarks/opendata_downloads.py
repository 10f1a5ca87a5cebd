"""An edition's download files: CPU to build each, their sizes, and pandas reading the workbook, the Stata file
and the scores as Parquet and as CSV.

Ratios are against two earlier paths, measured on the same machine (2 CPUs shared with other jobs, so CPU time,
not wall time, is compared): the first (commit d3fc403: a workbook with a sheet per table, 6.9 M cells for a
release; JSON written one dictionary per row) and the one before Parquet (commit 43dddf9: a 100 MB scores.json,
a workbook with a sheet per reference table and every category and right score). In the same run, the scores
table written as one JSON file (that path's writer, still ``downloads.frame_json``) is compared with its Parquet
and gzip CSV files.

    .venv/bin/python benchmarks/opendata_downloads.py [--edition commitments|VERSION] [--validate]

The codebook's PDF is measured five ways in the same run: the whole codebook in one layout (the previous path),
this edition's (the parts editions share laid out anew: cold), a second edition's (those parts reused: warm), and
after a change to the sources or to the indicators (only the kept part that changed laid out anew).

Then a second edition's files on the same data in this process (a release after the commitments edition: the
shared tables' kept files copied from ``DATA_DIR/cache/tables``), and the same edition's files built again in a new
process on the same data folder, as after a restart of the worker: the codebook's kept parts are read from the data
folder (``DATA_DIR/cache/codebook``, under the hash of each part's HTML), everything else (the rows, the process's
kept tables) is gathered anew; then once more with the shared tables' kept files too (a release after a restart).
Arrow allocates through malloc, as in the worker (``ARROW_DEFAULT_MEMORY_POOL=mimalloc`` to compare).

``--validate`` also has frictionless validate the whole package, every row of every table (the test suite
validates every table too, but the two long score tables on a few countries' rows: a minute of CPU saved).

Uses ``MIGRIGHTS_DATA_DIR`` when set (its database already loaded saves about a minute), else a new folder.
"""

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

os.environ.setdefault("MIGRIGHTS_DATA_DIR", tempfile.mkdtemp(prefix="migrights-bench-"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "migrights.settings")

import django

django.setup()
import pandas as pd  # noqa: E402
from django.conf import settings  # noqa: E402

from migrights.bootstrap import ensure_ready  # noqa: E402
from migrights.lib.cpu import collector_paused  # noqa: E402
from migrights.lib.system import arrow_from_malloc  # noqa: E402
from migrights.opendata import downloads  # noqa: E402
from migrights.opendata.codebook import codebook_blocks, to_html  # noqa: E402
from migrights.opendata.package import (  # noqa: E402
    BY_NAME,
    gzip_file,
    parquet_metadata,
    read_csv_table,
    read_parquet_table,
    write_package,
    write_parquet,
)
from migrights.opendata.tables import (  # noqa: E402
    DataEdition,
    package_info,
    package_tables,
    resolve,
    shared_state,
    wide_table,
)

# The old path on the commitments edition of the embedded data (7,148 country-years, 398,211 score rows),
# measured on this machine on 2026-12-03 before the change: CPU seconds and megabytes.
BEFORE = {
    "package (rows and CSV files)": 15.1,
    "workbook (and the JSON files it wrote)": 54.7,
    "datapackage.zip": 0.55,
    "all files": 70.4,
    "pandas reads the workbook": 83.2,
}
BEFORE_MB = {"workbook": 18.70, "scores.json": 110.02, "commitments.json": 19.06, "all files": 186.2}
# Commit 43dddf9 (before Parquet), the same edition (397,131 score rows), measured on this machine on 2026-12-04
# (load average 3-5) with this script's version of that commit: CPU seconds (the PDF's with WeasyPrint's import)
# and megabytes.
PREVIOUS = {"all files": 13.5, "without the codebook's PDF": 10.1, "pandas reads the workbook": 3.00}
PREVIOUS_MB = {"workbook": 1.40, "all files": 213.9, "largest file": 98.47}


LAZY_IMPORTS = ("openpyxl", "pyarrow.parquet", "pyarrow.compute", "pyarrow.pandas_compat")


def cpu(action):
    start = time.process_time()
    result = action()
    return result, time.process_time() - start


def workbook_cells(path: Path) -> dict[str, int]:
    """Cells per sheet of a workbook (read-only: streamed)."""
    from openpyxl import load_workbook

    book = load_workbook(path, read_only=True)
    return {sheet.title: sum(len(row) for row in sheet.iter_rows(values_only=True)) for sheet in book.worksheets}


def pdf_words(path: Path) -> tuple[int, Counter[str]]:
    """A PDF's pages and the words of its text, each page's number (its last line) left out."""
    import pypdf

    pages = [page.extract_text().rsplit("\n", 1)[0] for page in pypdf.PdfReader(path).pages]
    return len(pages), Counter(word for page in pages for word in page.split())


def codebook_figures(folder: Path, cold: float, total: float) -> None:
    """The codebook's PDF: this edition's (its kept parts laid out anew, as for the first edition after a new start
    or a new version of the code), a second edition's (the kept parts reused), editions after a change to the
    sources and to the indicators (the part each changes laid out anew), and the whole codebook in one layout (the
    previous path), in this run; their words compared."""
    from migrights.lib.pdf import html_to_pdf

    package = json.loads((folder / "datapackage.json").read_text("utf-8"))
    scratch = Path(tempfile.mkdtemp(prefix="migrights-bench-codebook-"))
    second = scratch / "second"
    second.mkdir()
    package["version"], package["created"] = "second", "2027-01-01T00:00:00+00:00"
    (second / "datapackage.json").write_text(json.dumps(package), "utf-8")
    shutil.copy(folder / BY_NAME["indicators"].path, second / BY_NAME["indicators"].path)
    _, warm = cpu(lambda: downloads.write_codebook_pdf(second, second / "codebook.pdf"))
    # a third edition after a change to the sources (one source fewer, as before the last import): only the kept
    # part that names them (the law codes and the sources) laid out anew
    third = scratch / "third"
    third.mkdir()
    package["version"], package["sources"] = "third", package["sources"][:-1]
    (third / "datapackage.json").write_text(json.dumps(package), "utf-8")
    shutil.copy(folder / BY_NAME["indicators"].path, third / BY_NAME["indicators"].path)
    _, sources_changed = cpu(lambda: downloads.write_codebook_pdf(third, third / "codebook.pdf"))
    # a fourth after a change to the indicators (the last one left out): the specification and indicators' part
    fourth = scratch / "fourth"
    fourth.mkdir()
    package = json.loads((folder / "datapackage.json").read_text("utf-8"))
    package["version"] = "fourth"
    (fourth / "datapackage.json").write_text(json.dumps(package), "utf-8")
    lines = (folder / BY_NAME["indicators"].path).read_text("utf-8").splitlines(keepends=True)
    (fourth / BY_NAME["indicators"].path).write_text("".join(lines[:-1]), "utf-8")
    _, indicators_changed = cpu(lambda: downloads.write_codebook_pdf(fourth, fourth / "codebook.pdf"))
    package = json.loads((folder / "datapackage.json").read_text("utf-8"))
    blocks = codebook_blocks(package, read_csv_table(BY_NAME["indicators"], folder / BY_NAME["indicators"].path))
    whole = scratch / "whole.pdf"
    _, one = cpu(lambda: whole.write_bytes(html_to_pdf(to_html(blocks, f"Codebook: {package['title']}"))))
    print("the codebook's PDF, in this run:")
    print(f"  the whole codebook in one layout (the previous path): {one:.2f} s CPU")
    print(f"  this edition's, its kept parts laid out anew (cold): {cold:.2f} s CPU ({one / max(cold, 0.01):.2f}x)")
    print(f"  a second edition's, the kept parts reused (warm): {warm:.2f} s CPU ({one / max(warm, 0.01):.0f}x less)")
    print(f"  after a change to the sources, the part naming them laid out anew: {sources_changed:.2f} s CPU")
    print(f"  after a change to the indicators, their part laid out anew: {indicators_changed:.2f} s CPU")
    print(f"  every file of this edition with the kept parts reused: {total - cold + warm:.1f} s CPU")
    pages_before, before = pdf_words(whole)
    pages_after, after = pdf_words(folder / "codebook.pdf")
    print(f"  pages: {pages_before} -> {pages_after}; words: {sum(before.values()):,} -> {sum(after.values()):,}")
    print(f"  words only before: {dict(before - after)}; only after: {dict(after - before)}")


def second_edition(edition: DataEdition) -> None:
    """Another edition's files on the same state of the data, in this process (as a release published after the
    commitments edition): its own tables gathered and written, the shared tables' kept files copied, the codebook's
    kept parts reused; the files built from the package as for the first."""
    other = DataEdition("second", None, edition.scores)
    folder = Path(tempfile.mkdtemp(prefix="migrights-bench-second-"))
    with collector_paused():
        _, package = cpu(lambda: downloads.write_package(other, folder))
    timings = {"the package (its own tables gathered and written, the shared ones copied)": package}
    with collector_paused():  # as ``download_file`` builds them
        for name in downloads.file_names(other.label):
            timings[name] = cpu(lambda name=name: downloads.build_file(folder, name))[1]
    print(f"a second edition's files on the same data, in this process: {sum(timings.values()):.1f} s CPU")
    for name, spent in sorted(timings.items(), key=lambda item: -item[1]):
        if spent >= 0.05:
            print(f"  {name}: {spent:.2f} s CPU")


def files_after_restart(data_dir: Path, edition_name: str, tables_kept: bool) -> dict[str, float]:
    """Every file of the edition built in a new process whose data folder holds what ``data_dir`` holds but the
    downloads (the codebook's kept parts, ``cache/codebook``, and the shared tables' files, ``cache/tables``, when
    ``tables_kept``): CPU seconds per file (``--after-restart``)."""
    scratch = Path(tempfile.mkdtemp(prefix="migrights-bench-restart-"))
    ignore = None if tables_kept else shutil.ignore_patterns("tables")
    shutil.copytree(data_dir / "cache", scratch / "cache", ignore=ignore)
    command = [sys.executable, __file__, "--edition", edition_name, "--after-restart", str(scratch)]
    done = subprocess.run(command, check=True, capture_output=True, text=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


def after_restart(data_dir: Path, edition_name: str) -> None:
    """In this new process: the libraries imported (once per process, not measured), the package gathered and
    written, then every other file of the edition built in ``data_dir``; the CPU seconds of each printed as JSON."""
    settings.DATA_DIR = data_dir
    edition = resolve(edition_name)
    for name in ("weasyprint", "pypdf", *LAZY_IMPORTS):
        __import__(name)
    timings = {}
    with collector_paused():  # as ``download_file`` gathers and writes it for the first file asked for
        _, timings["the package (rows gathered, tables written)"] = cpu(lambda: downloads.package_folder(edition))
    for name in downloads.file_names(edition.label):
        _, timings[name] = cpu(lambda name=name: downloads.download_file(edition, name))
    print(json.dumps(timings))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--edition", default="commitments")
    parser.add_argument("--validate", action="store_true", help="frictionless validates every row of the package")
    parser.add_argument("--after-restart", type=Path, help=argparse.SUPPRESS)  # the new process of the second pass
    arguments = parser.parse_args()
    edition_name = arguments.edition
    arrow_from_malloc()  # as the worker does (``migrights worker``); ARROW_DEFAULT_MEMORY_POOL=mimalloc to compare
    ensure_ready()
    if arguments.after_restart:
        after_restart(arguments.after_restart, edition_name)
        return
    settings.DATA_DIR = Path(tempfile.mkdtemp(prefix="migrights-bench-downloads-"))
    edition = resolve(edition_name)

    print(f"load average at the start: {Path('/proc/loadavg').read_text().strip()}")
    # a process imports WeasyPrint once (the briefs use it too), not once per edition: measured apart; so are the
    # other libraries the writers import on first use (openpyxl, pyarrow's Parquet, compute and pandas modules), which
    # cost some tenths of a second more where Python compiles them anew (no bytecode cache, as in this workspace)
    _, weasyprint_import = cpu(lambda: __import__("weasyprint"))  # imported where a PDF is made (``lib.pdf``)
    _, pypdf_import = cpu(lambda: __import__("pypdf"))
    _, libraries_import = cpu(lambda: [__import__(name) for name in LAZY_IMPORTS])
    # as ``downloads.package_folder`` gathers and writes them when asked for a file: the garbage collector paused
    with collector_paused():
        (tables, wide), gather = cpu(lambda: (lambda t: (t, wide_table(edition, t)))(package_tables(edition)))
        folder = downloads.downloads_root() / edition.cache_key
        folder.mkdir(parents=True)
        info = package_info(edition, list(tables["sources"]))
        _, write = cpu(lambda: write_package(folder, info, tables, wide))
        # and its shared tables' files kept for the next edition on the same data, as ``downloads.write_package`` does
        kept = downloads.shared_tables_cache() / shared_state(edition)
        write += cpu(lambda: downloads._keep_tables(folder, kept))[1]
    timings: dict[str, float] = {}
    for name in downloads.file_names(edition.label):
        _, spent = cpu(lambda name=name: downloads.download_file(edition, name))
        timings[name] = spent
    workbook = folder / downloads.workbook_name(edition.label)
    _, read_xlsx = cpu(lambda: pd.read_excel(workbook, sheet_name=None))
    _, read_dta = cpu(lambda: pd.read_stata(folder / "wide.dta"))
    sizes = {p.name: p.stat().st_size / 1e6 for p in folder.iterdir() if p.is_file()}

    years = len(wide[0]) if wide else 0
    print(f"edition {edition.label}: {len(tables['scores']):,} score rows, {years:,} country-years ({folder})")
    print(f"gathering the rows (database, commitment derivation): {gather:.2f} s CPU")
    print(
        "writing the package (CSV, Parquet and gzip CSV files, wide table, README, codebook.md; the shared tables "
        f"kept): {write:.2f} s CPU"
    )
    for name, spent in sorted(timings.items(), key=lambda item: -item[1]):
        if spent >= 0.05:
            print(f"  {name}: {spent:.2f} s CPU, {sizes.get(name, 0):.2f} MB")
    json_cpu = sum(spent for name, spent in timings.items() if name.endswith(".json"))
    total = gather + write + sum(timings.values())
    without_pdf = total - timings["codebook.pdf"]
    print(f"every file: {total:.1f} s CPU ({without_pdf:.1f} s without the codebook's PDF)")
    print(f"  (and importing WeasyPrint, once per process, before the first PDF: {weasyprint_import:.2f} s CPU,")
    print(f"  pypdf, which joins the codebook's parts: {pypdf_import:.2f} s CPU;")
    print(f"  openpyxl and pyarrow's Parquet, compute and pandas parts, once per process: {libraries_import:.2f} s)")
    print(f"pandas reads the workbook (every sheet): {read_xlsx:.2f} s CPU; the Stata file: {read_dta:.2f} s CPU")
    workbook_name = downloads.workbook_name(edition.label)
    cells = workbook_cells(folder / workbook_name)
    largest = max(cells, key=lambda sheet: cells[sheet])
    print(f"workbook: {sum(cells.values()):,} cells, the largest sheet {largest}: {cells[largest]:,}")
    print()
    codebook_figures(folder, timings["codebook.pdf"], total)
    print()
    second_edition(edition)
    print()
    for tables_kept, said in (
        (False, "the codebook's kept parts read from it, every row gathered anew"),
        (True, "the codebook's parts and the shared tables' files kept, as for a release after a restart"),
    ):
        restarted = files_after_restart(Path(settings.DATA_DIR), edition_name, tables_kept)
        print(f"the same edition's files in a new process on the same data folder ({said}):")
        print(f"  {sum(restarted.values()):.1f} s CPU")
        for name, spent in sorted(restarted.items(), key=lambda item: -item[1]):
            if spent >= 0.05:
                print(f"    {name}: {spent:.2f} s CPU")
    print()
    print("in this run, the scores table: one JSON file (the previous path) against Parquet and gzip CSV:")
    spec = BY_NAME["scores"]
    typed = read_parquet_table(spec, folder / spec.parquet_path)
    scratch = Path(tempfile.mkdtemp(prefix="migrights-bench-formats-"))
    _, as_json = cpu(lambda: (scratch / "scores.json").write_text(downloads.frame_json(typed), "utf-8"))
    metadata = parquet_metadata(info, spec)
    _, as_parquet = cpu(lambda: write_parquet(spec, typed, scratch / spec.parquet_path, metadata))
    _, as_gzip = cpu(lambda: gzip_file(folder / spec.path, scratch / spec.gzip_path))
    mb = {p.name: p.stat().st_size / 1e6 for p in scratch.iterdir()}
    print(f"  scores.json: {as_json:.2f} s CPU, {mb['scores.json']:.1f} MB")
    print(
        f"  scores.parquet: {as_parquet:.2f} s CPU, {mb[spec.parquet_path]:.2f} MB "
        f"({as_json / max(as_parquet, 0.01):.0f}x less CPU, {mb['scores.json'] / mb[spec.parquet_path]:.0f}x smaller)"
    )
    print(
        f"  scores.csv.gz: {as_gzip:.2f} s CPU from scores.csv, {mb[spec.gzip_path]:.2f} MB "
        f"({mb['scores.json'] / mb[spec.gzip_path]:.0f}x smaller than the JSON)"
    )
    _, read_parquet = cpu(lambda: read_parquet_table(spec, folder / spec.parquet_path))
    _, read_csv = cpu(lambda: read_csv_table(spec, folder / spec.path))
    print(
        f"  read as a typed table: Parquet {read_parquet:.2f} s CPU, CSV {read_csv:.2f} s CPU "
        f"({read_csv / max(read_parquet, 0.01):.0f}x)"
    )
    print()
    print("against the previous path (commit 43dddf9, measured on this machine before the change):")
    all_mb = sum(sizes.values())
    for label, now in (
        ("all files", total + weasyprint_import),  # that figure's PDF included the import
        ("without the codebook's PDF", without_pdf),
        ("pandas reads the workbook", read_xlsx),
    ):
        print(f"  {label}: {PREVIOUS[label]:.1f} s -> {now:.1f} s CPU ({PREVIOUS[label] / max(now, 0.01):.1f}x less)")
    for label, now in (
        ("workbook", sizes[workbook_name]),
        ("all files", all_mb),
        ("largest file", max(sizes.values())),
    ):
        print(f"  {label}: {PREVIOUS_MB[label]:.1f} MB -> {now:.1f} MB ({PREVIOUS_MB[label] / now:.1f}x smaller)")
    print(f"  (largest file now: {max(sizes, key=sizes.get)})")
    print()
    print("against the first path (commit d3fc403, figures measured at the start of issue 12 on this machine):")
    rows = [
        ("package (rows and CSV files)", gather + write),
        ("workbook (and the JSON files it wrote)", timings[workbook_name] + json_cpu),
        ("datapackage.zip", timings["datapackage.zip"]),
        ("all files", total),
        ("pandas reads the workbook", read_xlsx),
    ]
    for label, now in rows:
        print(f"  {label}: {BEFORE[label]:.1f} s -> {now:.1f} s CPU ({BEFORE[label] / max(now, 0.01):.1f}x faster)")
    for label, now in (("workbook", sizes[workbook_name]), ("all files", all_mb)):
        print(f"  {label}: {BEFORE_MB[label]:.1f} MB -> {now:.1f} MB ({BEFORE_MB[label] / now:.1f}x smaller)")
    if arguments.validate:
        import frictionless

        report, spent = cpu(lambda: frictionless.validate(folder / "datapackage.json"))
        problems = [f"{task.name}: {error.message}" for task in report.tasks for error in task.errors[:3]]
        print(f"frictionless, every row: {'valid' if report.valid else 'INVALID'} in {spent:.1f} s CPU", *problems[:10])
        if not report.valid:
            raise SystemExit(1)


if __name__ == "__main__":
    main()
