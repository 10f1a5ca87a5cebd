"""The workflow cast of ``assessments.tests.builders``, signed in through the screens' client."""

from __future__ import annotations

import pytest
from django.test import Client

from migrights.assessments.tests.builders import build_cast


@pytest.fixture
def cast(db):
    return build_cast()


@pytest.fixture
def signed_in():
    """A client signed in as ``user`` (CSRF checks on, as in a browser)."""

    def sign_in(user, csrf: bool = False) -> Client:
        client = Client(enforce_csrf_checks=csrf)
        client.force_login(user)
        return client

    return sign_in
