"""What an import tells and keeps: its report, the source it records, and a busy database's refusal.

In-process and fast; the files are our hand-made fixtures (never a publisher's page), or a few-line
table in NORMLEX's layout.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import shutil
from pathlib import Path

import pytest
from django.db import OperationalError

from migrights.reference import importing, names
from migrights.reference.importing import ANOTHER_IMPORT, import_csv, import_publisher
from migrights.reference.loading import ImportFailed
from migrights.reference.models import ImportRun, Instrument, Source, TreatyAction

FILES = Path(__file__).parent / "files"
OHCHR = Path(__file__).resolve().parents[2] / "importers" / "tests" / "files" / "ohchr"
CMW = OHCHR / "cmw_ratification.xls"
pytestmark = pytest.mark.django_db


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _refused(call, *args, **kwargs) -> list:
    with pytest.raises(ImportFailed) as failure:
        call(*args, **kwargs)
    return failure.value.problems


def _without_rows(tmp_path: Path, countries: tuple[str, ...]) -> Path:
    """The OHCHR fixture with the rows of ``countries`` taken out (a shorter, well-formed export)."""
    lines = CMW.read_text(encoding="utf-8").splitlines(keepends=True)
    shorter = tmp_path / "cmw_ratification.xls"
    shorter.write_text(
        "".join(line for line in lines if not any(f"<tr><td>{c}</td>" in line for c in countries)), encoding="utf-8"
    )
    return shorter


# ---- the report the command line prints ---------------------------------------------------------


def test_a_csv_import_reports_its_kind_dataset_file_and_rows(tmp_path):
    mine = tmp_path / "mine.csv"
    shutil.copyfile(FILES / "actions_good.csv", mine)
    dry = import_csv("treaty-actions", mine, dry_run=True)
    assert (dry.kind, dry.dataset, dry.file, dry.dry_run, dry.rows_read) == (
        "treaty-actions",
        "mine",
        "mine.csv",
        True,
        2,
    )
    assert (dry.excluded, dry.warnings, dry.not_loaded) == ([], [], [])
    done = import_csv("treaty-actions", mine, dataset="hand-filled")
    assert (done.kind, done.dataset, done.dry_run, len(done.plan.added)) == ("treaty-actions", "hand-filled", False, 2)
    assert TreatyAction.objects.filter(dataset="hand-filled").count() == 2


def test_a_publisher_import_reports_the_publisher_and_its_channel():
    report = import_publisher("ohchr", CMW, instrument="ICRMW", dry_run=True)
    assert (report.kind, report.dataset, report.file, report.dry_run) == ("ohchr", "ohchr", CMW.name, True)
    assert report.rows_read == len(report.plan.added) > 0 and report.excluded == [] and report.warnings == []


def test_names_the_mapping_file_leaves_out_are_reported_and_not_loaded(monkeypatch):
    real = names.name_map("ohchr")  # as if its line read "Albania,," (an empty code: left out on purpose)
    mapping = names.NameMap(real.file, {**real.codes, names.normalise_name("Albania"): ""})
    monkeypatch.setattr(importing, "name_map", lambda source: mapping)
    report = import_publisher("ohchr", CMW, instrument="ICRMW")
    assert report.excluded == ["Albania"]
    assert not TreatyAction.objects.filter(dataset="ohchr", country__code="ALB").exists()
    assert TreatyAction.objects.filter(dataset="ohchr", country__code="ARG").exists()


def test_an_unknown_kind_names_the_file_and_the_known_kinds():
    (problem,) = _refused(import_csv, "treaties", FILES / "actions_good.csv")
    assert problem.file == str(FILES / "actions_good.csv")
    assert problem.reason.startswith("unknown kind 'treaties': use one of treaty-actions, ")


# ---- the source a publisher's file becomes ------------------------------------------------------


def test_a_publishers_file_becomes_a_source_naming_producer_title_address_and_file():
    import_publisher("ohchr", CMW, instrument="ICRMW", accessed=dt.date(2026, 2, 3))
    source = TreatyAction.objects.filter(dataset="ohchr").first().source
    icrmw = Instrument.objects.get(code="ICRMW")
    assert source.key == f"ohchr-icrmw-{_digest(CMW)[:12]}" and source.checksum == f"sha256:{_digest(CMW)}"
    assert source.producer == "Office of the United Nations High Commissioner for Human Rights"
    assert source.title == "Migrant Workers Convention: status of the instrument"
    assert source.url == icrmw.depositary_url != ""
    assert source.note == "imported from cmw_ratification.xls"
    assert source.accessed == dt.date(2026, 2, 3)


def test_a_given_address_is_kept_instead_of_the_depositarys():
    import_publisher("ohchr", CMW, instrument="ICRMW", url="https://example.org/export")
    assert TreatyAction.objects.filter(dataset="ohchr").first().source.url == "https://example.org/export"


def test_a_normlex_table_loads_as_a_source_of_its_own(tmp_path):
    table = tmp_path / "normlex.csv"
    table.write_text("Country,C189\nPhilippines,2012\n", encoding="utf-8")
    report = import_publisher("normlex", table)
    (act,) = TreatyAction.objects.filter(dataset="normlex", instrument__code="ILO-C189")
    assert (act.country.code, act.action, act.date.iso(), report.kind) == ("PHL", "ratification", "2012", "normlex")
    source = act.source
    assert source.key == f"normlex-table-{_digest(table)[:12]}"
    assert (source.producer, source.title, source.url) == (
        "International Labour Organization, NORMLEX",
        "Ratifications by country and convention",
        "",
    )
    assert source.note == "imported from normlex.csv" and source.raw_file


def test_the_file_the_data_was_built_from_keeps_its_source():
    # a source already holding this file's checksum (e.g. the embedded data's): no second source for it
    built = Source.objects.create(
        key="ohchr-cmw-as-built",
        producer="OHCHR",
        title="as built",
        accessed=dt.date(2026, 2, 3),
        checksum=f"sha256:{_digest(CMW)}",
    )
    count = Source.objects.count()
    import_publisher("ohchr", CMW, instrument="ICRMW")
    assert Source.objects.count() == count
    assert set(TreatyAction.objects.filter(dataset="ohchr").values_list("source", flat=True)) == {built.pk}


def test_a_source_already_named_for_the_file_is_reused_not_duplicated():
    named = Source.objects.create(
        key=f"ohchr-icrmw-{_digest(CMW)[:12]}", producer="OHCHR", title="named", accessed=dt.date(2026, 2, 3)
    )
    count = Source.objects.count()
    import_publisher("ohchr", CMW, instrument="ICRMW")
    assert Source.objects.count() == count
    assert set(TreatyAction.objects.filter(dataset="ohchr").values_list("source", flat=True)) == {named.pk}


# ---- removals by a publisher's shorter file -----------------------------------------------------


def test_a_shorter_export_may_not_remove_acts_without_allow_removals(tmp_path):
    import_publisher("ohchr", CMW, instrument="ICRMW")
    before = TreatyAction.objects.filter(dataset="ohchr").count()
    shorter = _without_rows(tmp_path, ("Argentina", "Bolivia (Plurinational State of)", "Bosnia and Herzegovina"))
    problems = _refused(import_publisher, "ohchr", shorter, instrument="ICRMW")
    assert [p.file for p in problems] == [str(shorter)]
    assert "ICRMW: would remove" in problems[0].reason and "--allow-removals" in problems[0].reason
    assert TreatyAction.objects.filter(dataset="ohchr").count() == before
    done = import_publisher("ohchr", shorter, instrument="ICRMW", allow_removals=True)
    assert len(done.plan.removed) >= 3
    assert TreatyAction.objects.filter(dataset="ohchr").count() == before - len(done.plan.removed)
    assert not TreatyAction.objects.filter(dataset="ohchr", country__code="ARG").exists()


# ---- a database busy with another writer -------------------------------------------------------


def _busy(monkeypatch, message: str) -> None:
    """The database refuses the writes half-way (another process holds it), after the rows were applied."""
    real = importing.apply

    def apply_then_fail(plan_):
        real(plan_)
        raise OperationalError(message)

    monkeypatch.setattr(importing, "apply", apply_then_fail)


@pytest.mark.parametrize(
    "message", ["database is locked", 'could not obtain lock on row in relation "reference_treatyaction"']
)
def test_a_busy_database_is_told_as_another_import_and_keeps_nothing(monkeypatch, tmp_path, message):
    mine = tmp_path / "mine.csv"
    shutil.copyfile(FILES / "actions_good.csv", mine)
    _busy(monkeypatch, message)
    problems = _refused(import_csv, "treaty-actions", mine)
    assert [(p.file, p.row, p.column, p.reason) for p in problems] == [(str(mine), None, None, ANOTHER_IMPORT)]
    assert not TreatyAction.objects.filter(dataset="mine").exists()


def test_another_database_error_is_not_mistaken_for_a_busy_database(monkeypatch, tmp_path):
    mine = tmp_path / "mine.csv"
    shutil.copyfile(FILES / "actions_good.csv", mine)
    _busy(monkeypatch, "no such table: reference_treatyaction")
    with pytest.raises(OperationalError, match="no such table"):
        import_csv("treaty-actions", mine)
    assert not TreatyAction.objects.filter(dataset="mine").exists()


def test_the_import_lock_refusal_names_the_file(settings, tmp_path):
    import fcntl

    mine = tmp_path / "mine.csv"
    shutil.copyfile(FILES / "actions_good.csv", mine)
    with (settings.DATA_DIR / "import.lock").open("a") as other:
        fcntl.flock(other, fcntl.LOCK_EX | fcntl.LOCK_NB)
        problems = _refused(import_csv, "treaty-actions", mine)
    assert [(p.file, p.reason) for p in problems] == [(str(mine), ANOTHER_IMPORT)]


# ---- the record of a failed import -------------------------------------------------------------


def test_a_failed_import_records_its_first_thousand_problems(tmp_path):
    header = (FILES / "actions_good.csv").read_text().splitlines()[0]
    bad = tmp_path / "many.csv"
    bad.write_text(header + "\n" + "XXX,ICRMW,signature,2031-01-15,,false,false,,untc-icrmw-2026-02-03,,\n" * 1001)
    problems = _refused(import_csv, "treaty-actions", bad)
    assert len(problems) == 1001
    run = ImportRun.objects.get(file_name="many.csv")
    assert run.outcome == "failed" and run.problems == [str(p) for p in problems[:1000]]


def test_a_bad_cell_of_a_normlex_table_is_refused_naming_the_file(tmp_path):
    table = tmp_path / "normlex.csv"
    table.write_text("Country,C189\nPhilippines,20x1\n", encoding="utf-8")
    problems = _refused(import_publisher, "normlex", table)
    assert problems and {p.file for p in problems} == {str(table)}
    assert not TreatyAction.objects.filter(dataset="normlex", instrument__code="ILO-C189").exists()
