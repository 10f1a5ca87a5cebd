"""The peer reviewer's screens: the queue, the side-by-side comparison, comments, adjudication, decisions."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from migrights.assessments import workflow
from migrights.assessments.models import Answer, Assessment
from migrights.assessments.queries import IndicatorReview, indicator_reviews, open_comments, oversees
from migrights.assessments.workflow import AnswerInput, Refused
from migrights.framework.definition import FrameworkDefinition
from migrights.lib.labels import translated
from migrights.work.forms import AdjudicateForm, CommentForm, DecisionForm
from migrights.work.templatetags.work_tags import country_name, html_id
from migrights.work.views.common import reachable_assessment, refuse, signed_in_user


def _reviewable(request: HttpRequest, pk: int, reading: bool = False) -> Assessment:
    """The assessment if the person reviews it (coordinators may read it too); 404 outside reach, else 403."""
    assessment = reachable_assessment(request, pk)
    user = signed_in_user(request)
    refusal = workflow.reviewer_refusal(user, assessment)
    if refusal and not (reading and oversees(user)):
        raise refuse(refusal)
    return assessment


def _named(assessment: Assessment) -> dict[str, object]:
    """The country (in the page's language) and year of an assessment, for a message."""
    return {"country": country_name(assessment.country), "year": assessment.year}


@dataclass
class CategoryReviews:
    """One category of the review page: its questions (disagreements first) and whether it starts open."""

    code: str
    title: str
    reviews: list[IndicatorReview]
    open: bool = False
    agreed_open: bool = False

    @property
    def contested(self) -> list[IndicatorReview]:
        """Questions needing the reviewer: coders disagree, or nobody adjudicated yet."""
        return [r for r in self.reviews if r.disagreement or not r.decided]

    @property
    def agreed(self) -> list[IndicatorReview]:
        return [r for r in self.reviews if not (r.disagreement or not r.decided)]

    @property
    def disagreements(self) -> int:
        return sum(1 for r in self.reviews if r.disagreement)

    @property
    def undecided(self) -> int:
        return sum(1 for r in self.reviews if not r.decided)


def _by_category(reviews: list[IndicatorReview], definition: FrameworkDefinition) -> list[CategoryReviews]:
    """Categories with disagreements first (then framework order), each keeping its questions' order."""
    grouped: dict[str, list[IndicatorReview]] = {}
    for review in reviews:  # already disagreements first, then framework order
        grouped.setdefault(review.indicator.category, []).append(review)
    titles = {c.code: translated(c.title, c.translations, "title") for c in definition.categories}
    order = {c.code: n for n, c in enumerate(definition.categories)}
    categories = [CategoryReviews(code, titles[code], items) for code, items in grouped.items()]
    return sorted(categories, key=lambda c: (c.disagreements == 0, order[c.code]))


@login_required
@require_GET
def review_page(request: HttpRequest, pk: int) -> HttpResponse:
    """Every coder's answers side by side, grouped by category; ``?category=`` and ``?show=disagreements`` filter.

    Categories holding a disagreement or a question still to adjudicate start open, the others collapsed
    (``?open=CODE`` opens one, as after a comment): the page stays readable with a framework of 150 questions.
    """
    assessment = _reviewable(request, pk, reading=True)
    user = signed_in_user(request)
    definition = assessment.framework.definition()
    reviews = indicator_reviews(assessment, definition)
    coders = sorted({a.coder.username for r in reviews for a in r.answers})
    categories = _by_category(reviews, definition)
    chosen = request.GET.get("category", "")
    only_disagreements = request.GET.get("show") == "disagreements"
    shown = []
    for category in categories:
        if chosen and category.code != chosen:
            continue
        if only_disagreements:
            category = CategoryReviews(category.code, category.title, [r for r in category.reviews if r.disagreement])
            if not category.reviews:
                continue
        asked = request.GET.get("open") == category.code or chosen == category.code
        category.open = bool(category.contested) or asked
        category.agreed_open = asked
        shown.append(category)
    if len(shown) == 1:
        shown[0].open = shown[0].agreed_open = True
    context = {
        "assessment": assessment,
        "reviews": reviews,
        "categories": categories,
        "shown": shown,
        "chosen": chosen,
        "only_disagreements": only_disagreements,
        "coders": coders,
        "may_act": workflow.reviewer_refusal(user, assessment) is None and assessment.state in Assessment.REVIEWABLE,
        "general_comments": open_comments(assessment).get(None, []),
        "disagreements": sum(1 for r in reviews if r.disagreement),
        "undecided": [r.indicator.code for r in reviews if not r.decided],
        "statuses": Answer.Status.choices,
    }
    return render(request, "work/review.html", context)


def _act(request: HttpRequest, pk: int, action: Callable[[Assessment], str], code: str = "") -> HttpResponse:
    """Run a reviewer's action and return to the review page, at the indicator acted on (its category open)."""
    assessment = _reviewable(request, pk)
    try:
        done = action(assessment)
    except Refused as refused:
        messages.error(request, str(refused))
    else:
        messages.success(request, done)
    url = reverse("work:review", args=[pk])
    if code:
        indicator = assessment.framework.definition().by_code.get(code)
        if indicator is not None:
            url += "?" + urlencode({"open": indicator.category})
        url += f"#{html_id(code)}"
    return redirect(url)


@login_required
@require_POST
def start_review(request: HttpRequest, pk: int) -> HttpResponse:
    user = signed_in_user(request)

    def start(assessment: Assessment) -> str:
        workflow.start_review(user, assessment)
        return _("Review started: the answers are locked until you return or approve them")

    return _act(request, pk, start)


@login_required
@require_POST
def comment(request: HttpRequest, pk: int, code: str) -> HttpResponse:
    user = signed_in_user(request)
    form = CommentForm(request.POST)

    def add(assessment: Assessment) -> str:
        if not form.is_valid():
            raise Refused(_("a comment cannot be empty"))
        workflow.add_comment(user, assessment, code, form.cleaned_data["text"])
        return _("Comment on %(code)s added") % {"code": code}

    return _act(request, pk, add, code)


@login_required
@require_POST
def adjudicate(request: HttpRequest, pk: int, code: str) -> HttpResponse:
    user = signed_in_user(request)
    form = AdjudicateForm(request.POST)

    def decide(assessment: Assessment) -> str:
        if not form.is_valid():
            raise Refused(_("%(code)s: an adjudicated value needs a status, a value and a reason") % {"code": code})
        data = form.cleaned_data
        given = AnswerInput(code, status=data["status"], value=data["value"])
        workflow.adjudicate(user, assessment, code, given, data["reason"])
        return _("%(code)s adjudicated") % {"code": code}

    return _act(request, pk, decide, code)


@login_required
@require_POST
def return_assessment(request: HttpRequest, pk: int) -> HttpResponse:
    user = signed_in_user(request)
    form = DecisionForm(request.POST)
    text = form.cleaned_data["comment"] if form.is_valid() else ""

    def send_back(assessment: Assessment) -> str:
        workflow.return_assessment(user, assessment, text)
        return _("%(country)s %(year)s returned to its experts") % _named(assessment)

    return _act(request, pk, send_back)


@login_required
@require_POST
def approve(request: HttpRequest, pk: int) -> HttpResponse:
    user = signed_in_user(request)
    form = DecisionForm(request.POST)
    text = form.cleaned_data["comment"] if form.is_valid() else ""

    def accept(assessment: Assessment) -> str:
        workflow.approve(user, assessment, text)
        return _("%(country)s %(year)s approved: it goes into the next release") % _named(assessment)

    return _act(request, pk, accept)
