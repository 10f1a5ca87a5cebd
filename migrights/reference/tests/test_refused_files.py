"""Files that must be refused whole, with one line naming the reason, changing nothing.

The bad UNTC pages and OHCHR exports are built at test time from the real files (never
committed: an edited copy of a publisher's page is still a copy) or from our hand-made fixtures.
"""

from __future__ import annotations

import fcntl
from pathlib import Path

import pytest

from migrights.reference.importing import ANOTHER_IMPORT, import_csv, import_lock, import_publisher
from migrights.reference.loading import ImportFailed
from migrights.reference.models import ImportRun, TreatyAction

OHCHR = Path(__file__).resolve().parents[2] / "importers" / "tests" / "files" / "ohchr"
pytestmark = pytest.mark.django_db

HEADER = "country,instrument,action,date,effective,reservation,declaration,articles,source,verified,note"
ROWS = [
    "NZL,ICRMW,signature,2031-01-15,,false,false,,untc-icrmw-2026-02-03,false,test row",
    "NZL,ICRMW,ratification,2032-03-01,,false,false,,untc-icrmw-2026-02-03,false,test row",
    "AUS,ICRMW,signature,2031-02-15,,false,false,,untc-icrmw-2026-02-03,false,test row",
    "AUS,ICRMW,ratification,2032-04-01,,false,false,,untc-icrmw-2026-02-03,false,test row",
]


def _page(shared_data: Path, name: str) -> str:
    return (shared_data / "untc" / "2026-02-03" / f"{name}.html").read_text(encoding="utf-8")


def _refused(*args, **kwargs) -> list[str]:
    with pytest.raises(ImportFailed) as failure:
        import_publisher(*args, **kwargs)
    return [str(p) for p in failure.value.problems]


def _untc(instrument: str) -> int:
    return TreatyAction.objects.filter(dataset="untc", instrument__code=instrument).count()


def test_a_page_cut_in_its_participants_table_is_refused(shared_data, tmp_path):
    html = _page(shared_data, "cmw")
    start = html.index("tblgrid")
    cut = tmp_path / "cmw.html"
    cut.write_text(html[: start + (html.index("</table>", start) - start) // 2], encoding="utf-8")
    before = _untc("ICRMW")
    problems = _refused("untc", cut, instrument="ICRMW")
    assert any("ends inside its table" in p and str(cut) in p for p in problems), problems
    assert _untc("ICRMW") == before
    assert ImportRun.objects.filter(file_name="cmw.html", outcome="failed").exists()


def test_a_page_cut_after_its_table_is_refused(shared_data, tmp_path):
    html = _page(shared_data, "cmw")
    cut = tmp_path / "cmw.html"
    cut.write_text(html[: len(html) - 300], encoding="utf-8")
    problems = _refused("untc", cut, instrument="ICRMW", dry_run=True)
    assert any("no closing </html>" in p for p in problems), problems


def test_the_page_of_another_instrument_is_refused(shared_data, tmp_path):
    page = tmp_path / "cmw.html"
    page.write_text(_page(shared_data, "cmw"), encoding="utf-8")
    before = _untc("CAT")
    problems = _refused("untc", page, instrument="CAT")
    assert len(problems) == 1, problems
    assert "is about IV-13" in problems[0] and "not CAT (IV-9)" in problems[0]
    assert _untc("CAT") == before


def test_a_page_stating_another_reference_is_refused(shared_data, tmp_path):
    page = tmp_path / "cmw.html"
    html = _page(shared_data, "cmw").replace("IV-13", "IV-xx").replace("IV~13", "IV~xx")
    page.write_text(html, encoding="utf-8")
    problems = _refused("untc", page, instrument="ICRMW")
    assert any("not ICRMW (IV-13)" in p for p in problems), problems


def test_a_page_whose_table_disagrees_with_its_stated_counts_is_refused(shared_data, tmp_path):
    html = _page(shared_data, "cmw")
    row = html.index("Philippines<br>")
    start, end = html.rindex("<tr", 0, row), html.index("</tr>", row) + len("</tr>")
    page = tmp_path / "cmw.html"
    page.write_text(html[:start] + html[end:], encoding="utf-8")  # a party's row dropped, the table intact
    problems = _refused("untc", page, instrument="ICRMW", dry_run=True)
    assert any("states Parties: 60 but 59 were read" in p for p in problems), problems
    assert any("states Signatories: 40 but 39" in p for p in problems), problems


def test_a_truncated_ohchr_export_is_refused(tmp_path):
    content = (OHCHR / "cmw_ratification.xls").read_text(encoding="utf-8")
    cut = tmp_path / "cmw_ratification.xls"
    cut.write_text(content[: content.index("Bosnia and Herzegovina")], encoding="utf-8")
    problems = _refused("ohchr", cut, instrument="ICRMW")
    assert any("ends inside its table" in p for p in problems), problems
    assert not TreatyAction.objects.filter(dataset="ohchr").exists()


def test_an_import_may_not_remove_much_without_allow_removals(tmp_path):
    mine = tmp_path / "mine.csv"
    mine.write_text("\n".join([HEADER, *ROWS]) + "\n")
    import_csv("treaty-actions", mine)
    mine.write_text("\n".join([HEADER, ROWS[0]]) + "\n")
    with pytest.raises(ImportFailed) as failure:
        import_csv("treaty-actions", mine)
    (problem,) = failure.value.problems
    assert "ICRMW: would remove 3 of its 4 acts (75%" in str(problem) and "--allow-removals" in str(problem)
    assert TreatyAction.objects.filter(dataset="mine").count() == 4
    # the dry run shows what would go, and says it would be refused
    dry = import_csv("treaty-actions", mine, dry_run=True)
    assert len(dry.plan.removed) == 3 and dry.warnings and "would remove 3" in dry.warnings[0]
    assert sum(line.startswith("- ") for line in dry.plan.describe()) == 3
    done = import_csv("treaty-actions", mine, allow_removals=True)
    assert len(done.plan.removed) == 3 and TreatyAction.objects.filter(dataset="mine").count() == 1


def test_the_loser_of_two_concurrent_imports_is_told_another_is_running(tmp_path, settings):
    mine = tmp_path / "mine.csv"
    mine.write_text("\n".join([HEADER, *ROWS]) + "\n")
    other = (settings.DATA_DIR / "import.lock").open("a")  # as another process would hold it
    fcntl.flock(other, fcntl.LOCK_EX | fcntl.LOCK_NB)
    try:
        with pytest.raises(ImportFailed) as failure:
            import_csv("treaty-actions", mine)
    finally:
        other.close()
    assert [p.reason for p in failure.value.problems] == [ANOTHER_IMPORT]
    assert not TreatyAction.objects.filter(dataset="mine").exists()
    assert len(import_csv("treaty-actions", mine).plan.added) == 4  # the other import has finished
    with import_lock("an outer load"):  # re-entrant: the embedded load holds it around its imports
        assert import_csv("treaty-actions", mine).plan.is_empty
