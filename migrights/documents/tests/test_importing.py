"""Importing the corpora through the one loader: names mapped or refused, dry runs, atomicity, the embedded files."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

from migrights.documents.importing import import_general_comments, import_upr
from migrights.documents.models import GC_PARAGRAPH, UPR_RECOMMENDATION, Passage
from migrights.lib.paths import EMBEDDED_DATA_DIR
from migrights.reference.loading import ImportFailed
from migrights.reference.models import ImportRun

pytestmark = pytest.mark.django_db
DOCUMENTS_DIR = EMBEDDED_DATA_DIR / "documents"


def upr_sample(shared_file, tmp_path: Path, rows: int = 3, replace: tuple[bytes, bytes] | None = None) -> Path:
    """The header and the first ``rows`` rows of UPR Info's 1-5.csv, as bytes (Mac Roman, CR line ends)."""
    lines = shared_file("upr-info/sessions-1-20/1-5.csv").read_bytes().split(b"\r")[: rows + 1]
    if replace:
        lines[2] = lines[2].replace(*replace)
    path = tmp_path / "sample.csv"
    path.write_bytes(b"\r".join(lines) + b"\r")
    return path


def test_the_embedded_derived_files_are_loaded_at_first_start():
    for name, dataset in (("upr-info-2008-2014.csv", "upr-info"), ("general-comments-2024.csv", "general-comments")):
        with (DOCUMENTS_DIR / name).open(encoding="utf-8") as handle:
            assert Passage.objects.filter(dataset=dataset).count() == sum(1 for _ in csv.DictReader(handle))
    assert Passage.objects.filter(kind=UPR_RECOMMENDATION).count() == 41063
    assert Passage.objects.filter(kind=GC_PARAGRAPH).count() == 6536
    # every treaty-body paragraph carries the corpus's licence, every recommendation UPR Info's terms
    assert set(Passage.objects.filter(kind=GC_PARAGRAPH).values_list("licence", flat=True)) == {"CC BY-NC-SA 4.0"}
    assert set(Passage.objects.filter(kind=UPR_RECOMMENDATION).values_list("licence", flat=True)) == {
        "UPR Info: free use with attribution"
    }
    gc2 = Passage.objects.filter(symbol="CMW/C/GC/2").order_by("position").first()
    assert gc2.url.startswith("https://tbinternet.ohchr.org/") and gc2.year == 2013


def test_an_unknown_state_name_refuses_the_import_naming_file_row_and_column(shared_file, tmp_path):
    path = upr_sample(shared_file, tmp_path, replace=(b"Afghanistan,", b"Atlantis,"))
    before = Passage.objects.count()
    with pytest.raises(ImportFailed) as failure:
        import_upr([path])
    assert [str(p) for p in failure.value.problems] == [
        f"{path}, row 3, column 'To': State name 'Atlantis' is not in upr-info.csv: add it (never guessed)"
    ]
    assert Passage.objects.count() == before
    assert ImportRun.objects.filter(kind="upr").first().outcome == ImportRun.Outcome.FAILED


def test_a_dry_run_shows_the_changes_and_writes_nothing(shared_file, tmp_path):
    path = upr_sample(shared_file, tmp_path)
    before = Passage.objects.count()
    output = tmp_path / "derived.csv"
    report = import_upr([path], dry_run=True, output=output)
    assert report.dry_run and report.rows_read == 3
    # the three rows are in the embedded data already: nothing added, the rest of the library would go
    assert len(report.plan.added) == 0 and report.plan.unchanged == 3
    assert report.warnings and "would remove 41060" in report.warnings[0]
    assert Passage.objects.count() == before
    with output.open(encoding="utf-8") as handle:
        derived = list(csv.DictReader(handle))
    assert [r["state_under_review"] for r in derived] == ["AFG", "AFG", "AFG"]
    assert derived[0]["recommending_state"] == "AUT" and derived[0]["issues"] == "Rights of the Child|Women's rights"


def test_removing_most_of_the_library_is_refused_without_allow_removals(shared_file, tmp_path):
    path = upr_sample(shared_file, tmp_path)
    before = Passage.objects.count()
    with pytest.raises(ImportFailed) as failure:
        import_upr([path])
    assert "upr-recommendation: would remove 41060 of its 41063" in str(failure.value.problems[0])
    assert Passage.objects.count() == before


def _corpus(tmp_path: Path, labels: list[str], text: str = "States parties should protect migrant workers.") -> Path:
    (tmp_path / "json_data").mkdir(exist_ok=True)
    index = [
        {
            "File PATH": "/json_data/Annotated_CMW_GC9.json",
            "Name": "General Comment No. 9",
            "Signature": "CMW/C/GC/9",
            "Adoption Date": "1 January 2030",
            "Adoption Year": 2030,
            "Committee": "CMW",
            "Link": "https://example.org/gc9",
        }
    ]
    (tmp_path / "GC-info.json").write_text(json.dumps(index), encoding="utf-8")
    paragraphs = [{"ID": "1.", "Labels": labels, "Text": text}, {"ID": 2, "Labels": [], "Text": "Second."}]
    (tmp_path / "json_data" / "Annotated_CMW_GC9.json").write_text(json.dumps(paragraphs), encoding="utf-8")
    return tmp_path


def test_an_unknown_label_refuses_the_whole_corpus_atomically(tmp_path):
    folder = _corpus(tmp_path, ["Migrants", "Martians"])
    before = Passage.objects.filter(dataset="general-comments").count()
    with pytest.raises(ImportFailed) as failure:
        import_general_comments(folder, allow_removals=True)
    assert [str(p) for p in failure.value.problems] == [
        f"{folder}/GC-info.json, Annotated_CMW_GC9.json paragraph 1, column 'groups': unknown concerned-group label "
        "'Martians' (declared in vocabulary.yaml: add it there)"
    ]
    assert Passage.objects.filter(dataset="general-comments").count() == before  # the good paragraph was not kept


def test_a_corpus_replaces_the_dataset_with_its_licence_on_every_paragraph(tmp_path):
    folder = _corpus(tmp_path, ["Migrants"])
    report = import_general_comments(folder, allow_removals=True)
    assert len(report.plan.added) == 2 and len(report.plan.removed) == 6536
    rows = list(Passage.objects.filter(dataset="general-comments").order_by("position"))
    assert [(r.symbol, r.paragraph, r.groups, r.licence) for r in rows] == [
        ("CMW/C/GC/9", "1", "Migrants", "CC BY-NC-SA 4.0"),
        ("CMW/C/GC/9", "2", "", "CC BY-NC-SA 4.0"),
    ]
    # another corpus than the one declared: a new source citing the declared one, with its licence
    assert rows[0].source.key.startswith("unhrd-general-comments-2024-") and rows[0].source.licence == "CC BY-NC-SA 4.0"


@pytest.mark.slow
def test_the_committed_files_are_what_the_importers_derive_from_the_real_files(shared_file, tmp_path):
    upr = [
        shared_file(f"upr-info/sessions-1-20/{name}")
        for name in ("1-5.csv", "6-9.csv", "10-13.csv", "14-17.csv", "17-20.csv")
    ]
    folder = shared_file("treaty-bodies/general-comments-2024/GC-info.json").parent
    report = import_upr(upr, dry_run=True, output=tmp_path / "upr.csv")
    assert report.plan.is_empty and report.plan.unchanged == 41063
    assert (tmp_path / "upr.csv").read_bytes() == (DOCUMENTS_DIR / "upr-info-2008-2014.csv").read_bytes()
    report = import_general_comments(folder, dry_run=True, output=tmp_path / "gc.csv")
    assert report.plan.is_empty
    assert (tmp_path / "gc.csv").read_bytes() == (DOCUMENTS_DIR / "general-comments-2024.csv").read_bytes()
