"""Read-only views of the workflow for the screens: progress, queues, side-by-side answers.

Nothing here writes; every write goes through ``workflow``. Which assessments a person may read is
decided by ``workflow.visible_assessments`` and the checks below, the same ones the writes make.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field

from django.contrib.auth.models import User
from django.db.models import Count

from migrights.assessments.models import (
    Adjudication,
    Answer,
    Assessment,
    Assignment,
    Evidence,
    ReviewComment,
    Role,
    Submission,
)
from migrights.assessments.workflow import has_role, roles_of, visible_assessments
from migrights.framework.definition import FrameworkDefinition, IndicatorDef
from migrights.framework.models import Indicator
from migrights.lib.labels import translated


def readable_assessments(user: User):  # -> QuerySet[Assessment]
    """Assessments ``user`` may read before release, with country and framework loaded."""
    return Assessment.objects.filter(visible_assessments(user)).select_related("country", "framework")


def oversees(user: User) -> bool:
    return has_role(user, Role.COORDINATOR, Role.ADMIN)


# --- progress -------------------------------------------------------------------------------


@dataclass(frozen=True)
class CategoryProgress:
    code: str
    title: str
    answered: int
    total: int

    @property
    def complete(self) -> bool:
        return self.answered >= self.total


def coded_by_category(definition: FrameworkDefinition) -> dict[str, list[IndicatorDef]]:
    """Coded (not derived) indicators per category code, in framework order; empty categories left out."""
    grouped: dict[str, list[IndicatorDef]] = {}
    for category in definition.categories:
        coded = [i for i in category.indicators if i.coded]
        if coded:
            grouped[category.code] = coded
    return grouped


def category_progress(assessment: Assessment, coder: User, definition: FrameworkDefinition) -> list[CategoryProgress]:
    """Per category with coded indicators: how many of them ``coder`` has answered (carried over and not yet
    confirmed does not count)."""
    answered = Counter(
        Answer.objects.filter(assessment=assessment, coder=coder, carried_over=False).values_list(
            "indicator__code", flat=True
        )
    )
    titles = {c.code: translated(c.title, c.translations, "title") for c in definition.categories}
    return [
        CategoryProgress(code, titles[code], sum(1 for i in coded if answered[i.code]), len(coded))
        for code, coded in coded_by_category(definition).items()
    ]


@dataclass
class ExpertAssignment:
    assessment: Assessment
    categories: list[CategoryProgress]
    submitted: bool

    @property
    def answered(self) -> int:
        return sum(c.answered for c in self.categories)

    @property
    def total(self) -> int:
        return sum(c.total for c in self.categories)


def expert_assignments(user: User) -> list[ExpertAssignment]:
    """The assessments of the countries ``user`` codes, with their progress per category."""
    if Role.EXPERT not in roles_of(user):
        return []
    countries = Assignment.objects.filter(user=user, role=Assignment.As.EXPERT).values("country")
    found = []
    definitions: dict[int, FrameworkDefinition] = {}
    signed = set(Submission.objects.filter(coder=user, submitted__isnull=False).values_list("assessment_id", flat=True))
    for assessment in Assessment.objects.filter(country__in=countries).select_related("country", "framework"):
        if assessment.framework_id not in definitions:
            definitions[assessment.framework_id] = assessment.framework.definition()
        progress = category_progress(assessment, user, definitions[assessment.framework_id])
        found.append(ExpertAssignment(assessment, progress, assessment.pk in signed))
    return found


def review_queue(user: User) -> list[Assessment]:
    """Assessments awaiting review (or being reviewed) in the countries ``user`` reviews, oldest first."""
    if Role.REVIEWER not in roles_of(user):
        return []
    countries = Assignment.objects.filter(user=user, role=Assignment.As.REVIEWER).values("country")
    return list(
        Assessment.objects.filter(country__in=countries, state__in=Assessment.REVIEWABLE)
        .exclude(answers__coder=user)
        .select_related("country", "framework")
        .distinct()
        .order_by("updated")
    )


def reviewed_elsewhere(user: User) -> list[Assessment]:
    """The other assessments of the countries ``user`` reviews (drafts, returned, approved)."""
    if Role.REVIEWER not in roles_of(user):
        return []
    countries = Assignment.objects.filter(user=user, role=Assignment.As.REVIEWER).values("country")
    return list(
        Assessment.objects.filter(country__in=countries)
        .exclude(state__in=Assessment.REVIEWABLE)
        .select_related("country", "framework")
    )


@dataclass
class CoderProgress:
    username: str
    answered: int
    submitted: bool


@dataclass
class AssessmentProgress:
    assessment: Assessment
    total: int
    coders: list[CoderProgress]


def progress_across_countries() -> list[AssessmentProgress]:
    """Every assessment with answered/total per assigned expert (for coordinators)."""
    totals = dict(
        Indicator.objects.filter(derived__isnull=True)
        .values("framework")
        .annotate(n=Count("id"))
        .values_list("framework", "n")
    )
    answered: dict[tuple[int, str], int] = {
        (row["assessment"], row["coder__username"]): row["n"]
        for row in Answer.objects.values("assessment", "coder__username").annotate(n=Count("id"))
    }
    signed = set(Submission.objects.filter(submitted__isnull=False).values_list("assessment_id", "coder__username"))
    experts: dict[int, list[str]] = defaultdict(list)
    for country_id, username in Assignment.objects.filter(role=Assignment.As.EXPERT).values_list(
        "country_id", "user__username"
    ):
        experts[country_id].append(username)
    rows = []
    for assessment in Assessment.objects.select_related("country", "framework").order_by("country__code", "-year"):
        names = sorted(set(experts[assessment.country_id]) | {n for a, n in answered if a == assessment.pk})
        coders = [
            CoderProgress(name, answered.get((assessment.pk, name), 0), (assessment.pk, name) in signed)
            for name in names
        ]
        rows.append(AssessmentProgress(assessment, totals.get(assessment.framework_id, 0), coders))
    return rows


# --- review ----------------------------------------------------------------------------------


@dataclass
class IndicatorReview:
    """One indicator as the reviewer sees it: every coder's answer side by side."""

    indicator: IndicatorDef
    category_title: str
    answers: list[Answer]
    comments: list[ReviewComment] = field(default_factory=list)
    adjudication: Adjudication | None = None

    @property
    def disagreement(self) -> bool:
        return len({(a.status, a.value) for a in self.answers}) > 1

    @property
    def decided(self) -> bool:
        return self.adjudication is not None or not self.disagreement


def indicator_reviews(assessment: Assessment, definition: FrameworkDefinition) -> list[IndicatorReview]:
    """Coded indicators with the coders' answers, disagreements first, then framework order."""
    answers: dict[str, list[Answer]] = defaultdict(list)
    for answer in (
        Answer.objects.filter(assessment=assessment)
        .select_related("coder", "indicator")
        .prefetch_related("evidence")
        .order_by("coder__username")
    ):
        answers[answer.indicator.code].append(answer)
    comments: dict[str, list[ReviewComment]] = defaultdict(list)
    for comment in ReviewComment.objects.filter(assessment=assessment, indicator__isnull=False).select_related(
        "author", "indicator"
    ):
        comments[comment.indicator.code].append(comment)
    adjudications = {
        a.indicator.code: a for a in Adjudication.objects.filter(assessment=assessment).select_related("indicator")
    }
    titles = {c.code: translated(c.title, c.translations, "title") for c in definition.categories}
    reviews = [
        IndicatorReview(i, titles[i.category], answers[i.code], comments[i.code], adjudications.get(i.code))
        for i in definition.indicators
        if i.coded
    ]
    return sorted(reviews, key=lambda r: (not r.disagreement, r.indicator.position))


def open_comments(assessment: Assessment, indicator_codes: list[str] | None = None) -> dict[str | None, list]:
    """Unresolved reviewer comments per indicator code (None: on the whole assessment)."""
    found: dict[str | None, list[ReviewComment]] = defaultdict(list)
    query = ReviewComment.objects.filter(assessment=assessment, resolved=False).select_related("author", "indicator")
    for comment in query:
        code = comment.indicator.code if comment.indicator else None
        if indicator_codes is None or code is None or code in indicator_codes:
            found[code].append(comment)
    return found


def document_readable(user: User, sha256: str) -> Evidence | None:
    """An evidence item holding the document that ``user`` may read, or None."""
    return (
        Evidence.objects.filter(document=sha256, answer__assessment__in=readable_assessments(user))
        .select_related("answer")
        .first()
    )
