"""The site's 403 page: the refusal's one-line reason, or a plain sentence when a refusal gives none."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.test import RequestFactory

from migrights.assessments import workflow
from migrights.work.views.common import forbidden, refuse

pytestmark = pytest.mark.django_db
DEFAULT = "You may not see this page."


def _page(exception: Exception | None = None, *, passed: bool = True) -> tuple[int, str]:
    request = RequestFactory().get("/work/")
    request.user = AnonymousUser()
    response = forbidden(request, exception) if passed else forbidden(request)
    return response.status_code, response.content.decode()


def test_a_refusal_shows_its_reason_and_nothing_else():
    status, page = _page(refuse("chen is not a coordinator"))
    assert status == 403
    assert '<p class="message error">chen is not a coordinator</p>' in page
    assert DEFAULT not in page


@pytest.mark.parametrize("exception", [PermissionDenied(), PermissionDenied(""), None])
def test_a_refusal_without_a_reason_says_so_in_a_plain_sentence(exception):
    # Django's own checks raise PermissionDenied without a message; the handler may also be called without one
    status, page = _page(exception)
    assert status == 403
    assert f'<p class="message error">{DEFAULT}</p>' in page


def test_the_handler_works_when_django_passes_no_exception():
    status, page = _page(passed=False)
    assert (status, f'<p class="message error">{DEFAULT}</p>' in page) == (403, True)


@pytest.mark.parametrize("url", ["/work/coordination/", "/work/releases/new/"])
def test_the_coordinators_screens_refuse_others_by_name(cast, signed_in, url):
    admin = workflow.add_user("eve", ["admin"], "long enough password")
    assert signed_in(admin).get(url).status_code == 200  # an administrator oversees too
    refused = signed_in(cast.reviewer).get(url)
    assert refused.status_code == 403
    page = refused.content.decode()
    assert '<p class="message error">chen is not a coordinator</p>' in page
    assert "Signed in as chen" in page  # the page knows who is refused: they can sign out and in as another
