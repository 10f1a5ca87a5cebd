"""The dashboard by role, and the coordinator's screens: progress, assignments, assessments, releases."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.models import User
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from migrights.assessments import workflow
from migrights.assessments.models import Answer, Assignment, Release, ReleasedValue, Role
from migrights.assessments.queries import (
    expert_assignments,
    oversees,
    progress_across_countries,
    review_queue,
    reviewed_elsewhere,
)
from migrights.assessments.workflow import Refused, roles_of
from migrights.framework.definition import FrameworkDefinition, number_text
from migrights.framework.models import Framework
from migrights.jobs import runner as jobs
from migrights.jobs.models import Job
from migrights.work import tasks
from migrights.work.forms import AssignForm, OpenAssessmentForm, ReleaseForm, form_problem
from migrights.work.tasks import PUBLISH
from migrights.work.templatetags.work_tags import country_name
from migrights.work.views.common import refuse, signed_in_user


@login_required
@require_GET
def dashboard(request: HttpRequest) -> HttpResponse:
    user = signed_in_user(request)
    held = roles_of(user)
    context = {
        "roles": sorted(Role(r).label for r in held),
        "expert": Role.EXPERT in held,
        "reviewer": Role.REVIEWER in held,
        "coordinator": oversees(user),
        "assignments": expert_assignments(user),
        "queue": review_queue(user),
        "reviewed": reviewed_elsewhere(user),
        "latest_release": workflow.latest_release() if Role.EXPERT in held else None,
    }
    return render(request, "work/dashboard.html", context)


def _coordinator(request: HttpRequest) -> User:
    user = signed_in_user(request)
    if not oversees(user):
        raise refuse(_("%(name)s is not a coordinator") % {"name": user.username})
    return user


@login_required
@require_GET
def coordination(request: HttpRequest) -> HttpResponse:
    _coordinator(request)
    context = {
        "rows": progress_across_countries(),
        "assign_form": AssignForm(auto_id="assign-%s"),
        "open_form": OpenAssessmentForm(auto_id="open-%s"),
        "assignments": Assignment.objects.select_related("user", "country").order_by("country__code", "role"),
        "releases": Release.objects.all()[:10],
        "jobs": _recent_jobs(),
    }
    return render(request, "work/coordination.html", context)


def _recent_jobs() -> list[Job]:
    jobs.interrupted()  # a job whose worker died shows as failed
    return list(Job.objects.filter(kind__in=tasks.KINDS).select_related("started_by")[:10])


@login_required
@require_POST
def assign(request: HttpRequest) -> HttpResponse:
    user = _coordinator(request)
    form = AssignForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Not assigned: %(problem)s") % {"problem": form_problem(form)})
        return redirect("work:coordination")
    data = form.cleaned_data
    try:
        workflow.assign(data["user"], data["country"], data["role"], actor=user)
    except Refused as refused:
        messages.error(request, str(refused))
    else:
        role = str(Assignment.As(data["role"]).label).lower()
        done = _("%(name)s assigned to %(country)s as %(role)s")
        named = {"name": data["user"].username, "country": country_name(data["country"]), "role": role}
        messages.success(request, done % named)
    return redirect("work:coordination")


@login_required
@require_POST
def open_assessment(request: HttpRequest) -> HttpResponse:
    user = _coordinator(request)
    form = OpenAssessmentForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Not opened: %(problem)s") % {"problem": form_problem(form)})
        return redirect("work:coordination")
    data = form.cleaned_data
    try:
        assessment = workflow.open_assessment(data["country"], data["year"], data["framework"], actor=user)
    except Refused as refused:
        messages.error(request, str(refused))
    else:
        messages.success(request, _("%(assessment)s opened") % {"assessment": assessment})
    return redirect("work:coordination")


def _value_label(definitions: dict[int, FrameworkDefinition], framework_id: int, code: str, item: dict) -> str:
    """A changelog entry's value as its level label (Yes, Partial) or number."""
    if framework_id not in definitions:
        definitions[framework_id] = Framework.objects.get(pk=framework_id).definition()
    indicator = definitions[framework_id].by_code.get(code)
    if item.get("status") != "value":
        status = str(item.get("status", ""))
        return str(Answer.Status(status).label) if status in Answer.Status.values else status
    if indicator is None:
        return number_text(item.get("value"))
    return indicator.scale.label_of(item.get("value"))


def _labelled(values: list[ReleasedValue], log: dict[str, Any]) -> dict[str, list[dict[str, Any]]]:
    frameworks = {(v.country.code, v.year): v.framework_id for v in values}
    definitions: dict[int, FrameworkDefinition] = {}
    labelled: dict[str, list[dict[str, Any]]] = {}
    for part in ("added", "changed", "removed"):
        rows = []
        for item in log[part]:
            framework_id = frameworks.get((item["country"], item["year"]))
            label = _value_label(definitions, framework_id, item["indicator"], item) if framework_id else ""
            rows.append({**item, "label": label or number_text(item.get("value"))})
        labelled[part] = rows
    return labelled


@login_required
def new_release(request: HttpRequest) -> HttpResponse:
    """GET: the values and changelog a release would freeze now; POST: start publishing it (a job the page polls)."""
    user = _coordinator(request)
    form = ReleaseForm(request.POST or None)
    if request.method == "POST":
        if form.is_valid():
            version, notes = form.cleaned_data["version"], form.cleaned_data["notes"]
            busy = jobs.active(PUBLISH)
            try:
                if busy is not None:
                    busy_text = _("a release is being published (started by %(name)s); wait for it")
                    raise Refused(busy_text % {"name": busy.started_by.username if busy.started_by else "?"})
                workflow.check_release(user, version)  # refused at once, before any work starts
            except Refused as refused:
                messages.error(request, str(refused))
            else:  # the worker publishes it: this request returns at once
                step = _("Waiting to publish release %(version)s") % {"version": version}
                job = jobs.start(PUBLISH, user, tasks.publish_release, user.pk, version, notes, first_step=step)
                return redirect("work:job", pk=job.pk)
        else:
            messages.error(request, _("Not released: %(problem)s") % {"problem": form_problem(form)})
    values, log = workflow.preview_release()
    context = {"form": form, "log": log, "rows": _labelled(values, log), "latest": workflow.latest_release()}
    return render(request, "work/release_new.html", context)


@login_required
@require_GET
def job(request: HttpRequest, pk: int) -> HttpResponse:
    """A job's progress: the page polls its status fragment until it is done or failed."""
    _coordinator(request)
    found = get_object_or_404(Job, pk=pk, kind__in=tasks.KINDS)
    jobs.interrupted()
    found.refresh_from_db()
    template = "work/_job_status.html" if request.htmx else "work/job.html"
    return render(request, template, {"job": found})
