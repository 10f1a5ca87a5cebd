"""Signing in and out; five failures lock a username from one address out for 15 minutes."""

from __future__ import annotations

import pytest
from django.test import Client

from migrights.assessments.tests.builders import PASSWORD

pytestmark = pytest.mark.django_db


def test_signing_in_leads_to_my_work_and_signing_out_needs_a_post(cast):
    client = Client()
    response = client.post("/accounts/login/", {"username": "amara", "password": PASSWORD})
    assert response.status_code == 302 and response["Location"] == "/work/"
    assert b"My assignments" in client.get("/work/").content
    assert client.get("/accounts/logout/").status_code == 405
    client.post("/accounts/logout/")
    assert client.get("/work/").status_code == 302


def test_five_failures_lock_the_username_from_that_address(cast):
    client = Client()
    for _ in range(4):
        response = client.post("/accounts/login/", {"username": "amara", "password": "wrong"})
        assert response.status_code == 200
        assert b"did not match" in response.content
    locked = client.post("/accounts/login/", {"username": "amara", "password": "wrong"})
    assert locked.status_code == 429
    assert b"after 5 failed attempts, signing in is locked for 15 minutes" in locked.content
    again = client.post("/accounts/login/", {"username": "amara", "password": PASSWORD})
    assert again.status_code == 429  # even the right password, until the lock ends
    other_address = Client(REMOTE_ADDR="10.0.0.9")
    assert other_address.post("/accounts/login/", {"username": "amara", "password": PASSWORD}).status_code == 302
    assert Client().post("/accounts/login/", {"username": "bruno", "password": PASSWORD}).status_code == 302


def test_passwords_are_hashed(cast):
    assert not cast.expert.password.startswith(PASSWORD)
    assert cast.expert.check_password(PASSWORD)


def test_the_admin_still_signs_in_through_axes(cast):
    from migrights.assessments import workflow

    workflow.add_user("root", ["admin"], "long enough password")
    client = Client()
    response = client.post(
        "/admin/login/?next=/admin/", {"username": "root", "password": "long enough password", "next": "/admin/"}
    )
    assert response.status_code == 302
    assert client.get("/admin/").status_code == 200
