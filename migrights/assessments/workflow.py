"""Every write of the expert workflow, with its permission check and its audit entry.

Screens, the command line and imports all call these functions, so a rule holds everywhere:
a refused action raises ``Refused`` with a one-line reason and changes nothing (each function is
one transaction).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth.models import Group, User
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from migrights.assessments.models import (
    Adjudication,
    Answer,
    AnswerRevision,
    Assessment,
    Assignment,
    AuditEntry,
    Evidence,
    Release,
    ReleasedValue,
    ReviewComment,
    Role,
    Submission,
)
from migrights.assessments.signals import release_published
from migrights.framework.definition import Scale, ScaleValueError, number_text
from migrights.framework.models import Framework, Indicator
from migrights.framework.queries import latest_framework
from migrights.jobs import errors as jobs_errors
from migrights.lib.labels import translated
from migrights.reference.models import Country


class Refused(jobs_errors.Refused):
    """An action the actor may not take, or that the data does not allow; nothing was changed (a job doing it fails
    with the message, without trying again: ``jobs.errors.Refused``)."""


class StaleVersion(Refused):
    """Saving over a newer version of an answer."""

    def __init__(self, answer: Answer, expected: int | None) -> None:
        self.current = answer
        message = _(
            "%(code)s: this answer was saved elsewhere since you opened it (you edited version %(edited)s, the "
            "current one is %(current)s); your text is kept: compare it with the current answer, then save again"
        )
        super().__init__(message % {"code": answer.indicator.code, "edited": expected or 0, "current": answer.version})


# --- people -------------------------------------------------------------------------------


def roles_of(user: User) -> set[str]:
    if not user.is_authenticated:
        return set()
    names = set(user.groups.values_list("name", flat=True))
    if user.is_superuser:
        names.add(Role.ADMIN)
    return names & set(Role.values)


def has_role(user: User, *roles: str) -> bool:
    return bool(roles_of(user) & set(roles))


def require_role(user: User | None, *roles: str) -> None:
    if user is None:
        return  # the operator at the command line, acting without an account
    if not has_role(user, *roles):
        raise Refused(
            _("%(name)s does not hold the role %(roles)s")
            % {"name": user.username, "roles": f" {_('or')} ".join(roles)}
        )


def find_user(name: str) -> User:
    user = User.objects.filter(username=name).first()
    if user is None:
        raise Refused(f"no user named {name!r}")
    return user


@transaction.atomic
def add_user(name: str, roles: Sequence[str], password: str, email: str = "", actor: User | None = None) -> User:
    require_role(actor, Role.ADMIN)
    if User.objects.filter(username=name).exists():
        raise Refused(f"a user named {name!r} already exists")
    if len(password) < 10:
        raise Refused("the password must have at least 10 characters")
    user = User.objects.create_user(username=name, email=email, password=password)
    for role in roles:
        user.groups.add(Group.objects.get_or_create(name=Role(role).value)[0])
    if Role.ADMIN in roles:
        user.is_staff = user.is_superuser = True
        user.save(update_fields=["is_staff", "is_superuser"])
    audit(actor, "add-user", user, None, {"username": name, "roles": sorted(roles), "email": email})
    return user


@transaction.atomic
def assign(user: User, country: Country, role: str, actor: User | None = None) -> Assignment:
    require_role(actor, Role.COORDINATOR, Role.ADMIN)
    needed = Role.EXPERT if role == Assignment.As.EXPERT else Role.REVIEWER
    if needed not in roles_of(user):
        named = {"name": user.username, "role": needed}
        raise Refused(_("%(name)s does not hold the role %(role)s; give it with `migrights users add` first") % named)
    assignment, created = Assignment.objects.get_or_create(user=user, country=country, role=role)
    if created:
        audit(actor, "assign", assignment, None, {"user": user.username, "country": country.code, "role": role})
    return assignment


def is_assigned(user: User, country: Country, role: str) -> bool:
    return Assignment.objects.filter(user=user, country=country, role=role).exists()


def audit(
    actor: User | None,
    action: str,
    obj: Any,
    before: Any,
    after: Any,
    why: str = "",
    assessment: Assessment | None = None,
) -> AuditEntry:
    return AuditEntry.objects.create(
        who=actor,
        action=action,
        object_type=type(obj).__name__.lower(),
        object_id=str(obj.pk),
        assessment=assessment,
        before=before,
        after=after,
        why=why,
    )


# --- assessments and answers --------------------------------------------------------------


def find_assessment(country: Country, year: int, framework: Framework | None = None) -> Assessment:
    found = Assessment.objects.filter(country=country, year=year)
    if framework is not None:
        found = found.filter(framework=framework)
    assessment = found.select_related("framework", "country").order_by("-framework__id").first()
    if assessment is None:
        raise Refused(f"no assessment is open for {country.code} {year}; open it with `migrights assessment open`")
    return assessment


@transaction.atomic
def open_assessment(
    country: Country, year: int, framework: Framework | None = None, actor: User | None = None
) -> Assessment:
    require_role(actor, Role.COORDINATOR, Role.ADMIN)
    framework = framework or latest_framework()
    if framework is None:
        raise Refused(_("no framework is loaded; load one with `migrights framework load`"))
    this_year = timezone.now().year
    if not 1990 <= year <= this_year:
        raise Refused(_("the year must be between 1990 and %(year)s") % {"year": this_year})
    if country.kind != Country.Kind.STATE:
        raise Refused(_("%(code)s is not a state that can be assessed") % {"code": country.code})
    assessment, created = Assessment.objects.get_or_create(country=country, year=year, framework=framework)
    if not created:
        named = {"assessment": assessment, "state": str(assessment.get_state_display()).lower()}
        raise Refused(_("%(assessment)s is already open (state: %(state)s)") % named)
    audit(actor, "open", assessment, None, {"state": assessment.state}, assessment=assessment)
    return assessment


def expert_refusal(user: User, assessment: Assessment) -> str | None:
    """Why ``user`` may not code ``assessment``, or None: the one rule for writes and screens."""
    if Role.EXPERT not in roles_of(user):
        return _("%(name)s is not a country expert") % {"name": user.username}
    if not is_assigned(user, assessment.country, Assignment.As.EXPERT):
        return _("%(name)s is not assigned to %(code)s as an expert") % {
            "name": user.username,
            "code": assessment.country.code,
        }
    return None


def reviewer_refusal(user: User, assessment: Assessment) -> str | None:
    """Why ``user`` may not review ``assessment``, or None: the one rule for writes and screens."""
    if Role.REVIEWER not in roles_of(user):
        return _("%(name)s is not a peer reviewer") % {"name": user.username}
    if not is_assigned(user, assessment.country, Assignment.As.REVIEWER):
        return _("%(name)s is not assigned to %(code)s as a reviewer") % {
            "name": user.username,
            "code": assessment.country.code,
        }
    if Answer.objects.filter(assessment=assessment, coder=user).exists():
        named = {"name": user.username, "assessment": assessment}
        return _("%(name)s coded answers of %(assessment)s and cannot review their own answers") % named
    return None


def check_expert(actor: User, assessment: Assessment) -> None:
    refusal = expert_refusal(actor, assessment)
    if refusal:
        raise Refused(refusal)


def check_editable(assessment: Assessment) -> None:
    if not assessment.editable:
        named = {"assessment": assessment, "state": str(assessment.get_state_display()).lower()}
        raise Refused(_("%(assessment)s is %(state)s: answers are locked") % named)


@dataclass
class EvidenceInput:
    kind: str
    citation: str = ""
    url: str = ""
    excerpt: str = ""
    document: str = ""
    document_name: str = ""
    accessed: dt.date | None = None


@dataclass
class AnswerInput:
    """What an expert sends for one indicator; ``value`` is text as typed (a number or a level label)."""

    indicator: str
    status: str = Answer.Status.VALUE
    value: str = ""
    confidence: str = Answer.Confidence.MEDIUM
    comment: str = ""
    evidence: list[EvidenceInput] = field(default_factory=list)
    replace_evidence: bool = False


def coded_indicator(assessment: Assessment, code: str) -> Indicator:
    indicator = Indicator.objects.filter(framework=assessment.framework, code=code).first()
    if indicator is None:
        raise Refused(f"{code} is not an indicator of {assessment.framework}")
    if not indicator.coded:
        raise Refused(f"{code} is a commitment indicator computed from treaty data; it is not coded")
    return indicator


def parse_answer(indicator: Indicator, given: AnswerInput) -> tuple[str, float | None]:
    """Status and number for an input, or Refused saying why the value is not allowed."""
    if given.status not in Answer.Status.values:
        raise Refused(f"{indicator.code}: unknown status {given.status!r}")
    if given.confidence not in Answer.Confidence.values:
        raise Refused(f"{indicator.code}: confidence must be one of {', '.join(Answer.Confidence.values)}")
    if given.status != Answer.Status.VALUE:
        return given.status, None
    if str(given.value).strip() == "":
        raise Refused(
            _("%(code)s: a value is required (or answer `not applicable` or `unknown`)") % {"code": indicator.code}
        )
    scale = indicator.definition().scale
    try:
        return given.status, scale.parse(given.value)
    except ScaleValueError as error:
        raise Refused(f"{indicator.code}: {scale_refusal(error, scale)}") from None


def scale_refusal(error: ScaleValueError, scale: Scale) -> str:
    """Why a scale refused a value, in the active language (the framework module, free of Django, says it in
    English), the levels named by their labels in that language."""
    values = {**error.values, "raw": repr(error.values["raw"])}
    if error.reason == "not-a-level":
        values["allowed"] = ", ".join(
            f"{number_text(level.value)} ({translated(level.label, level.translations, 'label')})"
            for level in scale.levels
        )
        return _("%(raw)s is not one of %(allowed)s") % values
    sentences = {
        "not-a-number": _("%(raw)s is not a number"),
        "not-finite": _("%(raw)s is not a finite number"),
        "below-minimum": _("%(number)s is below the minimum %(bound)s"),
        "above-maximum": _("%(number)s is above the maximum %(bound)s"),
    }
    return sentences[error.reason] % values


def _evidence_problem(kind: str, item: EvidenceInput) -> str | None:
    if kind not in Evidence.Kind.values:
        return f"unknown evidence kind {kind!r}"
    needed = {"legal-citation": item.citation, "url": item.url, "document": item.document, "excerpt": item.excerpt}[
        kind
    ]
    if needed.strip():
        return None
    return _("evidence of kind %(kind)s needs its %(field)s") % {"kind": kind, "field": kind.replace("legal-", "")}


@transaction.atomic
def save_answer(
    actor: User, assessment: Assessment, given: AnswerInput, expected_version: int | None, reason: str = ""
) -> Answer:
    """Create or update the actor's answer; refuse when ``expected_version`` is not the current one."""
    assessment = Assessment.objects.select_for_update().get(pk=assessment.pk)
    check_expert(actor, assessment)
    check_editable(assessment)
    indicator = coded_indicator(assessment, given.indicator)
    status, value = parse_answer(indicator, given)
    for item in given.evidence:
        problem = _evidence_problem(item.kind, item)
        if problem:
            raise Refused(f"{indicator.code}: {problem}")
    answer = (
        Answer.objects.select_for_update()
        .filter(assessment=assessment, indicator=indicator, coder=actor)
        .select_related("indicator", "coder")
        .first()
    )
    if answer is not None and expected_version != answer.version:
        raise StaleVersion(answer, expected_version)
    if answer is None and expected_version not in (None, 0):
        raise Refused(
            _("%(code)s: the answer you edited no longer exists; save it again as new") % {"code": indicator.code}
        )
    same = answer is not None and (answer.status, answer.value, answer.confidence, answer.comment) == (
        status,
        value,
        given.confidence,
        given.comment,
    )
    if same and not given.evidence and not given.replace_evidence and not answer.carried_over:
        return answer  # nothing changed: keep the version and the history clean (saving a carried answer confirms it)
    before = answer.snapshot() if answer else None
    if answer is None:
        answer = Answer(assessment=assessment, indicator=indicator, coder=actor, version=1)
    else:
        answer.version += 1
    answer.status, answer.value, answer.confidence, answer.comment = status, value, given.confidence, given.comment
    answer.carried_over = False
    answer.save()
    if given.replace_evidence:
        answer.evidence.all().delete()
    Evidence.objects.bulk_create(Evidence(answer=answer, **item.__dict__) for item in given.evidence)
    _record_revision(actor, answer, "save-answer", before, reason)
    return answer


def _record_revision(
    actor: User, answer: Answer, action: str, before: dict[str, Any] | None, reason: str, why: str | None = None
) -> None:
    """Keep the answer's new content as a revision and in the audit log."""
    after = answer.snapshot()
    AnswerRevision.objects.create(answer=answer, version=answer.version, content=after, author=actor, reason=reason)
    audit(actor, action, answer, before, after, reason if why is None else why, answer.assessment)


def _check_own_editable(actor: User, answer: Answer, refusal: str) -> None:
    """``refusal``: the whole sentence (marked with ``gettext_noop``, ``%(name)s`` the actor), translated here."""
    check_expert(actor, answer.assessment)
    check_editable(answer.assessment)
    if answer.coder_id != actor.pk:
        raise Refused(_(refusal) % {"name": actor.username})


def _evidence_changed(actor: User, answer: Answer, action: str, before: dict[str, Any], reason: str) -> None:
    """Evidence added or removed makes a new version of the answer."""
    answer.version += 1
    answer.save(update_fields=["version", "updated"])
    _record_revision(actor, answer, action, before, reason, why="")


@transaction.atomic
def add_evidence(actor: User, answer: Answer, item: EvidenceInput) -> Evidence:
    _check_own_editable(actor, answer, gettext_noop("%(name)s may only add evidence to their own answers"))
    problem = _evidence_problem(item.kind, item)
    if problem:
        raise Refused(f"{answer.indicator.code}: {problem}")
    before = answer.snapshot()
    evidence = Evidence.objects.create(answer=answer, **item.__dict__)
    _evidence_changed(actor, answer, "add-evidence", before, "evidence added")
    return evidence


@transaction.atomic
def remove_evidence(actor: User, evidence: Evidence) -> None:
    answer = evidence.answer
    _check_own_editable(actor, answer, gettext_noop("%(name)s may only remove evidence from their own answers"))
    before = answer.snapshot()
    evidence.delete()
    _evidence_changed(actor, answer, "remove-evidence", before, "evidence removed")


def missing_for(assessment: Assessment, coder: User) -> dict[str, list[str]]:
    """What keeps ``coder`` from submitting: unanswered indicators, answers lacking required evidence."""
    coded = list(Indicator.objects.filter(framework=assessment.framework, derived__isnull=True).order_by("position"))
    answers = {
        a.indicator_id: a
        for a in Answer.objects.filter(assessment=assessment, coder=coder).prefetch_related("evidence")
    }
    unanswered = [i.code for i in coded if i.pk not in answers]
    no_evidence = [
        i.code
        for i in coded
        if i.evidence_required
        and i.pk in answers
        and answers[i.pk].status == Answer.Status.VALUE
        and not answers[i.pk].evidence.all()
    ]
    unconfirmed = [i.code for i in coded if i.pk in answers and answers[i.pk].carried_over]
    return {"unanswered": unanswered, "evidence": no_evidence, "unconfirmed": unconfirmed}


@transaction.atomic
def submit(actor: User, assessment: Assessment) -> Assessment:
    assessment = Assessment.objects.select_for_update().get(pk=assessment.pk)
    check_expert(actor, assessment)
    check_editable(assessment)
    missing = missing_for(assessment, actor)
    if missing["unanswered"] or missing["evidence"] or missing["unconfirmed"]:
        parts = []
        if missing["unanswered"]:
            named = {"count": len(missing["unanswered"]), "codes": _first(missing["unanswered"])}
            parts.append(_("%(count)d unanswered (%(codes)s)") % named)
        if missing["evidence"]:
            named = {"count": len(missing["evidence"]), "codes": _first(missing["evidence"])}
            parts.append(_("%(count)d without required evidence (%(codes)s)") % named)
        if missing["unconfirmed"]:
            named = {"count": len(missing["unconfirmed"]), "codes": _first(missing["unconfirmed"])}
            parts.append(_("%(count)d carried over, to confirm (%(codes)s)") % named)
        named = {"assessment": assessment, "parts": "; ".join(parts)}
        raise Refused(_("%(assessment)s cannot be submitted: %(parts)s") % named)
    Submission.objects.update_or_create(assessment=assessment, coder=actor, defaults={"submitted": timezone.now()})
    coders = set(Answer.objects.filter(assessment=assessment).values_list("coder_id", flat=True))
    signed = set(
        Submission.objects.filter(assessment=assessment, submitted__isnull=False).values_list("coder_id", flat=True)
    )
    to = assessment.state
    if coders <= signed:  # the last coder signed off: the assessment goes to review
        resubmitted = assessment.state == Assessment.State.RETURNED
        to = Assessment.State.RESUBMITTED if resubmitted else Assessment.State.SUBMITTED
    return _move(actor, assessment, "submit", to)


@transaction.atomic
def carry_over(actor: User, assessment: Assessment) -> int:
    """Copy the latest release's values for the country's latest year before ``assessment``'s into the actor's
    answers, each marked carried over until confirmed; questions the actor answered already are left alone.
    Returns how many answers were carried over."""
    assessment = Assessment.objects.select_for_update().get(pk=assessment.pk)
    check_expert(actor, assessment)
    check_editable(assessment)
    release = latest_release()
    if release is None:
        raise Refused(_("no release is published yet: there is nothing to carry over"))
    earlier = ReleasedValue.objects.filter(release=release, country=assessment.country, year__lt=assessment.year)
    year = earlier.order_by("-year").values_list("year", flat=True).first()
    if year is None:
        named = {"version": release.version, "code": assessment.country.code, "year": assessment.year}
        raise Refused(_("release %(version)s holds no value for %(code)s before %(year)s") % named)
    coded = {i.code: i for i in Indicator.objects.filter(framework=assessment.framework, derived__isnull=True)}
    answered = set(Answer.objects.filter(assessment=assessment, coder=actor).values_list("indicator__code", flat=True))
    carried = 0
    for value in earlier.filter(year=year).order_by("id"):
        indicator = coded.get(value.indicator)
        if indicator is None or value.indicator in answered:
            continue  # not asked by this framework, or answered already
        answer = Answer.objects.create(
            assessment=assessment,
            indicator=indicator,
            coder=actor,
            status=value.status,
            value=value.value,
            carried_over=True,
            carried_from=f"release {release.version}, {year}",
        )
        Evidence.objects.bulk_create(
            Evidence(answer=answer, **{k: v or ("" if k != "accessed" else None) for k, v in item.items()})
            for item in value.evidence
        )
        _record_revision(actor, answer, "carry-over", None, f"carried over from release {release.version}, {year}")
        carried += 1
    return carried


def _first(codes: list[str], shown: int = 5) -> str:
    return ", ".join(codes[:shown]) + (", ..." if len(codes) > shown else "")


def _move(actor: User | None, assessment: Assessment, action: str, to: str, why: str = "") -> Assessment:
    """Put ``assessment`` in state ``to`` (if it is not there already) and audit the step."""
    before = assessment.state
    if to != before:
        assessment.state = to
        assessment.save(update_fields=["state", "updated"])
    audit(actor, action, assessment, {"state": before}, {"state": to}, why, assessment)
    return assessment


def _begin_review(actor: User, assessment: Assessment) -> Assessment:
    assessment = Assessment.objects.select_for_update().get(pk=assessment.pk)
    refusal = reviewer_refusal(actor, assessment)
    if refusal:
        raise Refused(refusal)
    if assessment.state not in Assessment.REVIEWABLE:
        named = {"assessment": assessment, "state": str(assessment.get_state_display()).lower()}
        raise Refused(_("%(assessment)s is %(state)s, not awaiting review") % named)
    if assessment.state != Assessment.State.IN_REVIEW:
        _move(actor, assessment, "start-review", Assessment.State.IN_REVIEW)
    return assessment


@transaction.atomic
def start_review(actor: User, assessment: Assessment) -> Assessment:
    return _begin_review(actor, assessment)


@transaction.atomic
def add_comment(actor: User, assessment: Assessment, indicator_code: str | None, text: str) -> ReviewComment:
    if not text.strip():
        raise Refused(_("a comment cannot be empty"))
    assessment = _begin_review(actor, assessment)
    indicator = coded_indicator(assessment, indicator_code) if indicator_code else None
    comment = ReviewComment.objects.create(assessment=assessment, indicator=indicator, author=actor, text=text.strip())
    audit(actor, "comment", comment, None, {"indicator": indicator_code, "text": comment.text}, assessment=assessment)
    return comment


@transaction.atomic
def adjudicate(
    actor: User, assessment: Assessment, indicator_code: str, given: AnswerInput, reason: str
) -> Adjudication:
    if not reason.strip():
        raise Refused(_("an adjudicated value needs a reason"))
    assessment = _begin_review(actor, assessment)
    indicator = coded_indicator(assessment, indicator_code)
    status, value = parse_answer(indicator, given)
    existing = Adjudication.objects.filter(assessment=assessment, indicator=indicator).first()
    before = {"status": existing.status, "value": existing.value, "reason": existing.reason} if existing else None
    adjudication, _created = Adjudication.objects.update_or_create(
        assessment=assessment,
        indicator=indicator,
        defaults={"status": status, "value": value, "reviewer": actor, "reason": reason.strip()},
    )
    audit(
        actor,
        "adjudicate",
        adjudication,
        before,
        {"status": status, "value": value, "reason": reason},
        reason,
        assessment,
    )
    return adjudication


@transaction.atomic
def return_assessment(actor: User, assessment: Assessment, comment: str = "") -> Assessment:
    assessment = _begin_review(actor, assessment)
    if comment.strip():
        add_comment(actor, assessment, None, comment)
    if not assessment.comments.filter(resolved=False).exists():
        raise Refused(
            _("%(assessment)s cannot be returned without a comment saying what to fix") % {"assessment": assessment}
        )
    assessment.submissions.update(submitted=None)
    return _move(actor, assessment, "return", Assessment.State.RETURNED, comment)


@dataclass(frozen=True)
class FinalValue:
    indicator: Indicator
    status: str | None  # None while coders disagree and nobody adjudicated
    value: float | None
    coders: int
    adjudicated: bool
    evidence: list[dict[str, Any]]


def final_values(assessment: Assessment) -> list[FinalValue]:
    """Per coded indicator: the adjudicated value, else the coders' common value, else undecided."""
    answers: dict[int, list[Answer]] = {}
    for answer in Answer.objects.filter(assessment=assessment).select_related("indicator").prefetch_related("evidence"):
        answers.setdefault(answer.indicator_id, []).append(answer)
    adjudications = {a.indicator_id: a for a in Adjudication.objects.filter(assessment=assessment)}
    finals = []
    for indicator in Indicator.objects.filter(framework=assessment.framework, derived__isnull=True).order_by(
        "position"
    ):
        given = answers.get(indicator.pk, [])
        evidence = [e.snapshot() for a in given for e in a.evidence.all()]
        if indicator.pk in adjudications:
            adj = adjudications[indicator.pk]
            finals.append(FinalValue(indicator, adj.status, adj.value, len(given), True, evidence))
            continue
        distinct = {(a.status, a.value) for a in given}
        if len(distinct) == 1:
            status, value = distinct.pop()
            finals.append(FinalValue(indicator, status, value, len(given), False, evidence))
        else:
            finals.append(FinalValue(indicator, None, None, len(given), False, evidence))
    return finals


@transaction.atomic
def approve(actor: User, assessment: Assessment, comment: str = "") -> Assessment:
    assessment = _begin_review(actor, assessment)
    undecided = [f.indicator.code for f in final_values(assessment) if f.status is None and f.coders > 0]
    if undecided:
        named = {"count": len(undecided), "codes": _first(undecided)}
        raise Refused(_("coders disagree on %(count)d indicator(s) (%(codes)s): adjudicate them first") % named)
    assessment.comments.update(resolved=True)
    return _move(actor, assessment, "approve", Assessment.State.APPROVED, comment)


@transaction.atomic
def reopen(actor: User | None, assessment: Assessment, reason: str) -> Assessment:
    """Bring an approved assessment back to draft for revision; released values stay as released."""
    require_role(actor, Role.COORDINATOR, Role.ADMIN)
    if not reason.strip():
        raise Refused("reopening an approved assessment needs a reason")
    assessment = Assessment.objects.select_for_update().get(pk=assessment.pk)
    if assessment.state != Assessment.State.APPROVED:
        raise Refused(f"{assessment} is {assessment.get_state_display().lower()}; only approved assessments reopen")
    assessment.submissions.update(submitted=None)
    return _move(actor, assessment, "reopen", Assessment.State.DRAFT, reason)


# --- releases ----------------------------------------------------------------------------


def _version_key(version: str) -> tuple[int, ...]:
    return tuple(int(part) for part in version.split("."))


def latest_release() -> Release | None:
    return max(Release.objects.all(), key=lambda r: _version_key(r.version), default=None)


def release_values(assessments: Iterable[Assessment]) -> list[ReleasedValue]:
    """Unsaved released values for approved assessments (the newest framework per country-year)."""
    values = []
    for assessment in assessments:
        for final in final_values(assessment):
            if final.status is None:
                continue
            values.append(
                ReleasedValue(
                    country=assessment.country,
                    year=assessment.year,
                    framework=assessment.framework,
                    indicator=final.indicator.code,
                    status=final.status,
                    value=final.value,
                    coders=final.coders,
                    adjudicated=final.adjudicated,
                    evidence=final.evidence,
                )
            )
    return values


ValueKey = tuple[str, int, str]


def _described(keys: Iterable[ValueKey], now: dict[ValueKey, ReleasedValue], then: dict | None = None) -> list[dict]:
    described = []
    for key in sorted(keys):
        item: dict[str, Any] = {"country": key[0], "year": key[1], "indicator": key[2]}
        item |= {"status": now[key].status, "value": now[key].value}
        if then is not None:
            item |= {"previous_status": then[key].status, "previous_value": then[key].value}
        described.append(item)
    return described


def changelog(values: Sequence[ReleasedValue], previous: Release | None) -> dict[str, Any]:
    """What a new release adds, changes and removes against the previous one."""
    old: dict[ValueKey, ReleasedValue] = {}
    if previous is not None:
        old = {(v.country.code, v.year, v.indicator): v for v in previous.values.select_related("country")}
    new = {(v.country.code, v.year, v.indicator): v for v in values}
    added = [k for k in new if k not in old]
    removed = [k for k in old if k not in new]
    changed = [k for k in new if k in old and (new[k].status, new[k].value) != (old[k].status, old[k].value)]
    return {
        "previous": previous.version if previous else None,
        "country_years": [{"country": c, "year": y} for c, y in sorted({(k[0], k[1]) for k in new})],
        "counts": {"values": len(new), "added": len(added), "changed": len(changed), "removed": len(removed)},
        "added": _described(added, new),
        "changed": _described(changed, new, old),
        "removed": _described(removed, old),
    }


def approved_assessments() -> list[Assessment]:
    """Approved assessments, one per country-year: the one on the newest framework version."""
    newest: dict[tuple[int, int], Assessment] = {}
    for assessment in Assessment.objects.filter(state=Assessment.State.APPROVED).select_related("country", "framework"):
        key = (assessment.country_id, assessment.year)
        if key not in newest or _version_key(assessment.framework.version) > _version_key(
            newest[key].framework.version
        ):
            newest[key] = assessment
    return sorted(newest.values(), key=lambda a: (a.country.code, a.year))


def preview_release() -> tuple[list[ReleasedValue], dict[str, Any]]:
    values = release_values(approved_assessments())
    return values, changelog(values, latest_release())


def check_release(actor: User, version: str) -> Release | None:
    """Refuse a release the actor may not make or a number that cannot follow; returns the latest release."""
    require_role(actor, Role.COORDINATOR)
    try:
        key = _version_key(version)
    except ValueError:
        raise Refused(_("%(version)r is not a release number such as 2026.1") % {"version": version}) from None
    if len(key) != 2 or key[0] < 2000:
        raise Refused(_("%(version)r is not a release number such as 2026.1 (year.number)") % {"version": version})
    if Release.objects.filter(version=version).exists():
        raise Refused(_("release %(version)s already exists and cannot change") % {"version": version})
    previous = latest_release()
    if previous is not None and key <= _version_key(previous.version):
        named = {"version": version, "latest": previous.version}
        raise Refused(_("release %(version)s must come after the latest release %(latest)s") % named)
    return previous


@transaction.atomic
def create_release(actor: User, version: str, notes: str = "") -> Release:
    previous = check_release(actor, version)
    values, log = preview_release()
    if not values:
        raise Refused(_("no approved assessment to release"))
    release = Release.objects.create(version=version, created_by=actor, notes=notes, changelog=log, previous=previous)
    for value in values:
        value.release = release
    ReleasedValue.objects.bulk_create(values)
    audit(actor, "release", release, None, {"version": version, "counts": log["counts"]}, notes)
    transaction.on_commit(lambda: release_published.send(sender=Release, release=release))
    return release


def visible_assessments(user: User) -> Q:
    """Assessments a signed-in person may read before release (server-side filter for every view)."""
    held = roles_of(user)
    if held & {Role.COORDINATOR, Role.ADMIN}:
        return Q()
    countries = Assignment.objects.filter(user=user).values("country")
    return Q(country__in=countries) if held else Q(pk__in=[])
