"""The hand-filled CSV import: every bad cell reported, atomic, idempotent, dry-run writes nothing."""

from pathlib import Path

import pytest

from migrights.governance.models import Membership
from migrights.reference.importing import import_csv
from migrights.reference.loading import ImportFailed
from migrights.reference.models import ImportRun, TreatyAction

FILES = Path(__file__).parent / "files"
pytestmark = pytest.mark.django_db


def test_good_file_loads_and_rerunning_adds_nothing():
    report = import_csv("treaty-actions", FILES / "actions_good.csv")
    assert (len(report.plan.added), len(report.plan.changed), len(report.plan.removed)) == (2, 0, 0)
    ratification = TreatyAction.objects.get(country__code="NZL", instrument__code="ICRMW", action="ratification")
    assert ratification.date.precision == "month"
    assert ratification.reservation and ratification.articles == "92" and not ratification.verified
    again = import_csv("treaty-actions", FILES / "actions_good.csv")
    assert again.plan.is_empty and again.plan.unchanged == 2
    assert TreatyAction.objects.filter(country__code="NZL", instrument__code="ICRMW").count() == 2


def test_dry_run_reports_changes_and_writes_nothing():
    report = import_csv("treaty-actions", FILES / "actions_good.csv", dry_run=True)
    assert len(report.plan.added) == 2
    assert any(line.startswith("+ NZL ICRMW signature 2031-01-15") for line in report.plan.describe())
    assert not TreatyAction.objects.filter(country__code="NZL", instrument__code="ICRMW").exists()
    assert ImportRun.objects.filter(outcome="dry-run", file_name="actions_good.csv").exists()


def test_every_bad_cell_is_reported_and_nothing_loads():
    with pytest.raises(ImportFailed) as failure:
        import_csv("treaty-actions", FILES / "actions_bad.csv")
    problems = {(p.row, p.column) for p in failure.value.problems}
    assert (3, "country") in problems
    assert {(4, "instrument"), (4, "date"), (4, "reservation"), (4, "source")} <= problems
    assert (5, "instrument") in problems  # a recommendation has no treaty actions
    assert (6, None) in problems  # repeats row 2
    assert all(str(FILES / "actions_bad.csv") in str(p) for p in failure.value.problems)
    assert not TreatyAction.objects.filter(country__code="NZL", instrument__code="ICRMW").exists()
    run = ImportRun.objects.get(file_name="actions_bad.csv")
    assert run.outcome == "failed" and len(run.problems) == len(failure.value.problems)


def test_a_wrong_header_is_refused_before_any_row():
    with pytest.raises(ImportFailed) as failure:
        import_csv("treaty-actions", FILES / "actions_bad_header.csv")
    assert {(p.row, p.column) for p in failure.value.problems} >= {(1, "action"), (1, "deed")}


def test_reimport_of_a_changed_file_shows_changes_and_removals(tmp_path):
    first = tmp_path / "mine.csv"
    first.write_text((FILES / "actions_good.csv").read_text())
    import_csv("treaty-actions", first)
    lines = first.read_text().splitlines()
    first.write_text("\n".join([lines[0], lines[2].replace(",true,false,92,", ",false,false,,")]) + "\n")
    report = import_csv("treaty-actions", first)
    assert len(report.plan.changed) == 1 and len(report.plan.removed) == 1
    assert "reservation: True → False" in "\n".join(report.plan.describe())
    assert report.plan.counts_by_label() == {"ICRMW": {"changed": 1, "removed": 1}}
    assert TreatyAction.objects.filter(dataset="mine").count() == 1
    run = ImportRun.objects.filter(file_name="mine.csv").latest("pk")
    assert (run.outcome, run.added, run.changed, run.removed, run.unchanged) == ("loaded", 0, 1, 1, 0)


def test_memberships_load_and_bad_rows_are_named():
    import_csv("memberships", FILES / "memberships_good.csv")
    assert Membership.objects.filter(body__slug="colombo-process", organisation="Test Organisation").exists()
    with pytest.raises(ImportFailed) as failure:
        import_csv("memberships", FILES / "memberships_bad.csv")
    problems = {(p.row, p.column) for p in failure.value.problems}
    assert {(2, "body"), (3, "country"), (4, "role")} <= problems


def test_unknown_kind_is_refused():
    with pytest.raises(ImportFailed) as failure:
        import_csv("treaties", FILES / "actions_good.csv")
    assert "unknown kind 'treaties'" in str(failure.value.problems[0])
