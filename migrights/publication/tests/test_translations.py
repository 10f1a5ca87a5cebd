"""The public interface exists in French and Spanish: a message without its translation fails here."""

from __future__ import annotations

import shutil
from pathlib import Path

import polib
import pytest
from django.core.management import call_command
from django.utils import translation

PACKAGE = Path(__file__).resolve().parents[2]
LANGUAGES = ("fr", "es")
APPS = sorted(p.parent for p in PACKAGE.glob("*/locale"))


def catalogue(app: Path, language: str, suffix: str = "po") -> Path:
    return app / "locale" / language / "LC_MESSAGES" / f"django.{suffix}"


def test_the_public_apps_have_translations() -> None:
    assert {app.name for app in APPS} >= {"publication"}


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("app", APPS, ids=lambda app: app.name)
def test_every_message_is_translated(app: Path, language: str) -> None:
    entries = polib.pofile(str(catalogue(app, language)))
    missing = [e.msgid for e in entries if not e.translated() or e.fuzzy]
    assert not missing, f"{catalogue(app, language)}: no {language} translation for {missing[:10]}"


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("app", APPS, ids=lambda app: app.name)
def test_compiled_catalogue_matches_its_source(app: Path, language: str) -> None:
    source = {(e.msgctxt, e.msgid): e.msgstr or e.msgstr_plural for e in polib.pofile(str(catalogue(app, language)))}
    compiled = {
        (e.msgctxt, e.msgid): e.msgstr or e.msgstr_plural
        for e in polib.mofile(str(catalogue(app, language, "mo")))
        if e.msgid
    }
    assert compiled == source, f"run scripts/messages: {catalogue(app, language, 'mo')} is out of date"


@pytest.mark.skipif(shutil.which("xgettext") is None, reason="GNU gettext (xgettext) is not installed")
@pytest.mark.parametrize("app", APPS, ids=lambda app: app.name)
def test_catalogues_hold_every_message_of_the_code(app: Path, tmp_path: Path, monkeypatch) -> None:
    """A new interface string not yet extracted into the catalogues fails (run scripts/messages)."""
    copy = tmp_path / app.name
    shutil.copytree(app, copy, ignore=shutil.ignore_patterns("__pycache__", "static", "tests"))
    # makemessages in this process (in the copy's folder), as scripts/messages runs it: a django-admin process per
    # app cost a second and a half of CPU to start each
    monkeypatch.chdir(copy)
    call_command("makemessages", locale=["fr"], no_location=True, no_obsolete=True, verbosity=0)
    wanted = {(e.msgctxt, e.msgid) for e in polib.pofile(str(catalogue(copy, "fr")))}
    committed = {(e.msgctxt, e.msgid) for e in polib.pofile(str(catalogue(app, "fr")))}
    assert wanted - committed == set(), f"messages missing from {app.name}'s catalogues: run scripts/messages"


def test_pages_speak_the_language_of_their_address(client, db) -> None:
    english = client.get("/").content.decode()
    french = client.get("/fr/").content.decode()
    spanish = client.get("/es/").content.decode()
    assert '<html lang="fr">' in french and '<html lang="es">' in spanish and '<html lang="en">' in english
    with translation.override("fr"):
        assert translation.gettext("Countries") in french and translation.gettext("Countries") != "Countries"
    with translation.override("es"):
        assert translation.gettext("Countries") in spanish and translation.gettext("Countries") != "Countries"
