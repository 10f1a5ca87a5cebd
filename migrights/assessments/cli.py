"""Command line of the expert workflow: users, assignments, assessments, answers, releases.

A public contract (see docs/cli.md): a refused action exits 1 with a one-line reason and
changes nothing, because every command calls one transactional function of ``workflow``.
"""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import typer

from migrights.lib.commandline import DataDir, ExistingFile, console, fail, setup

users_app = typer.Typer(help="People and their roles.")
assessment_app = typer.Typer(help="Open, submit and review country-year assessments.")
answers_app = typer.Typer(help="Offline coding: export a questionnaire, import filled answers.")
release_app = typer.Typer(help="Publish numbered, immutable releases of approved values.")


class RoleName(StrEnum):
    expert = "expert"
    reviewer = "reviewer"
    coordinator = "coordinator"
    admin = "admin"


class AssignAs(StrEnum):
    expert = "expert"
    reviewer = "reviewer"


Country = Annotated[str, typer.Option("--country", help="ISO 3166-1 alpha-3 code.")]
Year = Annotated[int, typer.Option("--year", help="Year assessed.")]
Actor = Annotated[str, typer.Option("--as", help="User acting.")]


def _refusals() -> tuple[type[Exception], ...]:
    from migrights.assessments.workflow import Refused
    from migrights.lib.yamlfiles import DataFileError

    return Refused, DataFileError


def _run(work: Any) -> Any:
    """Run a workflow call; a refusal becomes its reason(s) and exit code 1."""
    try:
        return work()
    except _refusals() as refusal:
        lines = str(refusal).splitlines()
        if len(lines) == 1:
            raise fail(lines[0]) from None
        for line in lines:
            console.print(line, highlight=False, markup=False)
        raise fail(f"{len(lines)} problem(s); nothing was changed") from None


def _country(code: str) -> Any:
    from migrights.assessments.workflow import Refused
    from migrights.reference.models import Country as CountryModel

    country = CountryModel.objects.filter(code=code.upper()).first()
    if country is None:
        raise Refused(f"unknown country code {code!r}")
    return country


def _user(name: str) -> Any:
    from migrights.assessments.workflow import find_user

    return find_user(name)


def _assessment(country: str, year: int) -> Any:
    from migrights.assessments.workflow import find_assessment

    return find_assessment(_country(country), year)


@users_app.command("add")
def users_add(
    name: Annotated[str, typer.Argument(help="User name (used to sign in).")],
    role: Annotated[list[RoleName], typer.Option("--role", help="Role; repeat for several.")],
    password_file: Annotated[Path, typer.Option("--password-file", exists=True, dir_okay=False)],
    email: Annotated[str, typer.Option("--email")] = "",
    data_dir: DataDir = None,
) -> None:
    """Create a person with one or more roles; the password is read from a file (never an argument)."""
    setup(data_dir, quiet=True)
    from migrights.assessments.workflow import add_user

    password = password_file.read_text(encoding="utf-8").strip()
    user = _run(lambda: add_user(name, [r.value for r in role], password, email))
    console.print(f"added {user.username} ({', '.join(r.value for r in role)})")


@users_app.command("list")
def users_list(data_dir: DataDir = None) -> None:
    """People, their roles and assignments."""
    setup(data_dir, quiet=True)
    from django.contrib.auth.models import User

    from migrights.assessments.workflow import roles_of

    for user in User.objects.order_by("username"):
        countries = ", ".join(f"{a.country.code} ({a.role})" for a in user.assignments.select_related("country"))
        typer.echo(f"{user.username}\t{','.join(sorted(roles_of(user)))}\t{countries}")


def assign_command(
    name: Annotated[str, typer.Argument(help="User name.")],
    country: Country,
    role: Annotated[AssignAs, typer.Option("--as", help="Assign as expert or reviewer.")],
    data_dir: DataDir = None,
) -> None:
    """Assign a person to a country as its expert or its reviewer."""
    setup(data_dir, quiet=True)
    from migrights.assessments.workflow import assign

    assignment = _run(lambda: assign(_user(name), _country(country), role.value))
    console.print(f"{name} is assigned to {assignment.country.code} as {role.value}")


@assessment_app.command("open")
def assessment_open(
    country: Country,
    year: Year,
    framework: Annotated[
        str | None, typer.Option("--framework", help="[CODE:]VERSION of the framework (default: newest MRF).")
    ] = None,
    data_dir: DataDir = None,
) -> None:
    """Open the assessment of a country for a year."""
    setup(data_dir, quiet=True)
    from migrights.assessments.workflow import Refused, open_assessment
    from migrights.framework.models import Framework

    def work() -> Any:
        chosen = None
        if framework:
            code, _, version = framework.rpartition(":")
            chosen = Framework.objects.filter(code=code or "MRF", version=version).first()
            if chosen is None:
                raise Refused(f"framework version {framework} is not loaded")
        return open_assessment(_country(country), year, chosen)

    assessment = _run(work)
    console.print(f"opened {assessment}")


@assessment_app.command("submit")
def assessment_submit(country: Country, year: Year, actor: Actor, data_dir: DataDir = None) -> None:
    """Submit an expert's answers for review (refused with what is missing)."""
    setup(data_dir, quiet=True)
    from migrights.assessments.workflow import submit

    assessment = _run(lambda: submit(_user(actor), _assessment(country, year)))
    console.print(f"{assessment}: {assessment.get_state_display().lower()}")


@assessment_app.command("review")
def assessment_review(
    country: Country,
    year: Year,
    actor: Actor,
    approve: Annotated[bool, typer.Option("--approve", help="Approve the assessment.")] = False,
    return_: Annotated[bool, typer.Option("--return", help="Return it to the experts.")] = False,
    comment: Annotated[str, typer.Option("--comment", help="Comment (required with --return).")] = "",
    data_dir: DataDir = None,
) -> None:
    """Approve or return a submitted assessment."""
    if approve == return_:
        raise fail("give exactly one of --approve or --return")
    if return_ and not comment.strip():
        raise fail("--return needs --comment saying what to fix")
    setup(data_dir, quiet=True)
    from migrights.assessments.workflow import approve as approve_assessment
    from migrights.assessments.workflow import return_assessment

    def work() -> Any:
        user, assessment = _user(actor), _assessment(country, year)
        if approve:
            return approve_assessment(user, assessment, comment)
        return return_assessment(user, assessment, comment)

    assessment = _run(work)
    console.print(f"{assessment}: {assessment.get_state_display().lower()}")


@assessment_app.command("list")
def assessment_list(data_dir: DataDir = None) -> None:
    """Assessments and their states."""
    setup(data_dir, quiet=True)
    from migrights.assessments.models import Assessment

    for a in Assessment.objects.select_related("country", "framework"):
        typer.echo(f"{a.country.code}\t{a.year}\t{a.framework}\t{a.state}")


@answers_app.command("export")
def answers_export(
    country: Country,
    year: Year,
    output: Annotated[Path, typer.Option("--output", help="FILE.xlsx or FILE.csv")],
    data_dir: DataDir = None,
) -> None:
    """Export the questionnaire of an assessment (XLSX: a sheet per category, drop-down answers)."""
    setup(data_dir, quiet=True)
    from migrights.assessments.questionnaire import export_questionnaire

    count = _run(lambda: export_questionnaire(_assessment(country, year), output))
    console.print(f"wrote {count} questions to {output}")


@answers_app.command("import")
def answers_import(
    file: ExistingFile,
    actor: Actor,
    country: Country,
    year: Year,
    dry_run: Annotated[bool, typer.Option("--dry-run", help="Check and report; change nothing.")] = False,
    data_dir: DataDir = None,
) -> None:
    """Import a filled questionnaire (XLSX or CSV) as one expert's answers: all or nothing."""
    setup(data_dir, quiet=True)
    from migrights.assessments.questionnaire import import_answers

    report = _run(lambda: import_answers(file, _user(actor), _assessment(country, year), dry_run=dry_run))
    verb = "would save" if dry_run else "saved"
    console.print(
        f"{verb} {report.saved} answer(s), {report.unchanged} unchanged, {report.skipped} blank row(s) skipped"
    )


@release_app.command("create")
def release_create(
    version: Annotated[str, typer.Argument(help="Release number, e.g. 2026.1")],
    actor: Actor,
    notes: Annotated[str, typer.Option("--notes")] = "",
    data_dir: DataDir = None,
) -> None:
    """Publish the approved values as an immutable release, with a changelog."""
    setup(data_dir, quiet=True)
    from migrights.assessments.workflow import create_release

    release = _run(lambda: create_release(_user(actor), version, notes))
    counts = release.changelog["counts"]
    console.print(
        f"release {release.version}: {counts['values']} values "
        f"({counts['added']} added, {counts['changed']} changed, {counts['removed']} removed)"
    )


@release_app.command("list")
def release_list(data_dir: DataDir = None) -> None:
    """Published releases."""
    setup(data_dir, quiet=True)
    from migrights.assessments.models import Release

    for release in Release.objects.all():
        typer.echo(
            f"{release.version}\t{release.created:%Y-%m-%d}\t{release.changelog.get('counts', {}).get('values')}"
        )
