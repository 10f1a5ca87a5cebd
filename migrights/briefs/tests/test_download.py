"""The brief's download address: a PDF attachment in the address's language, made once and then kept."""

from __future__ import annotations

from types import SimpleNamespace
from unittest import mock

import pytest

from migrights.briefs.cache import brief_key, briefs_dir
from migrights.scores.models import fingerprint


@pytest.mark.django_db
def test_the_download_is_a_pdf_in_the_address_language_and_is_kept(client):
    response = client.get("/fr/countries/mex/brief.pdf")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="migrights-brief-MEX-fr.pdf"'
    first = b"".join(response.streaming_content)
    assert first.startswith(b"%PDF")
    kept = list(briefs_dir().glob("*.pdf"))
    assert [p.name.split("-")[:2] for p in kept] == [["MEX", "fr"]]
    assert not list(briefs_dir().glob("*.part"))  # the temporary file was renamed into place

    with mock.patch("migrights.briefs.cache.build_brief") as build:
        again = client.get("/fr/countries/MEX/brief.pdf")
        assert b"".join(again.streaming_content) == first
    build.assert_not_called()


@pytest.mark.django_db
def test_an_unknown_country_has_no_brief(client):
    with mock.patch("migrights.briefs.cache.build_brief") as build:
        assert client.get("/countries/XYZ/brief.pdf").status_code == 404
    build.assert_not_called()


def test_a_new_release_or_new_inputs_make_a_new_brief():
    commitments = SimpleNamespace(release=None, fingerprint=fingerprint("sha256:aaaa", "sha256:spec"))
    released = SimpleNamespace(release=SimpleNamespace(version="2026.1"), fingerprint=commitments.fingerprint)
    recomputed = SimpleNamespace(release=None, fingerprint=fingerprint("sha256:bbbb", "sha256:spec"))
    new_method = SimpleNamespace(release=None, fingerprint=fingerprint("sha256:aaaa", "sha256:other"))
    keys = {brief_key("PHL", "en", edition) for edition in (commitments, released, recomputed)}
    assert len(keys) == 3
    assert brief_key("PHL", "en", new_method) != brief_key("PHL", "en", commitments)
    assert brief_key("PHL", "en", commitments) != brief_key("PHL", "fr", commitments)
    assert "2026.1" in brief_key("PHL", "en", released)


@pytest.mark.django_db
def test_a_change_to_the_treaty_actions_gives_the_brief_a_new_key(django_capture_on_commit_callbacks):
    """A brief shows the state's commitments and memberships besides the scores: an import changing them makes it
    again, even when the edition stays."""
    from migrights.reference.models import TreatyAction
    from migrights.scores.editions import current_edition

    edition = current_edition()
    before = brief_key("PHL", "en", edition)
    assert brief_key("PHL", "en", edition) == before
    with django_capture_on_commit_callbacks(execute=True):
        act = TreatyAction.objects.filter(country__code="PHL").first()
        act.note = "re-read"
        act.save()
    assert brief_key("PHL", "en", edition) != before


@pytest.mark.django_db
def test_a_published_release_gives_the_brief_a_new_key_and_names_the_release():
    from migrights.assessments.tests.builders import build_cast, release_with_scores
    from migrights.briefs.brief import gather
    from migrights.scores.editions import current_edition

    before = brief_key("PHL", "en", current_edition())
    release_with_scores(build_cast())

    assert brief_key("PHL", "en", current_edition()) != before
    data = gather("PHL")
    assert data["release"]["version"] == "2026.1" and data["edition"]["release"] == "2026.1"
