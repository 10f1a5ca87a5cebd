"""Publishers' formats through the one loader: OHCHR's export and name mapping failures."""

from pathlib import Path

import pytest

from migrights.reference.importing import import_publisher
from migrights.reference.loading import ImportFailed
from migrights.reference.models import ImportRun, Source, TreatyAction

OHCHR = Path(__file__).resolve().parents[2] / "importers" / "tests" / "files" / "ohchr"
pytestmark = pytest.mark.django_db


def test_ohchr_export_loads_as_its_own_dataset_and_keeps_the_raw_file(settings):
    report = import_publisher("ohchr", OHCHR / "cmw_ratification.xls", instrument="ICRMW")
    assert report.plan.added and not report.plan.removed
    albania = TreatyAction.objects.get(dataset="ohchr", country__code="ALB", instrument__code="ICRMW")
    assert albania.action == "accession" and albania.date.iso() == "2007-06-05"
    assert (settings.DATA_DIR / albania.source.raw_file).is_file()
    assert import_publisher("ohchr", OHCHR / "cmw_ratification.xls", instrument="ICRMW").plan.is_empty
    # the UNTC dataset on the same instrument is untouched
    assert TreatyAction.objects.filter(dataset="untc", instrument__code="ICRMW").count() > 90


def test_a_broken_export_loads_nothing_and_is_recorded():
    with pytest.raises(ImportFailed) as failure:
        import_publisher("ohchr", OHCHR / "bad_date.xls", instrument="ICRMW")
    assert failure.value.problems and all(p.row is not None for p in failure.value.problems)
    assert not TreatyAction.objects.filter(dataset="ohchr").exists()
    assert ImportRun.objects.filter(kind="ohchr", file_name="bad_date.xls", outcome="failed").exists()


def test_an_unknown_instrument_is_refused():
    with pytest.raises(ImportFailed) as failure:
        import_publisher("ohchr", OHCHR / "cmw_ratification.xls", instrument="NOPE")
    assert "--instrument 'NOPE'" in str(failure.value.problems[0])


def test_an_unmapped_name_fails_the_import(tmp_path):
    page = tmp_path / "renamed.xls"
    page.write_text((OHCHR / "cmw_ratification.xls").read_text().replace(">Albania<", ">Albanya<"))
    with pytest.raises(ImportFailed) as failure:
        import_publisher("ohchr", page, instrument="ICRMW")
    assert any("'Albanya' is not in ohchr.csv" in str(p) for p in failure.value.problems)


def test_an_import_failing_after_its_writes_keeps_none_of_them(settings, tmp_path):
    # the rows are applied and the source saved, then keeping the raw file fails: all of it is rolled back
    blocked = tmp_path / "raw"
    blocked.write_text("a file where the raw files' folder should be")
    settings.RAW_FILES_DIR = blocked
    sources = set(Source.objects.values_list("pk", flat=True))
    with pytest.raises(OSError):
        import_publisher("ohchr", OHCHR / "cmw_ratification.xls", instrument="ICRMW")
    assert not TreatyAction.objects.filter(dataset="ohchr").exists()
    assert set(Source.objects.values_list("pk", flat=True)) == sources
    settings.RAW_FILES_DIR = tmp_path / "kept"
    assert import_publisher("ohchr", OHCHR / "cmw_ratification.xls", instrument="ICRMW").plan.added


def test_every_import_leaves_a_record_of_what_it_did(settings, tmp_path):
    import hashlib

    xls = OHCHR / "cmw_ratification.xls"
    checksum = "sha256:" + hashlib.sha256(xls.read_bytes()).hexdigest()
    dry = import_publisher("ohchr", xls, instrument="ICRMW", dry_run=True)
    loaded = import_publisher("ohchr", xls, instrument="ICRMW")
    again = import_publisher("ohchr", xls, instrument="ICRMW")
    with pytest.raises(ImportFailed):
        import_publisher("ohchr", OHCHR / "bad_date.xls", instrument="ICRMW")
    runs = list(ImportRun.objects.filter(kind="ohchr").order_by("pk"))
    assert [r.outcome for r in runs] == ["dry-run", "loaded", "loaded", "failed"]
    for run, report in ((runs[0], dry), (runs[1], loaded), (runs[2], again)):
        assert (run.dataset, run.file_name, run.checksum) == ("ohchr", "cmw_ratification.xls", checksum)
        assert run.finished is not None and run.finished >= run.started and run.problems == []
        assert run.rows_read == report.rows_read > 0
        plan = report.plan
        counts = (len(plan.added), len(plan.changed), len(plan.removed), plan.unchanged)
        assert (run.added, run.changed, run.removed, run.unchanged) == counts
    assert runs[1].added > 0 and runs[2].added == 0 and runs[2].unchanged == runs[1].added
    assert runs[0].source is None and runs[1].source is not None and runs[1].source.checksum == checksum
    failed = runs[3]
    assert failed.source is None and (failed.added, failed.changed, failed.removed, failed.unchanged) == (0, 0, 0, 0)
    assert failed.problems and all(p.startswith(str(OHCHR / "bad_date.xls")) for p in failed.problems)


def test_an_inquiry_export_with_undated_acceptances_loads_the_dated_ones(capsys):
    report = import_publisher("ohchr", OHCHR / "cedaw_op_inquiry.xls", instrument="CEDAW-OP")
    loaded = TreatyAction.objects.filter(dataset="ohchr", instrument__code="CEDAW-OP")
    assert sorted((a.country.code, a.action, a.date.iso(), a.articles) for a in loaded) == [
        ("MEX", "procedure-acceptance", "2002-03-15", "8"),
        ("URY", "procedure-acceptance", "2001-05-26", "8"),
    ]
    # Chile and Malta said Yes without a date: named, not loaded, and the file was not refused
    assert [line.split(",")[1].strip() for line in report.not_loaded] == ["row 3", "row 5"]
    assert ImportRun.objects.filter(kind="ohchr", file_name="cedaw_op_inquiry.xls", outcome="failed").count() == 0
