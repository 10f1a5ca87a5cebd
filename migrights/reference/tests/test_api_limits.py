"""Anonymous API use is rate-limited per address (429 with Retry-After); pages and staff are not (issue 16, item 5)."""

from __future__ import annotations

import json
import threading

import pytest
from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.core.cache import caches
from django.http import HttpResponse
from django.test import RequestFactory, override_settings

from migrights.api import AnonymousApiSlots
from migrights.lib import ratelimit
from migrights.lib.ratelimit import parse_rate

pytestmark = pytest.mark.django_db


@pytest.fixture
def limited(monkeypatch):
    """Three API requests a minute per address, at a fixed instant (no window ends during the test)."""
    caches["api-rate"].clear()
    monkeypatch.setattr(ratelimit, "clock", lambda: 1_800_000_010.0)  # 10 s into a minute
    with override_settings(API_RATE_LIMIT="3/minute", API_RATE_LIMIT_SIGNED_IN="5/minute"):
        yield
    caches["api-rate"].clear()


def test_the_limit_is_off_in_tests_by_default():
    assert parse_rate(settings.API_RATE_LIMIT) is None


def test_past_the_limit_the_api_answers_429_with_retry_after(client, limited):
    for _ in range(3):
        assert client.get("/api/v1/instruments").status_code == 200
    response = client.get("/api/v1/scores?level=overall")
    assert response.status_code == 429
    assert response["Retry-After"] == "50"  # the seconds left in the minute
    error = response.json()["error"]
    assert error["status"] == 429 and error["code"] == "rate_limited" and "50 s" in error["message"]
    # another address has its own budget
    assert client.get("/api/v1/instruments", REMOTE_ADDR="192.0.2.7").status_code == 200


def test_a_larger_page_counts_as_more_requests(client, limited):
    assert client.get("/api/v1/scores?level=overall&page_size=250").status_code == 200  # three requests' worth
    response = client.get("/api/v1/instruments")
    assert response.status_code == 429 and response.json()["error"]["code"] == "rate_limited"


def test_pages_and_their_twins_are_not_limited(client, limited):
    for _ in range(3):
        client.get("/api/v1/instruments")
    assert client.get("/api/v1/instruments").status_code == 429
    for path in ("/countries/PHL/", "/countries/PHL.json", "/instruments/ICRMW/", "/compare/?countries=PHL,MEX"):
        assert client.get(path).status_code == 200, path


def test_staff_are_exempt_and_signed_in_users_have_their_own_higher_limit(client, django_user_model, limited):
    user = django_user_model.objects.create_user("reader", password="a long pass phrase 16")
    client.force_login(user)
    assert [client.get("/api/v1/instruments").status_code for _ in range(6)] == [200] * 5 + [429]
    staff = django_user_model.objects.create_user("coordinator", password="a long pass phrase 16", is_staff=True)
    client.force_login(staff)
    assert {client.get("/api/v1/instruments").status_code for _ in range(10)} == {200}


@pytest.mark.parametrize(("rate", "expected"), [("120/minute", (120, 60)), ("5/s", (5, 1)), ("off", None), ("0", None)])
def test_rates_are_read_from_settings(rate, expected):
    assert parse_rate(rate) == expected


@pytest.mark.parametrize("rate", ["120", "ten/minute", "5/week", "0/minute"])
def test_a_mistyped_rate_is_refused_naming_it(rate):
    with pytest.raises(ValueError, match="N/minute"):
        parse_rate(rate)


def test_the_schema_declares_the_429_and_the_cursor(client):
    schema = client.get("/api/v1/openapi.json").json()
    for path, operations in schema["paths"].items():
        for operation in operations.values():
            assert "429" in operation["responses"], path
            assert "Retry-After" in operation["responses"]["429"]["headers"]
    for path in ("/api/v1/scores", "/api/v1/answers"):
        names = {p["name"] for p in schema["paths"][path]["get"]["parameters"]}
        assert {"cursor", "page", "page_size"} <= names


def test_one_anonymous_api_request_too_many_at_once_is_answered_429_at_once(client, django_user_model):
    """Two slots: while two anonymous API requests compute, a third is refused at once; pages and signed-in
    users are not held back."""
    inside, release = threading.Barrier(3), threading.Event()

    def slow(request):
        if request.path.startswith("/api/") and not release.is_set():
            inside.wait(timeout=10)
            release.wait(timeout=10)
        return HttpResponse("ok")

    slots = AnonymousApiSlots(slow)
    factory = RequestFactory()

    def anonymous(path):
        request = factory.get(path)
        request.user = AnonymousUser()
        return request

    with override_settings(API_CONCURRENT_ANONYMOUS=2):
        answers = []
        call = lambda: answers.append(slots(anonymous("/api/v1/scores")))  # noqa: E731
        workers = [threading.Thread(target=call) for _ in range(2)]
        for worker in workers:
            worker.start()
        inside.wait(timeout=10)  # both are computing
        refused = slots(anonymous("/api/v1/scores?page=2"))
        assert refused.status_code == 429 and refused["Retry-After"] == "1"
        assert json.loads(refused.content)["error"]["code"] == "rate_limited"
        assert slots(anonymous("/countries/PHL/")).status_code == 200  # a page is never held back
        signed_in = factory.get("/api/v1/instruments")
        signed_in.user = django_user_model(username="reader")
        release.set()
        for worker in workers:
            worker.join()
        assert [a.status_code for a in answers] == [200, 200]
        assert slots(anonymous("/api/v1/scores")).status_code == 200  # the slots are free again
        assert slots(signed_in).status_code == 200
