"""Compilers' internal notes stay with the data: no page, API answer or download shows them."""

from __future__ import annotations

import json
import re

import pytest

from migrights.governance.models import GovernanceBody, Membership
from migrights.opendata.tables import body_rows, membership_rows

pytestmark = pytest.mark.django_db

# What a research note says about itself; a public note never does.
INTERNAL_WORDS = re.compile(r"research notes?|not read|from memory|per our notes", re.I)


def internal_notes() -> dict[str, list[str]]:
    """The non-empty internal notes of the embedded data, by body slug."""
    notes: dict[str, list[str]] = {}
    for slug, note in GovernanceBody.objects.exclude(internal_note="").values_list("slug", "internal_note"):
        notes.setdefault(slug, []).append(note)
    for slug, note in Membership.objects.exclude(internal_note="").values_list("body__slug", "internal_note"):
        notes.setdefault(slug, []).append(note)
    return notes


def test_public_notes_of_bodies_and_memberships_carry_no_research_remark():
    bodies = GovernanceBody.objects.values_list("slug", "note", "secretariat", "civil_society_note", "stage_note")
    for slug, *texts in bodies:
        for text in texts:
            assert not INTERNAL_WORDS.search(text), f"{slug}: {text}"
    for slug, country, organisation, note in Membership.objects.values_list(
        "body__slug", "country__code", "organisation", "note"
    ):
        assert not INTERNAL_WORDS.search(note), f"{slug} {country or organisation}: {note}"


def test_internal_notes_never_reach_pages_api_or_downloads(client):
    notes = internal_notes()
    assert notes, "the embedded data keeps internal notes (e.g. the GFMD's), so this test can fail"
    texts = [text for found in notes.values() for text in found]
    answers = {"/bodies/": client.get("/bodies/"), "/bodies.json": client.get("/bodies.json")}
    for slug in notes:
        for url in (f"/bodies/{slug}/", f"/bodies/{slug}.json", f"/bodies/{slug}.csv", f"/api/v1/bodies/{slug}"):
            answers[url] = client.get(url)
    countries = set(Membership.objects.exclude(internal_note="").values_list("country__code", flat=True)) - {None}
    for code in countries:
        answers[f"/api/v1/countries/{code}"] = client.get(f"/api/v1/countries/{code}")
        answers[f"/countries/{code}/"] = client.get(f"/countries/{code}/")
    downloads = json.dumps([body_rows(), membership_rows()], default=str)
    for url, response in answers.items():
        assert response.status_code == 200, url
        shown = response.content.decode()
        for text in texts:
            assert text not in shown, f"{url} shows an internal note: {text}"
    for text in texts:
        assert text not in downloads
    assert all("internal_note" not in row for row in [*body_rows(), *membership_rows()])
