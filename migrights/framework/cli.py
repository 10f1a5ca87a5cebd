"""``migrights framework``: check and load framework files."""

from __future__ import annotations

import typer

from migrights.lib.commandline import DataDir, ExistingFile, console, fail, setup

framework_app = typer.Typer(help="Check, load and list indicator frameworks.")


def _report_problems(error: Exception) -> typer.Exit:
    lines = str(error).splitlines()
    for line in lines:
        console.print(line, highlight=False, markup=False)
    return fail(f"{len(lines)} problem(s) in the framework file; nothing was loaded")


@framework_app.command("check")
def framework_check(file: ExistingFile, data_dir: DataDir = None) -> None:
    """Refuse a broken framework file, saying where; print its counts when sound."""
    setup(data_dir, quiet=True)
    from migrights.framework.loading import check_framework_file
    from migrights.lib.yamlfiles import DataFileError

    try:
        definition = check_framework_file(file)
    except DataFileError as error:
        raise _report_problems(error) from None
    counts = definition.counts()
    console.print(
        f"{definition.label}: sound; {counts['categories']} categories, {counts['rights']} rights, "
        f"{counts['indicators']} indicators ({counts['commitment']} commitment, {counts['protection']} protection, "
        f"{counts['implementation']} implementation)"
    )


@framework_app.command("load")
def framework_load(file: ExistingFile, data_dir: DataDir = None) -> None:
    """Check then load a framework version (a version already used by assessments never changes)."""
    setup(data_dir, quiet=True)
    from migrights.framework.loading import load_framework_file
    from migrights.lib.yamlfiles import DataFileError

    try:
        outcome = load_framework_file(file)
    except DataFileError as error:
        raise _report_problems(error) from None
    console.print(f"{outcome.framework}: {outcome.outcome}")


@framework_app.command("list")
def framework_list(data_dir: DataDir = None) -> None:
    """Loaded framework versions."""
    setup(data_dir, quiet=True)
    from migrights.framework.models import Framework

    for framework in Framework.objects.all():
        counts = framework.definition().counts()
        typer.echo(f"{framework.code}\t{framework.version}\t{framework.published}\t{counts['indicators']} indicators")
