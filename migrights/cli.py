"""The ``migrights`` command line: start the observatory, import, export."""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import os
import signal
import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from migrights.lib.commandline import DataDir, ExistingFile, Format, console, fail, on_setup, setup
from migrights.lib.tables import write_csv

app = typer.Typer(help="Migrant Rights Observatory", no_args_is_help=False, add_completion=False)
import_app = typer.Typer(help="Import data from publishers' files or hand-filled CSV.")
export_app = typer.Typer(help="Export data as CSV or JSON.")
app.add_typer(import_app, name="import")
app.add_typer(export_app, name="export")


def _prepare(data_dir: Path | None, quiet: bool = False) -> None:
    """Point Django at the data folder, then migrate and load the embedded data on first use."""
    from migrights.lib.paths import data_dir_path
    from migrights.lib.system import arrow_from_malloc, unwritable_folder

    arrow_from_malloc()  # before any table is read (``lib.system``: a sixth less CPU for an edition's package)
    if data_dir is not None:
        os.environ["MIGRIGHTS_DATA_DIR"] = str(data_dir.resolve())
    if problem := unwritable_folder(data_dir_path()):
        raise fail(problem)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "migrights.settings")
    import django
    from django.core.exceptions import ImproperlyConfigured

    try:
        django.setup()
    except ImproperlyConfigured as error:  # e.g. production without a strong key: refuse to start
        raise fail(str(error)) from None
    from migrights.bootstrap import embedded_is_current, ensure_ready, needs_migration
    from migrights.lib.yamlfiles import DataFileError
    from migrights.reference.loading import ImportFailed

    if not needs_migration() and embedded_is_current():
        return
    with Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        TextColumn("{task.completed}/{task.total}"),
        TimeElapsedColumn(),
        console=console,
        disable=quiet,
    ) as bar:
        task = bar.add_task("preparing the database", total=None)

        def report(step: str, number: int, total: int) -> None:
            bar.update(task, description=f"loading {step}", completed=number - 1, total=total)

        try:
            ensure_ready(report)
        except (DataFileError, ImportFailed) as error:
            bar.stop()
            for problem in getattr(error, "problems", []):
                console.print(str(problem), highlight=False, markup=False)
            raise fail(f"the embedded data could not be loaded: {error}") from None
        bar.update(task, description="embedded data loaded", completed=bar.tasks[0].total or 1)


on_setup(_prepare)


@app.callback(invoke_without_command=True)
def main_callback(ctx: typer.Context) -> None:
    """Without a command, start the observatory (same as `migrights up`)."""
    if ctx.invoked_subcommand is None:
        up()


@app.command()
def up(
    data_dir: DataDir = None,
    host: Annotated[str, typer.Option(help="Address to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to listen on.")] = 8000,
    threads: Annotated[int, typer.Option(help="Worker threads.")] = 8,
    worker: Annotated[
        bool, typer.Option(help="Start the job queue's worker beside the server (off: `migrights worker` runs it).")
    ] = True,
) -> None:
    """Migrate, load the embedded data if missing, and serve the observatory (with the job queue's worker)."""
    from migrights.lib.system import missing_libraries, tune_allocator

    tune_allocator()  # before the server's threads start (docs/operations.md)

    check_port_free(host, port)  # before the first start's minute of loading, not after it
    if problem := missing_libraries():
        raise fail(problem)
    setup(data_dir)
    from django.conf import settings
    from waitress import serve

    from migrights.lib.generations import change_everything

    change_everything()  # the database may have changed while no server ran (an upgrade's migrations, a copy)

    from migrights.bootstrap import collect_static

    if settings.STATIC_HASHED:
        collect_static()
    from migrights.jobs.child import WorkerChild
    from migrights.opendata.downloads import downloads_built
    from migrights.work.tasks import queue_downloads

    child = WorkerChild()
    previous = signal.signal(signal.SIGTERM, _stop_serving)  # a SIGTERM stops the worker child too (``finally``)
    try:
        if worker:
            child.start()  # its own process, consuming the data folder's queue (docs/decisions.md)
        if not downloads_built():  # a start with every file there adds no job to the list
            queue_downloads()  # the /data/ files of the latest edition, built by the worker while the server starts

        from migrights.wsgi import application

        console.print(f"Migrant Rights Observatory at [bold]http://{host}:{port}/[/bold] (Ctrl+C stops it)")
        try:
            serve(application, host=host, port=port, threads=threads, ident="migrights")
        except OSError as error:  # taken since the check, or an address this machine does not have
            raise fail(_cannot_listen(host, port, error)) from None
    finally:
        child.stop()
        signal.signal(signal.SIGTERM, previous)


def _stop_serving(signum: int, frame: object) -> None:
    """SIGTERM in ``migrights up``: leave the server's loop as a Ctrl+C does, so that its worker child is stopped."""
    raise KeyboardInterrupt


@app.command(name="worker")
def worker_command(
    data_dir: DataDir = None,
    workers: Annotated[int | None, typer.Option(help="Jobs run at once (default 2: MIGRIGHTS_WORKER_THREADS).")] = None,
) -> None:
    """Run the job queue's worker (publishing releases, building downloads) until Ctrl+C or SIGTERM.

    In production it is its own process beside the app servers (docs/operations.md); otherwise `migrights up` runs
    it as a child process, which stops with the server."""
    from migrights.jobs.child import stop_with_parent

    child = stop_with_parent()  # started by `migrights up`: end with it
    setup(data_dir)
    from django.conf import settings

    from migrights.jobs.runner import run_worker

    where = "Redis" if settings.REDIS_URL else settings.HUEY.get("filename", "")
    with contextlib.suppress(KeyboardInterrupt):  # stopped before the consumer had taken the signals
        run_worker(
            workers,
            lambda running: console.print(
                f"Worker of the job queue ({where}): {running.workers} at once; "
                + ("a process of its own, which stops with `migrights up`" if child else "Ctrl+C stops it")
            ),
        )
    console.print("Worker stopped")


def _cannot_listen(host: str, port: int, error: OSError) -> str:
    return f"cannot listen on {host}:{port}: {error.strerror or error}; stop what uses it or choose another --port"


def check_port_free(host: str, port: int) -> None:
    """Refuse in one line an address the server could not listen on (a port another program holds)."""
    import socket

    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as the server does: a closed port is free
        try:
            probe.bind((host, port))
        except OSError as error:
            raise fail(_cannot_listen(host, port, error)) from None


def _print_report(report: Any, verbose: bool) -> None:
    from migrights.reference.loading import Plan

    plan: Plan = report.plan
    table = Table(
        title=f"{report.kind} {report.file} → dataset {report.dataset}"
        + (" (dry run: nothing written)" if report.dry_run else "")
    )
    for column in ("", "added", "changed", "removed"):
        table.add_column(column, justify="right" if column else "left")
    for label, counts in plan.counts_by_label().items():
        table.add_row(label, str(counts["added"]), str(counts["changed"]), str(counts["removed"]))
    console.print(table)
    console.print(
        f"{report.rows_read} rows read; {len(plan.added)} added, {len(plan.changed)} changed, "
        f"{len(plan.removed)} removed, {plan.unchanged} unchanged"
        + (f" ({len(plan.reconfirmed)} now cite the new source)." if plan.reconfirmed else ".")
    )
    if report.excluded:
        console.print(f"Left out on purpose (mapping file): {', '.join(report.excluded)}")
    for warning in getattr(report, "warnings", []):
        console.print(f"Refused without --allow-removals: {warning}", highlight=False, markup=False)
    for skipped in getattr(report, "not_loaded", []):
        console.print(f"Not loaded: {skipped}", highlight=False, markup=False)
    for note in getattr(report, "notes", []):
        console.print(f"Note: {note}", highlight=False, markup=False)
    lines = plan.describe()
    if lines and (verbose or report.dry_run):
        # one block, the same text: a dry run over a whole library lists tens of thousands of lines (a print each
        # took seconds)
        console.print("\n".join(lines), highlight=False, markup=False)


def _run_import(work: Any, verbose: bool, print_report: bool = True) -> Any:
    from migrights.lib.yamlfiles import DataFileError
    from migrights.reference.loading import ImportFailed

    try:
        report = work()
    except ImportFailed as failure:
        for problem in failure.problems:
            console.print(str(problem), highlight=False, markup=False)
        raise fail(f"{len(failure.problems)} problem(s) found; nothing was loaded") from None
    except (DataFileError, FileNotFoundError) as error:
        raise fail(str(error)) from None
    if print_report:
        _print_report(report, verbose)
    return report


DryRun = Annotated[bool, typer.Option("--dry-run", help="Show what would change; write nothing.")]
Verbose = Annotated[bool, typer.Option("--verbose", "-v", help="List every change.")]
AllowRemovals = Annotated[
    bool,
    typer.Option(
        "--allow-removals",
        help="Let the import remove more than 10 % of an instrument's acts (see what would go with --dry-run).",
    ),
]
Accessed = Annotated[str | None, typer.Option(help="When the file was retrieved (YYYY-MM-DD); default today.")]
Url = Annotated[str | None, typer.Option(help="Address the file was retrieved from.")]
Instrument = Annotated[str, typer.Option("--instrument", help="Instrument code, e.g. ICRMW.")]


def _publisher_command(importer: str, needs_instrument: bool):
    def command(
        file: ExistingFile,
        instrument: Instrument = "",
        dry_run: DryRun = False,
        allow_removals: AllowRemovals = False,
        accessed: Accessed = None,
        url: Url = None,
        verbose: Verbose = False,
        data_dir: DataDir = None,
    ) -> None:
        if needs_instrument and not instrument:
            raise fail("--instrument CODE is required for this format")
        setup(data_dir)
        from migrights.reference.importing import import_publisher

        when = dt.date.fromisoformat(accessed) if accessed else None
        _run_import(
            lambda: import_publisher(
                importer,
                file,
                instrument=instrument or None,
                dry_run=dry_run,
                accessed=when,
                url=url,
                allow_removals=allow_removals,
            ),
            verbose,
        )

    return command


import_app.command("untc", help="UN Treaty Collection 'Status of Treaties' page saved as HTML.")(
    _publisher_command("untc", True)
)
import_app.command("untc-csv", help="UN Treaty Collection status table converted to CSV.")(
    _publisher_command("untc-csv", True)
)
import_app.command("ohchr", help="OHCHR treaty body database 'Export to Excel' (.xls) status file.")(
    _publisher_command("ohchr", True)
)
import_app.command("normlex", help="ILO NORMLEX comparative ratification table (CSV).")(
    _publisher_command("normlex", False)
)


DerivedOutput = Annotated[
    Path | None,
    typer.Option(
        "--output",
        help="Also write the compact derived CSV that the observatory commits (migrights/data/law/...).",
    ),
]


@import_app.command("globalcit")
def import_globalcit_command(
    file: ExistingFile,
    dry_run: DryRun = False,
    allow_removals: AllowRemovals = False,
    output: DerivedOutput = None,
    verbose: Verbose = False,
    data_dir: DataDir = None,
) -> None:
    """GLOBALCIT Citizenship Law Dataset, country-year CSV (e.g. data_v3.1_country-year.csv)."""
    setup(data_dir)
    from migrights.law.importing import import_globalcit

    _run_import(lambda: import_globalcit(file, dry_run=dry_run, allow_removals=allow_removals, output=output), verbose)


@import_app.command("bla")
def import_bla_command(
    formation: ExistingFile,
    coding: ExistingFile,
    dry_run: DryRun = False,
    allow_removals: AllowRemovals = False,
    output: DerivedOutput = None,
    verbose: Verbose = False,
    data_dir: DataDir = None,
) -> None:
    """Bilateral Labor Agreements (Chilton and Woda 2022): BLAs_Formation_Data.dta and BLAs_Coding_Data.dta."""
    setup(data_dir)
    from migrights.law.importing import import_bla

    _run_import(
        lambda: import_bla(formation, coding, dry_run=dry_run, allow_removals=allow_removals, output=output),
        verbose,
    )


@import_app.command("upr")
def import_upr_command(
    files: Annotated[
        list[Path], typer.Argument(help="UPR Info exports, e.g. ../shared/data/upr-info/sessions-1-20/[0-9]*.csv")
    ],
    dry_run: DryRun = False,
    allow_removals: AllowRemovals = False,
    encoding: Annotated[
        str, typer.Option("--encoding", help="The files' encoding (UPR Info's exports are Mac Roman).")
    ] = "mac_roman",
    output: DerivedOutput = None,
    verbose: Verbose = False,
    data_dir: DataDir = None,
) -> None:
    """UPR Info's database of UPR recommendations (CSV, Mac Roman, CR line ends), read together as one set."""
    missing = [str(f) for f in files if not f.is_file()]
    if missing:
        raise fail(f"no such file: {', '.join(missing)}")
    setup(data_dir)
    from migrights.documents.importing import import_upr

    _run_import(
        lambda: import_upr(files, dry_run=dry_run, allow_removals=allow_removals, encoding=encoding, output=output),
        verbose,
    )


@import_app.command("general-comments")
def import_general_comments_command(
    directory: Annotated[
        Path,
        typer.Argument(
            help="The corpus folder (GC-info.json, json_data/), e.g. ../shared/data/treaty-bodies/general-comments-2024"
        ),
    ],
    dry_run: DryRun = False,
    allow_removals: AllowRemovals = False,
    output: DerivedOutput = None,
    verbose: Verbose = False,
    data_dir: DataDir = None,
) -> None:
    """UN treaty-body General Comments, paragraph by paragraph (CC BY-NC-SA 4.0 corpus)."""
    if not directory.is_dir():
        raise fail(f"no such folder: {directory}")
    setup(data_dir)
    from migrights.documents.importing import import_general_comments

    _run_import(
        lambda: import_general_comments(directory, dry_run=dry_run, allow_removals=allow_removals, output=output),
        verbose,
    )


@import_app.command("undesa-stock")
def import_undesa_command(
    directory: Annotated[
        Path, typer.Argument(help="Folder of the UN DESA 2019 tables, e.g. ../shared/data/undesa/2019")
    ],
    output: Annotated[
        Path | None,
        typer.Option("--output", help="Write the derived corridor files there (migrights/data/corridors)."),
    ] = None,
) -> None:
    """UN DESA International Migrant Stock 2019, origin x destination by sex, with the annex's classification.
    Checks every name and cell; with --output, writes the compact files the observatory commits."""
    setup(None, quiet=True)
    from migrights.corridors.importing import import_undesa

    report = _run_import(lambda: import_undesa(directory, output=output), False, print_report=False)
    console.print(
        f"{report.areas} areas, {report.corridors} corridors, {report.rows} corridor-years; cells without a "
        f"figure: {report.cells}",
        highlight=False,
        markup=False,
    )
    for note in report.notes:
        console.print(note, highlight=False, markup=False)
    for path in report.written:
        console.print(f"wrote {path}", highlight=False, markup=False)


@import_app.command("worldbank-2017")
def import_worldbank_command(
    directory: Annotated[Path, typer.Argument(help="Folder of the two matrices, e.g. ../shared/data/worldbank/2017")],
    output: Annotated[
        Path | None,
        typer.Option("--output", help="Write worldbank-2017.csv there (migrights/data/corridors)."),
    ] = None,
) -> None:
    """World Bank/KNOMAD bilateral migration and remittance matrices 2017: checks every name and cell."""
    setup(None, quiet=True)
    from migrights.corridors.importing import import_worldbank

    parsed, written = _run_import(lambda: import_worldbank(directory, output=output), False, print_report=False)
    for kind, matrix in parsed.items():
        kept = sum(matrix.cells.values())
        console.print(
            f"{kind}: {len(matrix.cells)} pairs summing to {kept:,.0f}; published world total "
            f"{matrix.published_total:,.0f}; in aggregate rows or areas without a code {matrix.left_out:,.0f}",
            highlight=False,
            markup=False,
        )
    for path in written:
        console.print(f"wrote {path}", highlight=False, markup=False)


@import_app.command("unhcr")
def import_unhcr_command(
    directory: Annotated[Path, typer.Argument(help="Folder of the R data files, e.g. ../shared/data/unhcr/2025.12.1")],
    output: Annotated[
        Path | None,
        typer.Option(
            "--output", help="Write unhcr-refugees.csv and unhcr-totals.csv there (migrights/data/corridors)."
        ),
    ] = None,
    dry_run: DryRun = False,
) -> None:
    """UNHCR refugee statistics (population.rda): refugees, asylum-seekers and other people in need of
    international protection by origin, asylum and year. Checks every name and figure; with --output writes both
    derived files or neither; with --dry-run says what would change and writes nothing."""
    setup(None, quiet=True)
    from migrights.corridors.importing import import_unhcr

    report = _run_import(lambda: import_unhcr(directory, output=output, dry_run=dry_run), False, print_report=False)
    console.print(
        f"{report.read:,} rows read; {report.corridors:,} corridors, {report.rows:,} corridor-years; first year "
        f"with a figure: {report.first_years}; read as a former state's: {report.stood_in}",
        highlight=False,
        markup=False,
    )
    for note in report.notes:
        console.print(note, highlight=False, markup=False)
    for name, change in report.changes.items():
        verb = "would change" if report.dry_run else "changed"
        console.print(f"{name} {verb}: {change}", highlight=False, markup=False)
    for path in report.written:
        console.print(f"wrote {path}", highlight=False, markup=False)
    if report.dry_run:
        console.print("dry run: nothing written", highlight=False, markup=False)


@import_app.command("csv")
def import_csv_command(
    kind: Annotated[str, typer.Argument(help="treaty-actions, memberships, milestones or votes")],
    file: ExistingFile,
    dataset: Annotated[
        str | None, typer.Option(help="Dataset name (default: the file name without extension).")
    ] = None,
    dry_run: DryRun = False,
    allow_removals: AllowRemovals = False,
    verbose: Verbose = False,
    data_dir: DataDir = None,
) -> None:
    """Import a hand-filled CSV (layout in docs/data-formats.md)."""
    setup(data_dir)
    from migrights.reference.importing import import_csv

    _run_import(
        lambda: import_csv(kind, file, dataset=dataset, dry_run=dry_run, allow_removals=allow_removals), verbose
    )


@import_app.command("sources")
def import_sources_command(file: ExistingFile, data_dir: DataDir = None) -> None:
    """Add or update sources from a YAML file (layout in docs/data-formats.md)."""
    setup(data_dir)
    from migrights.lib.yamlfiles import DataFileError
    from migrights.reference.importing import load_sources

    try:
        count = load_sources([file])
    except DataFileError as error:
        raise fail(str(error)) from None
    console.print(f"{count} sources added or updated.")


def _write(records: list[dict[str, Any]], columns: tuple[str, ...], fmt: Format, output: Path | None) -> None:
    handle = output.open("w", encoding="utf-8", newline="") if output else sys.stdout
    try:
        if fmt is Format.json:
            json.dump(records, handle, ensure_ascii=False, indent=1)
            handle.write("\n")
        else:
            write_csv(records, columns, handle)
    finally:
        if output:
            handle.close()


FormatOption = Annotated[Format, typer.Option("--format", help="csv or json")]
Output = Annotated[Path | None, typer.Option("--output", "-o", help="File to write (default: standard output).")]


@app.command("corridors")
def corridors_command(
    year: Annotated[int | None, typer.Option(help="Stock year: 1990, 1995, 2000, 2005, 2010, 2015 or 2019.")] = None,
    origin: Annotated[str | None, typer.Option(help="Only corridors from this country (ISO3).")] = None,
    destination: Annotated[str | None, typer.Option(help="Only corridors to this country (ISO3).")] = None,
    by: Annotated[
        str | None,
        typer.Option(help="Instead, the shares of migrants covered: world, development-group or region."),
    ] = None,
    fmt: FormatOption = Format.csv,
    output: Output = None,
    data_dir: DataDir = None,
) -> None:
    """Corridors (UN DESA 2019 stocks) with what governs each pair: covered, not-covered or unknown per kind."""
    setup(data_dir, quiet=output is None)
    from migrights.corridors.coverage import GROUPINGS
    from migrights.corridors.queries import (
        CORRIDOR_COLUMNS,
        SHARE_COLUMNS,
        corridor_frame,
        coverage_records,
    )
    from migrights.corridors.stocks import stock_years
    from migrights.lib.tables import plain_records

    if year is not None and year not in stock_years():
        raise fail(f"no migrant stock for {year}; the stock years are {', '.join(map(str, stock_years()))}")
    if by is not None:
        if by not in GROUPINGS:
            raise fail(f"--by: one of {', '.join(GROUPINGS)}")
        _write(coverage_records(year, by), SHARE_COLUMNS, fmt, output)
        return
    frame = corridor_frame(origin.upper() if origin else None, destination.upper() if destination else None, year)
    _write(plain_records(frame), CORRIDOR_COLUMNS, fmt, output)


@export_app.command("treaty-actions")
def export_treaty_actions(
    fmt: FormatOption = Format.csv,
    output: Output = None,
    instrument: Annotated[str | None, typer.Option(help="Only this instrument.")] = None,
    country: Annotated[str | None, typer.Option(help="Only this country (ISO3).")] = None,
    data_dir: DataDir = None,
) -> None:
    """Every treaty action with its date, precision, reservation flag and source."""
    setup(data_dir, quiet=output is None)
    from migrights.reference.exports import TREATY_ACTION_COLUMNS, treaty_action_records

    _write(treaty_action_records(instrument, country), TREATY_ACTION_COLUMNS, fmt, output)


@export_app.command("status")
def export_status(
    on: Annotated[str | None, typer.Option(help="Date YYYY-MM-DD (default: today).")] = None,
    fmt: FormatOption = Format.csv,
    output: Output = None,
    participants: Annotated[str, typer.Option(help="states (UN members and observers, default) or all")] = "states",
    data_dir: DataDir = None,
) -> None:
    """Each country's status (party, signatory, denounced, none) on each instrument on a date."""
    try:
        when = dt.date.fromisoformat(on) if on else dt.date.today()  # today when the command runs
    except ValueError:
        raise fail(f"--on {on!r} is not a date written YYYY-MM-DD") from None
    setup(data_dir, quiet=output is None)
    from migrights.reference.exports import STATUS_COLUMNS, status_records

    _write(status_records(when, participants), STATUS_COLUMNS, fmt, output)


@export_app.command("answers")
def export_answers(
    release: Annotated[str | None, typer.Option(help="Release number (default: the latest).")] = None,
    country: Annotated[str | None, typer.Option(help="Only this country (ISO3).")] = None,
    fmt: FormatOption = Format.csv,
    output: Output = None,
    data_dir: DataDir = None,
) -> None:
    """Released indicator values (never drafts), one row per country, year and indicator."""
    setup(data_dir, quiet=output is None)
    from migrights.assessments.public import ANSWER_COLUMNS, find_release, released_records

    chosen = find_release(release)
    if chosen is None:
        raise fail(f"no release {release}" if release else "no release has been published yet")
    _write(released_records(chosen, country), ANSWER_COLUMNS, fmt, output)


@export_app.command("commitments")
def export_commitments(
    country: Annotated[str | None, typer.Option(help="Only this country (ISO3).")] = None,
    fmt: FormatOption = Format.csv,
    output: Output = None,
    data_dir: DataDir = None,
) -> None:
    """Commitment indicators derived from treaty actions and memberships, every country and year from 1990."""
    setup(data_dir, quiet=output is None)
    from migrights.framework.queries import commitment_records, latest_framework

    framework = latest_framework()
    if framework is None:
        raise fail("no framework is loaded")
    records = [
        {
            "country": r["country"],
            "year": r["year"],
            "indicator": r["indicator"],
            # NA: does not apply; empty: unknown (partial data)
            "value": "NA" if r["not_applicable"] else "" if r["value"] is None else int(r["value"]),
        }
        for r in commitment_records(framework, [country.upper()] if country else None)
    ]
    _write(records, ("country", "year", "indicator", "value"), fmt, output)


class Language(StrEnum):
    en = "en"
    fr = "fr"
    es = "es"


@app.command()
def brief(
    output: Annotated[Path, typer.Option("--output", "-o", help="File to write: .html for HTML, else PDF.")],
    country: Annotated[str | None, typer.Argument(help="Country code (ISO3), e.g. PHL.")] = None,
    region: Annotated[
        str | None, typer.Option(help='A UN M49 region or sub-region, e.g. "South-eastern Asia": a comparative brief.')
    ] = None,
    countries: Annotated[
        str | None, typer.Option(help="ISO3 codes separated by commas, e.g. PHL,IDN,MYS: a comparative brief.")
    ] = None,
    instrument: Annotated[str | None, typer.Option(help="An instrument's code, e.g. ICRMW: a global brief.")] = None,
    lang: Annotated[Language, typer.Option("--lang", help="Language of the brief: en, fr or es.")] = Language.en,
    data_dir: DataDir = None,
) -> None:
    """A policy brief as PDF (or HTML): on a country (2-4 pages: a narrative, commitments, scores and trend, region
    and peers, gaps, sources), comparing a region or a list of countries, or on one instrument across the world."""
    chosen = [
        (k, v)
        for k, v in (("country", country), ("region", region), ("countries", countries), ("instrument", instrument))
        if v
    ]
    if len(chosen) != 1:
        raise fail("name one subject: a country code, --region, --countries or --instrument")
    kind, key = chosen[0]
    setup(data_dir, quiet=True)
    from migrights.briefs.brief import UnknownCountry
    from migrights.briefs.groups import UnknownArea, UnknownInstrument, area_names
    from migrights.briefs.render import build_document

    fmt = "html" if output.suffix.lower() in (".html", ".htm") else "pdf"
    try:
        document = build_document(kind, key, lang.value, fmt)
    except UnknownCountry as error:
        raise fail(f"no country with code {str(error)!r}") from None
    except UnknownArea:
        raise fail(f"no region or sub-region {key!r}; one of: {', '.join(area_names())}") from None
    except UnknownInstrument:
        raise fail(f"no ratifiable instrument with code {key!r}") from None
    output.write_bytes(document)
    console.print(f"{output} written ({len(document) // 1024} KB)")


@export_app.command("datapackage")
def export_datapackage(
    output: Annotated[Path, typer.Option("--output", "-o", help="Folder to write the package into.")],
    release: Annotated[
        str | None, typer.Option(help="Release number, or 'commitments' (default: the latest release).")
    ] = None,
    data_dir: DataDir = None,
) -> None:
    """A Frictionless Data Package: one CSV per table and datapackage.json (the /data/ downloads)."""
    import shutil

    setup(data_dir, quiet=True)
    from migrights.lib.files import aside
    from migrights.opendata import downloads
    from migrights.opendata.tables import UnknownEdition, resolve

    try:
        edition = resolve(release)
    except UnknownEdition as error:
        raise fail(str(error)) from None
    if output.exists() and not output.is_dir():
        raise fail(f"{output} exists and is not a folder")
    created = not output.exists()
    try:
        output.mkdir(parents=True, exist_ok=True)
        # written aside, then moved in: a failure leaves no half-written package
        with aside(output / "datapackage", folder=True) as building:
            package = downloads.write_package(edition, building)
            for item in building.iterdir():
                os.replace(item, output / item.name)
    except BaseException as error:
        if created:
            shutil.rmtree(output, ignore_errors=True)
        if isinstance(error, OSError):
            raise fail(f"cannot write into {output}: {error.strerror or error}") from None
        raise
    console.print(f"Data package {package['name']} ({len(package['resources'])} tables) written to {output}")


@app.command(context_settings={"ignore_unknown_options": True, "allow_extra_args": True})
def manage(
    args: Annotated[list[str] | None, typer.Argument(help="Django management command and arguments.")] = None,
    data_dir: DataDir = None,
) -> None:
    """Run a Django management command (e.g. `migrights manage createsuperuser`, `collectstatic --noinput`).

    Options after the command's name are the command's own (Django's), passed through as they are.
    """
    setup(data_dir)
    from django.core.management import execute_from_command_line

    execute_from_command_line(["migrights manage", *(args or ["help"])])


def _database_settings(data_dir: Path | None) -> dict[str, Any]:
    """Django's settings for the database, without migrating or loading anything."""
    if data_dir is not None:
        os.environ["MIGRIGHTS_DATA_DIR"] = str(data_dir.resolve())
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "migrights.settings")
    import django
    from django.conf import settings

    django.setup()
    return settings.DATABASES["default"]


Force = Annotated[bool, typer.Option("--force", help="Overwrite what is there.")]


@app.command()
def backup(
    output: Annotated[Path, typer.Argument(help="File to write (SQLite database, or pg_dump custom format).")],
    data_dir: DataDir = None,
    force: Force = False,
) -> None:
    """Back up the database while the observatory runs (one consistent snapshot; never copy the file)."""
    from migrights.lib.backup import BackupFailed, backup_postgres, backup_sqlite

    database = _database_settings(data_dir)
    if output.exists() and not force:
        raise fail(f"{output} exists; give another name, or --force to overwrite it")
    try:
        if database["ENGINE"] == "django.db.backends.sqlite3":
            backup_sqlite(Path(database["NAME"]), output)
        else:
            backup_postgres(database, output)
    except BackupFailed as error:
        raise fail(str(error)) from None
    console.print(f"backed up to {output} ({output.stat().st_size / 1e6:.1f} MB)", highlight=False)


@app.command()
def restore(
    backup_file: Annotated[Path, typer.Argument(metavar="INPUT", help="A file written by `migrights backup`.")],
    data_dir: DataDir = None,
    force: Annotated[bool, typer.Option("--force", help="Replace the database that is there.")] = False,
) -> None:
    """Replace the database by a backup, all or nothing (stop the server first; start it again after)."""
    from migrights.lib.backup import BackupFailed, has_data, restore_postgres, restore_sqlite

    database = _database_settings(data_dir)
    if not backup_file.is_file():
        raise fail(f"there is no file {backup_file}")
    try:
        if has_data(database) and not force:
            raise fail(
                f"a database is already at {database['NAME']}: restoring replaces all of it; "
                "stop the server, then run again with --force"
            )
        if database["ENGINE"] == "django.db.backends.sqlite3":
            restore_sqlite(backup_file, Path(database["NAME"]))
        else:
            restore_postgres(database, backup_file)
    except BackupFailed as error:
        raise fail(str(error)) from None
    from migrights.lib.generations import change_everything

    change_everything()  # pages and values kept from the replaced database are looked up under new keys
    console.print(
        f"restored {backup_file} into {database['NAME']}; start the observatory (`migrights up`), "
        "which migrates a backup from an earlier version",
        highlight=False,
    )


data_app = typer.Typer(help="Maintain the embedded data (for maintainers).")
app.add_typer(data_app, name="data")


@data_app.command("build")
def data_build(
    shared: Annotated[Path, typer.Option(help="Folder of the publishers' raw files.")] = Path("../shared/data"),
    out: Annotated[Path | None, typer.Option(help="Embedded data folder to write (default: the package's).")] = None,
) -> None:
    """Rebuild the embedded UNTC and NORMLEX treaty actions from the raw files."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "migrights.settings")
    import django

    django.setup()
    from migrights.lib.paths import EMBEDDED_DATA_DIR
    from migrights.reference.build import build_embedded
    from migrights.reference.loading import ImportFailed

    try:
        counts = build_embedded(shared, out or EMBEDDED_DATA_DIR)
    except ImportFailed as failure:
        for problem in failure.problems:
            console.print(str(problem), highlight=False, markup=False)
        raise fail(f"{len(failure.problems)} problem(s); nothing was written") from None
    for dataset, count in counts.items():
        console.print(f"{dataset}: {count} treaty actions")


class AuditPart(StrEnum):
    instruments = "instruments"
    bodies = "bodies"


@data_app.command("audit")
def data_audit(
    fmt: Annotated[Format | None, typer.Option("--format", help="csv or json (default: tables on screen)")] = None,
    part: Annotated[AuditPart, typer.Option(help="Which report --format writes.")] = AuditPart.instruments,
    output: Output = None,
    data_dir: DataDir = None,
) -> None:
    """The data-quality report: per instrument, parties held vs the count a read source states, completeness,
    verified and day-precision shares, oldest source, rows on unread sources; per body, members with dates."""
    setup(data_dir, quiet=fmt is not None and output is None)
    from migrights.governance.audit import body_audit
    from migrights.reference.audit import instrument_audit

    instruments = [line.as_dict() for line in instrument_audit()]
    bodies = [line.as_dict() for line in body_audit()]
    if fmt is not None:
        records = instruments if part is AuditPart.instruments else bodies
        _write(records, tuple(records[0]) if records else (), fmt, output)
        return
    out = Console(width=max(Console().width, 130))
    table = Table(title="Treaty data by instrument (details: --format json)")
    for column in ("instrument", "rows", "parties", "stated", "verified", "day dates", "oldest source", "unread"):
        table.add_column(column, justify="left" if column == "instrument" else "right")
    table.add_column("completeness")

    def share(value: float | None) -> str:
        return "—" if value is None else f"{value:.0%}"

    for line in instruments:
        stated = f"{line['stated_parties']} ({line['stated_as_of']})" if line["stated_parties"] is not None else "—"
        table.add_row(
            line["code"],
            str(line["rows"]),
            str(line["parties"]),
            stated,
            share(line["verified_share"]),
            share(line["day_precision_share"]),
            line["oldest_source"] or "—",
            str(line["unread_rows"]),
            f"complete as of {line['complete_as_of']}" if line["complete_as_of"] else "partial",
        )
    out.print(table)
    table = Table(title="Governance bodies")
    for column in ("body", "members", "with start", "with end", "others", "verified", "unread"):
        table.add_column(column, justify="left" if column == "body" else "right")
    for line in bodies:
        table.add_row(
            line["slug"],
            str(line["members"]),
            str(line["members_with_start"]),
            str(line["members_with_end"]),
            str(line["others"]),
            share(line["verified_share"]),
            str(line["unread_rows"]),
        )
    out.print(table)


def _register_app_commands() -> None:
    """Each app keeps its own commands; they are wired here, once the shared helpers exist."""
    from migrights.assessments.cli import answers_app, assessment_app, assign_command, release_app, users_app
    from migrights.framework.cli import framework_app
    from migrights.scores.cli import compute_command

    app.add_typer(framework_app, name="framework")
    app.add_typer(users_app, name="users")
    app.command("assign")(assign_command)
    app.add_typer(assessment_app, name="assessment")
    app.add_typer(answers_app, name="answers")
    app.add_typer(release_app, name="release")
    app.command("compute")(compute_command)


_register_app_commands()


def main() -> None:
    app()


if __name__ == "__main__":
    main()
