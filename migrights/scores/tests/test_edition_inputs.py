"""The draft boundary of the published scores: the engine reads a release's own values, and the public sees
the edition of the release asked for (or of the latest release that has one), never a draft's.

In-process and fast: editions are stored rows here (the engine's run is tested in test_scores.py).
"""

from __future__ import annotations

import pytest

from migrights.assessments import workflow
from migrights.assessments.tests.builders import answer_all, build_cast
from migrights.framework.queries import commitment_answers
from migrights.scores.editions import engine_answers, released_answers
from migrights.scores.models import Edition

pytestmark = pytest.mark.django_db


def release(cast, version: str, labour_law: str | None = None, reason: str = "a new decree"):
    """Release the cast's assessment; with ``labour_law``, reopen it and change LAB.1.P2 first."""
    if labour_law is None:
        answer_all(cast.expert, cast.assessment)
    else:
        workflow.reopen(cast.coordinator, cast.assessment, reason)
        answer = cast.assessment.answers.get(indicator__code="LAB.1.P2")
        given = workflow.AnswerInput("LAB.1.P2", value=labour_law)
        workflow.save_answer(cast.expert, cast.assessment, given, answer.version)
    workflow.submit(cast.expert, cast.assessment)
    workflow.approve(cast.reviewer, cast.assessment)
    return workflow.create_release(cast.coordinator, version)


def test_the_engine_reads_one_releases_values_with_their_status():
    cast = build_cast()
    for given in (
        workflow.AnswerInput("LAB.1.P1", status="not-applicable"),
        workflow.AnswerInput("LAB.1.P2", status="unknown"),
        workflow.AnswerInput("LAB.1.I1", value="12.5", evidence=[workflow.EvidenceInput("url", url="https://a.org")]),
    ):
        workflow.save_answer(cast.expert, cast.assessment, given, None)
    workflow.submit(cast.expert, cast.assessment)
    workflow.approve(cast.reviewer, cast.assessment)
    first = workflow.create_release(cast.coordinator, "2026.1")
    frame = released_answers(first, cast.assessment.framework)
    assert list(frame.columns) == ["country", "year", "indicator", "coder", "value", "not_applicable"]
    rows = {r.indicator: r for r in frame.itertuples(index=False)}
    assert set(rows) == {"LAB.1.P1", "LAB.1.P2", "LAB.1.I1"}
    assert {(r.country, r.year, r.coder) for r in rows.values()} == {("PHL", 2024, "release")}
    assert rows["LAB.1.I1"].value == 12.5 and not rows["LAB.1.I1"].not_applicable
    assert rows["LAB.1.P1"].not_applicable and rows["LAB.1.P1"].value != rows["LAB.1.P1"].value  # NaN
    # unknown is missing, never "not applicable" (the engine counts it against coverage)
    assert not rows["LAB.1.P2"].not_applicable and rows["LAB.1.P2"].value != rows["LAB.1.P2"].value
    assert frame["value"].dtype == float


def test_each_release_gives_the_engine_its_own_values_only():
    cast = build_cast()
    framework = cast.assessment.framework
    first = release(cast, "2026.1")
    second = release(cast, "2026.2", labour_law="Full")
    values = {
        r.version: released_answers(r, framework).set_index("indicator")["value"].to_dict() for r in (first, second)
    }
    assert values["2026.1"]["LAB.1.P2"] == 50 and values["2026.2"]["LAB.1.P2"] == 100
    assert len(released_answers(first, framework)) == 3  # never both releases' six values


def test_a_releases_values_on_another_framework_are_not_read():
    cast = build_cast()
    first = release(cast, "2026.1")
    other = Edition.objects.filter(release__isnull=True).first().framework  # the observatory's own framework
    assert other != cast.assessment.framework
    assert released_answers(first, other).empty


def test_the_engine_reads_the_commitments_and_a_releases_values_only_when_given():
    cast = build_cast()
    framework = cast.assessment.framework
    first = release(cast, "2026.1")
    commitments = commitment_answers(framework)
    alone = engine_answers(framework, None)
    assert len(alone) == len(commitments) and set(alone.coder) == {"derived"}
    both = engine_answers(framework, first)
    assert len(both) == len(commitments) + 3
    assert sorted(both[both.coder == "release"].indicator) == ["LAB.1.I1", "LAB.1.P1", "LAB.1.P2"]
    assert both["year"].dtype.kind == "i" and alone["year"].dtype.kind == "i"


# ---- which edition is public -----------------------------------------------------------------------


def stored(release, framework, label: str | None = None) -> Edition:
    """An edition row as ``store`` leaves it (the scores themselves do not matter here)."""
    return Edition.objects.create(
        label=label or (release.version if release else "commitments"),
        framework=framework,
        release=release,
        manifest={},
        spec_hash="s",
        inputs_hash="i",
        scores_csv=b"",
        gaps_csv=b"",
    )


def test_the_public_edition_is_the_named_releases_else_the_latest_releases_else_the_commitments():
    from migrights.scores.editions import current_edition

    cast = build_cast()
    framework = cast.assessment.framework
    commitments = current_edition()
    assert commitments is not None and commitments.release is None and commitments.label == "commitments"
    first = release(cast, "2026.1")
    assert current_edition() == commitments  # the release's edition is not stored yet: nothing regresses
    first_edition = stored(first, framework)
    assert current_edition() == first_edition
    second = release(cast, "2026.2", labour_law="Full")
    assert current_edition() == first_edition  # 2026.2's edition not stored yet: 2026.1's stays public
    second_edition = stored(second, framework)
    assert current_edition() == second_edition
    assert current_edition("2026.1") == first_edition  # a named release: its own edition, not the latest
    assert current_edition("2026.2") == second_edition
    assert current_edition("1999.1") is None
    recomputed = stored(first, framework)
    assert current_edition("2026.1") == recomputed  # the newest edition of a release
    stored(None, framework)  # a newer commitments edition does not replace a release's
    assert current_edition() == second_edition and current_edition("") == second_edition


def test_without_any_release_edition_the_commitments_edition_is_public():
    from migrights.scores.editions import current_edition

    cast = build_cast()
    framework = cast.assessment.framework
    release(cast, "2026.1")
    release(cast, "2026.2", labour_law="Full")
    newest = stored(None, framework)
    assert current_edition() == newest


def test_a_release_of_no_numbers_still_gives_the_engine_numbers():
    cast = build_cast()
    for code, status in (("LAB.1.P1", "unknown"), ("LAB.1.P2", "not-applicable"), ("LAB.1.I1", "unknown")):
        workflow.save_answer(cast.expert, cast.assessment, workflow.AnswerInput(code, status=status), None)
    workflow.submit(cast.expert, cast.assessment)
    workflow.approve(cast.reviewer, cast.assessment)
    frame = released_answers(workflow.create_release(cast.coordinator, "2026.1"), cast.assessment.framework)
    assert len(frame) == 3 and frame["value"].dtype == float and frame["value"].isna().all()
