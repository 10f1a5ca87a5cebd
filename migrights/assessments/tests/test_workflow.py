"""The path from draft to release, and every refusal on the way."""

from __future__ import annotations

import pytest
from django.utils import translation

from migrights.assessments import workflow
from migrights.assessments.models import (
    Answer,
    Assessment,
    AuditEntry,
    Evidence,
    FrozenError,
    Release,
    ReleasedValue,
)
from migrights.assessments.tests.builders import answer_all, build_cast, complete_answers
from migrights.assessments.workflow import AnswerInput, Refused, StaleVersion
from migrights.reference.models import Country

pytestmark = pytest.mark.django_db


@pytest.fixture
def cast():
    return build_cast()


def submitted(cast):
    answer_all(cast.expert, cast.assessment)
    return workflow.submit(cast.expert, cast.assessment)


def test_the_whole_path_to_a_release(cast):
    assert submitted(cast).state == Assessment.State.SUBMITTED
    returned = workflow.return_assessment(cast.reviewer, cast.assessment, "LAB.1.P2: cite the chapter")
    assert returned.state == Assessment.State.RETURNED
    answer = Answer.objects.get(assessment=cast.assessment, indicator__code="LAB.1.P2")
    workflow.save_answer(cast.expert, cast.assessment, AnswerInput("LAB.1.P2", value="Full"), answer.version)
    assert workflow.submit(cast.expert, cast.assessment).state == Assessment.State.RESUBMITTED
    assert workflow.approve(cast.reviewer, cast.assessment).state == Assessment.State.APPROVED
    release = workflow.create_release(cast.coordinator, "2026.1", "first release")
    values = {v.indicator: v.value for v in release.values.all()}
    assert values == {"LAB.1.P1": 1, "LAB.1.P2": 100, "LAB.1.I1": 12.5}
    assert release.changelog["counts"] == {"values": 3, "added": 3, "changed": 0, "removed": 0}
    actions = list(AuditEntry.objects.filter(assessment=cast.assessment).values_list("action", flat=True))
    for action in ("open", "save-answer", "submit", "start-review", "comment", "return", "approve"):
        assert action in actions


def test_answers_keep_their_revisions_and_the_audit_says_before_and_after(cast):
    first = workflow.save_answer(cast.expert, cast.assessment, AnswerInput("LAB.1.P2", value="None"), None)
    second = workflow.save_answer(
        cast.expert, cast.assessment, AnswerInput("LAB.1.P2", value="Partial"), first.version, reason="new decree"
    )
    assert [r.content["value"] for r in second.revisions.all()] == [0, 50]
    entry = AuditEntry.objects.filter(action="save-answer").first()
    assert (entry.before["value"], entry.after["value"], entry.why, entry.who) == (0, 50, "new decree", cast.expert)


def test_saving_over_a_newer_version_is_refused(cast):
    first = workflow.save_answer(cast.expert, cast.assessment, AnswerInput("LAB.1.P2", value="None"), None)
    workflow.save_answer(cast.expert, cast.assessment, AnswerInput("LAB.1.P2", value="Full"), first.version)
    with pytest.raises(StaleVersion, match="saved elsewhere since you opened it"):
        workflow.save_answer(cast.expert, cast.assessment, AnswerInput("LAB.1.P2", value="Partial"), first.version)
    assert Answer.objects.get(indicator__code="LAB.1.P2").value == 100


def test_an_unchanged_save_keeps_the_version(cast):
    first = workflow.save_answer(cast.expert, cast.assessment, AnswerInput("LAB.1.P2", value="None"), None)
    again = workflow.save_answer(cast.expert, cast.assessment, AnswerInput("LAB.1.P2", value="0"), first.version)
    assert again.version == first.version == 1


@pytest.mark.parametrize(
    ("given", "reason"),
    [
        (AnswerInput("LAB.1.P2", value="Mostly"), "is not one of"),
        (AnswerInput("LAB.1.I1", value="140"), "above the maximum 100"),
        (AnswerInput("LAB.2.C1", value="Yes"), "computed from treaty data"),
        (AnswerInput("NOPE.1", value="Yes"), "is not an indicator of TINY 1.0"),
        (AnswerInput("LAB.1.P1", value=""), "a value is required"),
        (AnswerInput("LAB.1.P1", value="Yes", confidence="total"), "confidence must be one of"),
    ],
)
def test_bad_values_are_refused(cast, given, reason):
    with pytest.raises(Refused, match=reason):
        workflow.save_answer(cast.expert, cast.assessment, given, None)
    assert not Answer.objects.exists()


@pytest.mark.parametrize(
    ("language", "given", "reason"),
    [
        ("fr", "Mostly", "'Mostly' ne fait pas partie des valeurs permises : 0 (Aucun), 50 (Partiel), 100 (Complet)"),
        ("es", "Mostly", "'Mostly' no es uno de los valores permitidos: 0 (Ninguno), 50 (Parcial), 100 (Completo)"),
    ],
)
def test_a_refused_level_is_explained_in_the_page_language(cast, language, given, reason):
    with translation.override(language), pytest.raises(Refused) as refused:
        workflow.save_answer(cast.expert, cast.assessment, AnswerInput("LAB.1.P2", value=given), None)
    assert str(refused.value) == f"LAB.1.P2: {reason}"
    assert not Answer.objects.exists()


@pytest.mark.parametrize(
    ("language", "given", "reason"),
    [
        ("fr", "140", "140 dépasse le maximum 100"),
        ("es", "-5", "-5 está por debajo del mínimo 0"),
        ("fr", "beaucoup", "'beaucoup' n'est pas un nombre"),
        ("es", "inf", "'inf' no es un número finito"),
    ],
)
def test_a_refused_number_is_explained_in_the_page_language(cast, language, given, reason):
    with translation.override(language), pytest.raises(Refused) as refused:
        workflow.save_answer(cast.expert, cast.assessment, AnswerInput("LAB.1.I1", value=given), None)
    assert str(refused.value) == f"LAB.1.I1: {reason}"


def test_a_level_may_be_typed_in_a_translated_label(cast):
    saved = workflow.save_answer(cast.expert, cast.assessment, AnswerInput("LAB.1.P2", value="partiel"), None)
    assert saved.value == 50


def test_only_assigned_experts_code(cast):
    outsider = workflow.add_user("eve", ["expert"], "long enough password")
    with pytest.raises(Refused, match="not assigned to PHL as an expert"):
        workflow.save_answer(outsider, cast.assessment, complete_answers()[0], None)
    with pytest.raises(Refused, match="chen is not a country expert"):
        workflow.save_answer(cast.reviewer, cast.assessment, complete_answers()[0], None)


def test_an_expert_assigned_to_another_country_does_not_code_this_one(cast):
    # assigned to Nigeria as an expert, and to the Philippines as a reviewer only
    other = workflow.add_user("emeka", ["expert", "reviewer"], "long enough password")
    workflow.assign(other, Country.objects.get(code="NGA"), "expert")
    workflow.assign(other, cast.assessment.country, "reviewer")
    assert workflow.expert_refusal(other, cast.assessment) == "emeka is not assigned to PHL as an expert"
    with pytest.raises(Refused, match="emeka is not assigned to PHL as an expert"):
        workflow.save_answer(other, cast.assessment, complete_answers()[0], None)
    assert not Answer.objects.exists()
    assert workflow.expert_refusal(cast.expert, cast.assessment) is None


def test_a_reviewer_assigned_to_another_country_does_not_review_this_one(cast):
    other = workflow.add_user("ines", ["expert", "reviewer"], "long enough password")
    workflow.assign(other, Country.objects.get(code="NGA"), "reviewer")
    workflow.assign(other, cast.assessment.country, "expert")
    submitted(cast)
    assert workflow.reviewer_refusal(other, cast.assessment) == "ines is not assigned to PHL as a reviewer"
    with pytest.raises(Refused, match="ines is not assigned to PHL as a reviewer"):
        workflow.approve(other, cast.assessment)
    assert Assessment.objects.get().state == Assessment.State.SUBMITTED
    assert workflow.reviewer_refusal(cast.reviewer, cast.assessment) is None


def test_submission_lists_what_is_missing(cast):
    workflow.save_answer(cast.expert, cast.assessment, AnswerInput("LAB.1.P1", value="Yes"), None)
    with pytest.raises(Refused, match=r"2 unanswered \(LAB.1.P2, LAB.1.I1\); 1 without required evidence \(LAB.1.P1\)"):
        workflow.submit(cast.expert, cast.assessment)
    assert Assessment.objects.get().state == Assessment.State.DRAFT


def test_not_applicable_needs_no_evidence(cast):
    given = [AnswerInput("LAB.1.P1", status="not-applicable"), *complete_answers()[1:]]
    for item in given:
        workflow.save_answer(cast.expert, cast.assessment, item, None)
    assert workflow.submit(cast.expert, cast.assessment).state == Assessment.State.SUBMITTED


def test_answers_are_locked_in_review(cast):
    submitted(cast)
    workflow.start_review(cast.reviewer, cast.assessment)
    with pytest.raises(Refused, match="in review: answers are locked"):
        workflow.save_answer(cast.expert, cast.assessment, AnswerInput("LAB.1.P2", value="Full"), 1)


def test_nobody_reviews_their_own_answers(cast):
    both = workflow.add_user("frida", ["expert", "reviewer"], "long enough password")
    philippines = Country.objects.get(code="PHL")
    workflow.assign(both, philippines, "expert")
    workflow.assign(both, philippines, "reviewer")
    workflow.save_answer(both, cast.assessment, AnswerInput("LAB.1.P2", value="Full"), None)
    with pytest.raises(Refused, match="cannot review their own answers"):
        workflow.start_review(both, cast.assessment)


def test_reviewers_must_be_assigned_and_the_assessment_submitted(cast):
    with pytest.raises(Refused, match="not awaiting review"):
        workflow.approve(cast.reviewer, cast.assessment)
    other = workflow.add_user("gus", ["reviewer"], "long enough password")
    submitted(cast)
    with pytest.raises(Refused, match="not assigned to PHL as a reviewer"):
        workflow.approve(other, cast.assessment)
    with pytest.raises(Refused, match="without a comment"):
        workflow.return_assessment(cast.reviewer, cast.assessment)


def test_disagreeing_coders_need_adjudication(cast):
    answer_all(cast.expert, cast.assessment, labour_law="Partial")
    answer_all(cast.second_expert, cast.assessment, labour_law="Full")
    workflow.submit(cast.expert, cast.assessment)
    assert Assessment.objects.get().state == Assessment.State.DRAFT  # the second coder has not submitted
    workflow.submit(cast.second_expert, cast.assessment)
    with pytest.raises(Refused, match=r"coders disagree on 1 indicator\(s\) \(LAB.1.P2\)"):
        workflow.approve(cast.reviewer, cast.assessment)
    with pytest.raises(Refused, match="needs a reason"):
        workflow.adjudicate(cast.reviewer, cast.assessment, "LAB.1.P2", AnswerInput("LAB.1.P2", value="Partial"), "")
    workflow.adjudicate(
        cast.reviewer, cast.assessment, "LAB.1.P2", AnswerInput("LAB.1.P2", value="Partial"), "chapter 4 excludes them"
    )
    workflow.approve(cast.reviewer, cast.assessment)
    final = {f.indicator.code: (f.value, f.adjudicated, f.coders) for f in workflow.final_values(cast.assessment)}
    assert final["LAB.1.P2"] == (50, True, 2)
    assert final["LAB.1.P1"] == (1, False, 2)


def test_releases_are_numbered_immutable_and_carry_a_changelog(cast):
    submitted(cast)
    workflow.approve(cast.reviewer, cast.assessment)
    with pytest.raises(Refused, match="amara does not hold the role coordinator"):
        workflow.create_release(cast.expert, "2026.1")
    with pytest.raises(Refused, match="not a release number"):
        workflow.create_release(cast.coordinator, "first")
    release = workflow.create_release(cast.coordinator, "2026.1")
    with pytest.raises(Refused, match="already exists"):
        workflow.create_release(cast.coordinator, "2026.1")
    with pytest.raises(Refused, match="must come after"):
        workflow.create_release(cast.coordinator, "2025.9")
    with pytest.raises(FrozenError):
        release.save()
    with pytest.raises(FrozenError):
        release.values.first().delete()
    second = workflow.create_release(cast.coordinator, "2026.2")
    assert second.changelog["counts"] == {"values": 3, "added": 0, "changed": 0, "removed": 0}
    assert second.changelog["previous"] == "2026.1"
    assert ReleasedValue.objects.count() == 6 and Release.objects.count() == 2


def test_the_latest_release_is_the_highest_number_not_the_last_string(cast):
    submitted(cast)
    workflow.approve(cast.reviewer, cast.assessment)
    workflow.create_release(cast.coordinator, "2026.9")
    assert workflow.latest_release().version == "2026.9"
    workflow.create_release(cast.coordinator, "2026.10")
    assert workflow.latest_release().version == "2026.10"
    with pytest.raises(Refused, match=r"must come after the latest release 2026\.10"):
        workflow.create_release(cast.coordinator, "2026.2")


def test_a_release_holds_every_approved_country_year_in_order(cast):
    earlier = workflow.open_assessment(cast.assessment.country, 2023, cast.assessment.framework)
    for assessment in (cast.assessment, earlier):
        answer_all(cast.expert, assessment)
        workflow.submit(cast.expert, assessment)
        workflow.approve(cast.reviewer, assessment)
    assert [(a.country.code, a.year) for a in workflow.approved_assessments()] == [("PHL", 2023), ("PHL", 2024)]
    release = workflow.create_release(cast.coordinator, "2026.1")
    assert release.changelog["counts"]["values"] == 6
    assert release.changelog["country_years"] == [{"country": "PHL", "year": 2023}, {"country": "PHL", "year": 2024}]


def test_coding_another_country_does_not_bar_reviewing_this_one(cast):
    both = workflow.add_user("hana", ["expert", "reviewer"], "long enough password")
    nigeria = Country.objects.get(code="NGA")
    workflow.assign(both, nigeria, "expert")
    workflow.assign(both, cast.assessment.country, "reviewer")
    other = workflow.open_assessment(nigeria, 2024, cast.assessment.framework)
    workflow.save_answer(both, other, AnswerInput("LAB.1.P2", value="Full"), None)
    submitted(cast)
    assert workflow.reviewer_refusal(both, cast.assessment) is None
    assert workflow.approve(both, cast.assessment).state == Assessment.State.APPROVED


def test_a_release_needs_approved_values(cast):
    submitted(cast)
    with pytest.raises(Refused, match="no approved assessment"):
        workflow.create_release(cast.coordinator, "2026.1")


def test_only_coordinators_open_assessments(cast):
    with pytest.raises(Refused, match="does not hold the role coordinator or admin"):
        workflow.open_assessment(Country.objects.get(code="MEX"), 2024, actor=cast.expert)
    with pytest.raises(Refused, match="already open"):
        workflow.open_assessment(Country.objects.get(code="PHL"), 2024, cast.assessment.framework)


def test_evidence_is_changed_by_its_own_coder_only_and_while_editable(cast):
    answer = workflow.save_answer(cast.expert, cast.assessment, complete_answers()[0], None)
    evidence = answer.evidence.get()
    more = workflow.EvidenceInput("url", url="https://example.org/decree")
    with pytest.raises(Refused, match="bruno may only add evidence to their own answers"):
        workflow.add_evidence(cast.second_expert, answer, more)
    with pytest.raises(Refused, match="bruno may only remove evidence from their own answers"):
        workflow.remove_evidence(cast.second_expert, evidence)
    with translation.override("fr"), pytest.raises(Refused, match="bruno ne peut ajouter des preuves qu'à ses propres"):
        workflow.add_evidence(cast.second_expert, answer, more)  # one whole sentence, translated
    with translation.override("es"), pytest.raises(Refused, match="bruno solo puede retirar pruebas de sus propias"):
        workflow.remove_evidence(cast.second_expert, evidence)
    with pytest.raises(Refused, match="chen is not a country expert"):
        workflow.remove_evidence(cast.reviewer, evidence)
    assert answer.evidence.count() == 1
    version = answer.version
    added = workflow.add_evidence(cast.expert, answer, more)
    assert Answer.objects.get(pk=answer.pk).version == version + 1
    for given in complete_answers()[1:]:
        workflow.save_answer(cast.expert, cast.assessment, given, None)
    workflow.submit(cast.expert, cast.assessment)
    workflow.start_review(cast.reviewer, cast.assessment)
    with pytest.raises(Refused, match="answers are locked"):
        workflow.remove_evidence(cast.expert, Evidence.objects.get(pk=added.pk))
    assert Answer.objects.get(pk=answer.pk).evidence.count() == 2


def test_a_superuser_holds_the_admin_role(cast):
    from django.contrib.auth.models import User

    root = User.objects.create_superuser("root", "", "long enough password")
    assert workflow.roles_of(root) == {"admin"}
    assert workflow.assign(cast.second_expert, Country.objects.get(code="MEX"), "expert", actor=root).role == "expert"
