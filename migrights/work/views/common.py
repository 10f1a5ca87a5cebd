"""What every /work/ view shares: reaching an assessment, refusing, number text."""

from __future__ import annotations

from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _

from migrights.assessments.models import Assessment
from migrights.assessments.queries import readable_assessments


def reachable_assessment(request: HttpRequest, pk: int) -> Assessment:
    """The assessment if the signed-in person may read it; 404 outside their reach (nothing is told)."""
    return get_object_or_404(readable_assessments(request.user), pk=pk)


def refuse(reason: str) -> PermissionDenied:
    """A 403 whose one-line reason the error page shows."""
    return PermissionDenied(reason)


def signed_in_user(request: HttpRequest) -> User:
    user = request.user
    assert isinstance(user, User)  # every /work/ view is wrapped in login_required
    return user


def forbidden(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    """The site's 403 page, saying in one line why (never showing the data refused)."""
    reason = str(exception) if exception and str(exception) else _("You may not see this page.")
    return render(request, "work/403.html", {"reason": reason}, status=403)
