"""The country expert's screens: the questionnaire per category, autosave, evidence, submit."""

from __future__ import annotations

import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.models import User
from django.db import OperationalError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_POST

from migrights.assessments import workflow
from migrights.assessments.models import Answer, Assessment, Evidence, ReviewComment
from migrights.assessments.queries import (
    CategoryProgress,
    category_progress,
    coded_by_category,
    document_readable,
    open_comments,
)
from migrights.assessments.questionnaire import ImportRefused, export_questionnaire, import_answers
from migrights.assessments.workflow import AnswerInput, EvidenceInput, Refused, StaleVersion
from migrights.documents import queries as documents
from migrights.framework.definition import CategoryDef, FrameworkDefinition, IndicatorDef, number_text
from migrights.lib.database import database_busy
from migrights.lib.labels import translated
from migrights.work.documents import BadDocument, document_path, store_pdf
from migrights.work.forms import AnswerForm, EvidenceForm, form_problem
from migrights.work.templatetags.work_tags import country_name, html_id
from migrights.work.views.common import reachable_assessment, refuse, signed_in_user


@dataclass
class LevelChoice:
    value: str
    label: str
    meaning: str
    checked: bool


@dataclass
class AnswerBlock:
    """One indicator on the questionnaire: its question, the answer form as typed, evidence, comments."""

    assessment: Assessment
    indicator: IndicatorDef
    answer: Answer | None
    typed: dict[str, str]
    editable: bool
    comments: list[ReviewComment] = field(default_factory=list)
    message: str = ""
    outcome: str = ""  # "saved", "refused", "stale" or "busy" (not saved: try again)
    current: Answer | None = None  # the newer saved answer, when the typed one was stale
    evidence_message: str = ""
    evidence_typed: dict[str, str] = field(default_factory=dict)
    progress: CategoryProgress | None = None  # the category's answered/total after a save (the counter updates)
    panel: dict[str, Any] | None = None  # what the treaty bodies and the UPR say (set for a whole category at once)

    statuses = Answer.Status.choices
    confidences = Answer.Confidence.choices
    evidence_kinds = Evidence.Kind.choices

    def __post_init__(self) -> None:
        if not self.evidence_typed:
            kinds = self.indicator.evidence_kinds
            self.evidence_typed = {"kind": kinds[0] if kinds else Evidence.Kind.LEGAL_CITATION}

    @property
    def documents(self) -> dict[str, Any]:
        """The General Comment paragraphs and the country's UPR recommendations beside the question (read when
        the question is drawn: a category page reads them once for all its questions)."""
        if self.panel is None:
            definition = self.assessment.framework.definition()
            category = next(c for c in definition.categories if c.code == self.indicator.category)
            self.panel = document_panels(self.assessment, category, [self.indicator])[self.indicator.code]
        return self.panel

    @property
    def evidence_kinds_text(self) -> str:
        """The kinds of evidence the indicator asks for, in words (``legal citation or document``)."""
        kinds = [
            str(Evidence.Kind(k).label).lower() if k in Evidence.Kind.values else k
            for k in self.indicator.evidence_kinds
        ]
        if len(kinds) < 2:
            return "".join(kinds)
        return _("%(some)s or %(last)s") % {"some": ", ".join(kinds[:-1]), "last": kinds[-1]}

    @property
    def max_document_mb(self) -> int:
        return settings.EVIDENCE_MAX_BYTES // (1024 * 1024)

    @property
    def current_label(self) -> str:
        return self.label_of(self.current) if self.current else ""

    @property
    def id(self) -> str:
        return html_id(self.indicator.code)

    @property
    def levels(self) -> list[LevelChoice]:
        typed = self.typed.get("value", "").strip()
        return [
            LevelChoice(
                number_text(level.value),
                translated(level.label, level.translations, "label"),  # the page's language where the file gives it
                level.meaning,
                typed.casefold() in (number_text(level.value), level.label.casefold()),
            )
            for level in self.indicator.scale.levels
        ]

    @property
    def evidence(self) -> list[Evidence]:
        return list(self.answer.evidence.all()) if self.answer else []

    @property
    def needs_evidence(self) -> bool:
        return (
            self.indicator.evidence_required
            and self.answer is not None
            and self.answer.status == Answer.Status.VALUE
            and not self.evidence
        )

    def label_of(self, answer: Answer) -> str:
        if answer.status != Answer.Status.VALUE:
            return answer.get_status_display()
        return self.indicator.scale.label_of(answer.value)


PANEL_LISTED = 5  # the country's UPR recommendations listed beside a question (the search lists them all)


def document_panels(
    assessment: Assessment, category: CategoryDef, indicators: list[IndicatorDef]
) -> dict[str, dict[str, Any]]:
    """Per question: its own and its category's cited paragraphs, and the recommendations the assessment's
    country received on the category (the documents crosswalk), in one read for the whole category."""
    refs = tuple(r for i in indicators for r in i.documents) + category.documents
    found = documents.right_documents(category.code, refs, country=assessment.country, listed=PANEL_LISTED)
    by_ref = {(p["symbol"], p["paragraph"]): p for p in found["paragraphs"]}
    upr = found["upr"]
    search = f"/documents/?{urlencode(upr['search'])}" if upr["search"] else None
    return {
        i.code: {
            "paragraphs": [by_ref[r] for r in dict.fromkeys(i.documents + category.documents) if r in by_ref],
            "upr": upr,
            "upr_search": search,
            "nc_licence_url": documents.NC_LICENCE_URL,
        }
        for i in indicators
    }


def typed_from(answer: Answer | None) -> dict[str, str]:
    if answer is None:
        return {"status": Answer.Status.VALUE, "value": "", "confidence": Answer.Confidence.MEDIUM, "comment": ""} | {
            "version": "0"  # no answer yet: saving creates version 1
        }
    return {
        "status": answer.status,
        "value": number_text(answer.value),
        "confidence": answer.confidence,
        "comment": answer.comment,
        "version": str(answer.version),
    }


def codable_assessment(request: HttpRequest, pk: int) -> Assessment:
    """The assessment if the signed-in person codes it: 404 outside their reach, 403 when not its expert."""
    assessment = reachable_assessment(request, pk)
    if workflow.expert_refusal(signed_in_user(request), assessment):
        named = {"name": request.user.get_username(), "code": assessment.country.code}
        raise refuse(_("%(name)s is not an expert of %(code)s") % named)
    return assessment


def coded_indicator_def(definition: FrameworkDefinition, code: str) -> IndicatorDef:
    indicator = definition.by_code.get(code)
    if indicator is None or not indicator.coded:
        raise Http404(
            _("%(code)s is not a coded indicator of %(framework)s") % {"code": code, "framework": definition.label}
        )
    return indicator


def _own_answers(assessment: Assessment, coder: User, codes: list[str]) -> dict[str, Answer]:
    found = (
        Answer.objects.filter(assessment=assessment, coder=coder, indicator__code__in=codes)
        .select_related("indicator")
        .prefetch_related("evidence")
    )
    return {a.indicator.code: a for a in found}


def _block(assessment: Assessment, indicator: IndicatorDef, coder: User, **kwargs: Any) -> AnswerBlock:
    answer = _own_answers(assessment, coder, [indicator.code]).get(indicator.code)
    comments = open_comments(assessment, [indicator.code]).get(indicator.code, [])
    kwargs.setdefault("typed", typed_from(answer))
    return AnswerBlock(assessment, indicator, answer, editable=assessment.editable, comments=comments, **kwargs)


def _render_block(request: HttpRequest, block: AnswerBlock, status: int = 200) -> HttpResponse:
    return render(request, "work/_indicator.html", {"block": block}, status=status)


def _back_to_block(request: HttpRequest, block: AnswerBlock) -> HttpResponse:
    """A plain form post that went well: say so and return to the question on its category page."""
    messages.success(request, block.message)
    url = reverse("work:category", args=[block.assessment.pk, block.indicator.category])
    return redirect(f"{url}#{block.id}")


def _after_evidence(request: HttpRequest, block: AnswerBlock, status: int = 200) -> HttpResponse:
    """HTMX gets the evidence area and the new answer version; a plain post gets the page."""
    if request.htmx:
        return render(request, "work/_evidence_updated.html", {"block": block})
    if not block.evidence_message:
        return _back_to_block(request, block)
    return _category_response(request, block.assessment, block.indicator.category, block, status)


@login_required
@require_GET
def assessment_start(request: HttpRequest, pk: int) -> HttpResponse:
    assessment = codable_assessment(request, pk)
    first = next(iter(coded_by_category(assessment.framework.definition())), None)
    if first is None:
        raise Http404(_("%(framework)s has no coded indicator") % {"framework": assessment.framework})
    return redirect("work:category", pk=pk, code=first)


@login_required
@require_GET
def category_page(request: HttpRequest, pk: int, code: str) -> HttpResponse:
    assessment = codable_assessment(request, pk)
    return _category_response(request, assessment, code)


def _category_response(
    request: HttpRequest, assessment: Assessment, code: str, replaced: AnswerBlock | None = None, status: int = 200
) -> HttpResponse:
    user = signed_in_user(request)
    definition = assessment.framework.definition()
    grouped = coded_by_category(definition)
    if code not in grouped:
        raise Http404(
            _("%(code)s is not a category with questions in %(framework)s")
            % {"code": code, "framework": definition.label}
        )
    category = next(c for c in definition.categories if c.code == code)
    indicators = grouped[code]
    answers = _own_answers(assessment, user, [i.code for i in indicators])
    comments = open_comments(assessment, [i.code for i in indicators])
    blocks = []
    for indicator in indicators:
        if replaced is not None and replaced.indicator.code == indicator.code:
            blocks.append(replaced)
            continue
        answer = answers.get(indicator.code)
        blocks.append(
            AnswerBlock(
                assessment,
                indicator,
                answer,
                typed_from(answer),
                assessment.editable,
                comments.get(indicator.code, []),
            )
        )
    panels = document_panels(assessment, category, indicators)
    for block in blocks:
        block.panel = block.panel or panels[block.indicator.code]
    progress = category_progress(assessment, user, definition)
    codes = [p.code for p in progress]
    position = codes.index(code)
    context = {
        "assessment": assessment,
        "category": category,
        "blocks": blocks,
        "progress": progress,
        "general_comments": comments.get(None, []),
        "previous": codes[position - 1] if position > 0 else None,
        "next": codes[position + 1] if position + 1 < len(codes) else None,
        "derived": [i for i in category.indicators if not i.coded],
    }
    return render(request, "work/category.html", context, status=status)


def _after_post(request: HttpRequest, block: AnswerBlock, status: int = 200) -> HttpResponse:
    """HTMX gets the fragment; a plain form post gets the page back (redirected when all went well)."""
    if request.htmx:
        if block.outcome in ("saved", "busy"):
            # only the version and the status change: what the person is typing meanwhile stays untouched
            return render(request, "work/_answer_saved.html", {"block": block}, status=status)
        response = _render_block(request, block)
        response["HX-Retarget"] = f"#{block.id}"
        response["HX-Reswap"] = "outerHTML"
        return response
    if block.outcome == "saved":
        return _back_to_block(request, block)
    return _category_response(request, block.assessment, block.indicator.category, block, status)


@login_required
@require_POST
def save_answer(request: HttpRequest, pk: int, code: str) -> HttpResponse:
    assessment = codable_assessment(request, pk)
    user = signed_in_user(request)
    indicator = coded_indicator_def(assessment.framework.definition(), code)
    form = AnswerForm(request.POST)
    typed = form.typed()
    if not form.is_valid():
        message = form_problem(form)
        block = _block(assessment, indicator, user, typed=typed, message=message, outcome="refused")
        return _after_post(request, block, 422)
    data = form.cleaned_data
    expected = data["replace_version"] if data["replace_version"] is not None else data["version"]
    given = AnswerInput(
        indicator.code,
        status=data["status"],
        value=data["value"],
        confidence=data["confidence"],
        comment=data["comment"],
    )
    try:
        workflow.save_answer(user, assessment, given, expected_version=expected)
    except StaleVersion as stale:
        current = Answer.objects.prefetch_related("evidence").get(pk=stale.current.pk)
        # the person's text stays in the inputs and autosave keeps refusing; only the button
        # "Replace the saved answer with mine" (replace_version) overwrites the newer version
        block = _block(assessment, indicator, user, typed=typed, message=str(stale), outcome="stale", current=current)
        return _after_post(request, block, 409)
    except Refused as refused:
        block = _block(assessment, indicator, user, typed=typed, message=str(refused), outcome="refused")
        return _after_post(request, block, 422)
    except OperationalError as error:
        if not database_busy(error):
            raise
        # another writer held the database longer than the lock timeout: nothing was saved, say so
        # (503, retryable) and keep what the person typed; the Retry button sends it again
        message = _("%(code)s not saved: the database is busy. Your answer is still here; press Retry.") % {
            "code": indicator.code
        }
        block = _block(assessment, indicator, user, typed=typed, message=message, outcome="busy")
        response = _after_post(request, block, 503)
        response["Retry-After"] = "2"
        return response
    block = _block(assessment, indicator, user, message=_("%(code)s saved") % {"code": indicator.code}, outcome="saved")
    progress = category_progress(assessment, user, assessment.framework.definition())
    block.progress = next(p for p in progress if p.code == indicator.category)
    return _after_post(request, block)


@login_required
@require_POST
def add_evidence(request: HttpRequest, pk: int, code: str) -> HttpResponse:
    assessment = codable_assessment(request, pk)
    user = signed_in_user(request)
    indicator = coded_indicator_def(assessment.framework.definition(), code)
    answer = Answer.objects.filter(assessment=assessment, indicator__code=code, coder=user).first()
    form = EvidenceForm(request.POST, request.FILES)
    problem = None
    if answer is None:
        problem = _("%(code)s: save an answer first, then attach its evidence") % {"code": code}
    elif not form.is_valid():
        problem = form_problem(form)
    else:
        data = form.cleaned_data
        item = EvidenceInput(
            kind=data["kind"],
            citation=data["citation"],
            url=data["url"],
            excerpt=data["excerpt"],
            accessed=data["accessed"],
        )
        try:
            if data["kind"] == Evidence.Kind.DOCUMENT and data["document"] is not None:
                item.document, item.document_name = store_pdf(data["document"]), data["document"].name[:200]
            workflow.add_evidence(user, answer, item)
        except (BadDocument, Refused) as error:
            problem = f"{code}: {error}"
    if problem:
        typed = {k: str(request.POST.get(k, "")) for k in ("kind", "citation", "url", "excerpt", "accessed")}
        block = _block(assessment, indicator, user, evidence_message=problem, evidence_typed=typed, outcome="refused")
        return _after_evidence(request, block, 422)
    return _after_evidence(request, _block(assessment, indicator, user, message=_("Evidence added"), outcome="saved"))


@login_required
@require_POST
def cite_document(request: HttpRequest, pk: int, code: str) -> HttpResponse:
    """Cite a General Comment paragraph or a UPR recommendation the country received as evidence of one's answer,
    in one click: the citation is made here from the library (symbol, paragraph, URL), never from the form."""
    assessment = codable_assessment(request, pk)
    user = signed_in_user(request)
    indicator = coded_indicator_def(assessment.framework.definition(), code)
    answer = Answer.objects.filter(assessment=assessment, indicator__code=code, coder=user).first()
    passage = documents.passage_by_id(str(request.POST.get("passage", ""))[:130])
    problem = None
    if passage is None:
        problem = _("%(code)s: no such document in the library") % {"code": code}
    elif passage.kind == documents.UPR_RECOMMENDATION and passage.state_under_review_id != assessment.country_id:
        problem = _("%(code)s: this recommendation was not made to %(country)s") % {
            "code": code,
            "country": assessment.country.code,
        }
    elif answer is None:
        problem = _("%(code)s: save an answer first, then attach its evidence") % {"code": code}
    else:
        cited = documents.passage_citation(passage)
        kind = (
            Evidence.Kind.EXCERPT
            if cited["excerpt"]
            else Evidence.Kind.URL
            if cited["url"]
            else Evidence.Kind.LEGAL_CITATION
        )
        try:
            workflow.add_evidence(user, answer, EvidenceInput(kind=kind, **cited))
        except Refused as error:
            problem = f"{code}: {error}"
    if problem:
        block = _block(assessment, indicator, user, evidence_message=problem, outcome="refused")
        return _after_evidence(request, block, 422)
    return _after_evidence(request, _block(assessment, indicator, user, message=_("Evidence added"), outcome="saved"))


@login_required
@require_POST
def remove_evidence(request: HttpRequest, pk: int) -> HttpResponse:
    user = signed_in_user(request)
    evidence = get_object_or_404(Evidence.objects.select_related("answer__assessment", "answer__indicator"), pk=pk)
    assessment = codable_assessment(request, evidence.answer.assessment_id)
    indicator = coded_indicator_def(assessment.framework.definition(), evidence.answer.indicator.code)
    try:
        workflow.remove_evidence(user, evidence)
    except Refused as refused:
        block = _block(assessment, indicator, user, evidence_message=str(refused), outcome="refused")
        return _after_evidence(request, block, 422)
    return _after_evidence(request, _block(assessment, indicator, user, message=_("Evidence removed"), outcome="saved"))


@login_required
@require_GET
def document(request: HttpRequest, sha256: str) -> HttpResponse:
    """A stored PDF, only to someone who may read an assessment citing it."""
    evidence = document_readable(signed_in_user(request), sha256)
    path = document_path(sha256) if evidence else None
    if evidence is None or path is None or not path.exists():
        raise Http404(_("no such document within your reach"))
    return FileResponse(
        path.open("rb"),
        content_type="application/pdf",
        as_attachment=False,
        filename=evidence.document_name or f"{sha256}.pdf",
    )


@login_required
def submit(request: HttpRequest, pk: int) -> HttpResponse:
    """GET: what is still missing; POST: submit (refused with the same summary when incomplete)."""
    assessment = codable_assessment(request, pk)
    user = signed_in_user(request)
    if request.method == "POST":
        try:
            workflow.submit(user, assessment)
        except Refused as refused:
            messages.error(request, str(refused))
        else:
            named = {"country": country_name(assessment.country), "year": assessment.year}
            messages.success(request, _("%(country)s %(year)s submitted for review") % named)
            return redirect("work:dashboard")
    elif request.method != "GET":
        return HttpResponse(status=405)
    definition = assessment.framework.definition()
    missing = workflow.missing_for(assessment, user)
    category_of = {i.code: i.category for i in definition.indicators}
    context = {
        "assessment": assessment,
        "progress": category_progress(assessment, user, definition),
        "unanswered": [(code, category_of[code], html_id(code)) for code in missing["unanswered"]],
        "no_evidence": [(code, category_of[code], html_id(code)) for code in missing["evidence"]],
        "unconfirmed": [(code, category_of[code], html_id(code)) for code in missing["unconfirmed"]],
    }
    return render(request, "work/submit.html", context)


@login_required
@require_POST
def carry_over(request: HttpRequest, pk: int) -> HttpResponse:
    """Start from the previous release's answers, each marked "carried over, confirm"."""
    assessment = codable_assessment(request, pk)
    try:
        count = workflow.carry_over(signed_in_user(request), assessment)
    except Refused as refused:
        messages.error(request, str(refused))
        return redirect("work:dashboard")
    done = ngettext(
        "%(count)d answer carried over: confirm or change it",
        "%(count)d answers carried over: confirm or change each one",
        count,
    )
    messages.success(request, done % {"count": count})
    return redirect("work:assessment", pk=pk)


XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
QUESTIONNAIRE_MAX_BYTES = 10_000_000  # an uploaded questionnaire: a few hundred rows of text


def _safe_name(name: str) -> str:
    """An uploaded file's name as the error messages show it (no folder, no odd characters)."""
    base = Path(name or "questionnaire.xlsx").name
    return "".join(c if c.isalnum() or c in "._-" else "-" for c in base)[:100] or "questionnaire.xlsx"


@login_required
@require_GET
def questionnaire_download(request: HttpRequest, pk: int) -> HttpResponse:
    """The questionnaire as XLSX with the signed-in expert's saved answers and their versions."""
    assessment = codable_assessment(request, pk)
    user = signed_in_user(request)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"{assessment.country.code}-{assessment.year}-{user.username}.xlsx"
        export_questionnaire(assessment, path, coder=user)
        content = path.read_bytes()
    response = HttpResponse(content, content_type=XLSX_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{_safe_name(path.name)}"'
    return response


@login_required
def questionnaire(request: HttpRequest, pk: int) -> HttpResponse:
    """GET: download and upload; POST: import a filled questionnaire (all or nothing, every bad cell named)."""
    assessment = codable_assessment(request, pk)
    user = signed_in_user(request)
    context: dict[str, Any] = {"assessment": assessment, "problems": [], "message": ""}
    status = 200
    if request.method == "POST":
        upload = request.FILES.get("file")
        if upload is None:
            context["message"], status = _("Choose the filled questionnaire (.xlsx or .csv) to upload."), 422
        elif upload.size > QUESTIONNAIRE_MAX_BYTES:
            limit = QUESTIONNAIRE_MAX_BYTES // 1_000_000
            too_large = _("%(file)s: the file is larger than %(size)s MB.") % {
                "file": _safe_name(upload.name),
                "size": limit,
            }
            context["message"], status = too_large, 422
        else:
            with tempfile.TemporaryDirectory() as folder:
                path = Path(folder) / _safe_name(upload.name)
                with path.open("wb") as handle:
                    for chunk in upload.chunks():
                        handle.write(chunk)
                try:
                    report = import_answers(path, user, assessment)
                except ImportRefused as refused:
                    context["problems"], status = refused.problems, 422
                    context["message"] = _("%(file)s: nothing was saved. Correct these cells and upload again.") % {
                        "file": path.name
                    }
                except Refused as refused:
                    context["message"], status = str(refused), 422
                else:
                    parts = [
                        ngettext("%(count)d answer saved", "%(count)d answers saved", report.saved)
                        % {"count": report.saved},
                        _("%(count)d unchanged") % {"count": report.unchanged},
                    ]
                    if report.kept:
                        parts.append(_("%(count)d kept as changed on screen since the export") % {"count": report.kept})
                    parts.append(_("%(count)d left blank") % {"count": report.skipped})
                    messages.success(request, f"{path.name}: {', '.join(parts)}.")
                    return redirect("work:questionnaire", pk=pk)
    elif request.method != "GET":
        return HttpResponse(status=405)
    context["max_mb"] = QUESTIONNAIRE_MAX_BYTES // 1_000_000
    return render(request, "work/questionnaire.html", context, status=status)
