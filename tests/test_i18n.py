"""Bahasa Indonesia by default, English by choice, and a catalogue that leaves nothing untranslated."""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.urls import reverse

PO_FILE = Path(settings.BASE_DIR) / "locale" / "id" / "LC_MESSAGES" / "django.po"


@pytest.mark.django_db
def test_default_language_is_indonesian(client):
    html = client.get(reverse("login")).content.decode()
    assert '<html lang="id">' in html
    assert "Lupa kata sandi?" in html
    assert "Forgot your password?" not in html


@pytest.mark.django_db
def test_language_switch_shows_english_and_sticks(client):
    response = client.post(reverse("set_language"), {"language": "en", "next": reverse("login")}, follow=True)
    html = response.content.decode()
    assert '<html lang="en">' in html
    assert "Forgot your password?" in html
    assert '<html lang="en">' in client.get(reverse("password_reset")).content.decode()


@pytest.mark.django_db
def test_logged_in_pages_are_indonesian(client, officer):
    client.force_login(officer)
    html = client.get(reverse("nominations:list")).content.decode()
    assert "Keluar" in html and "Petugas kabupaten/kota" in html


def test_indonesian_catalogue_is_complete_and_compiled():
    po = polib.pofile(str(PO_FILE))
    untranslated = [e.msgid for e in po.untranslated_entries()]
    fuzzy = [e.msgid for e in po.fuzzy_entries()]
    assert untranslated == [] and fuzzy == []
    mo = polib.mofile(str(PO_FILE.with_suffix(".mo")))
    compiled = {e.msgid: e.msgstr for e in mo}
    expected = {e.msgid: e.msgstr for e in po.translated_entries() if not e.msgid_plural}
    stale = {k: v for k, v in expected.items() if compiled.get(k) != v}
    assert stale == {}, "django.mo is older than django.po: run compilemessages"


needs_gettext = pytest.mark.skipif(
    not (shutil.which("xgettext") and shutil.which("msgmerge")), reason="GNU gettext is not installed"
)


def pot_date_aside(text):
    """The catalogue without the POT-Creation-Date that makemessages stamps on each run."""
    return [line for line in text.splitlines(keepends=True) if not line.startswith('"POT-Creation-Date: ')]


@pytest.fixture(scope="module")
def extracted_catalogue(tmp_path_factory):
    """Run scripts/messages.sh (extract, then compile) on a copy of the project; return the copy's django.po."""
    base = Path(settings.BASE_DIR)
    copy = tmp_path_factory.mktemp("messages") / "project"
    shutil.copytree(
        base,
        copy,
        ignore=shutil.ignore_patterns(
            ".venv", ".git", "media", "staticfiles", "screenshots", "*.sqlite3", "__pycache__", "bench", "mutants"
        ),
    )
    subprocess.run(
        ["bash", "scripts/messages.sh"],
        cwd=copy,
        env={**os.environ, "PYTHON": sys.executable},
        check=True,
        capture_output=True,
    )
    return copy / PO_FILE.relative_to(base)


@needs_gettext
def test_every_string_in_the_code_is_in_the_catalogue(extracted_catalogue):
    """Extract the strings afresh from a copy of the project: none may be missing from django.po."""
    fresh = {e.msgid for e in polib.pofile(str(extracted_catalogue)) if not e.obsolete}
    ours = {e.msgid for e in polib.pofile(str(PO_FILE)) if not e.obsolete}
    assert sorted(fresh - ours) == []


@needs_gettext
def test_the_catalogue_round_trips_through_scripts_messages_sh(extracted_catalogue):
    """scripts/messages.sh on unchanged code leaves django.po as committed, byte for byte (POT-Creation-Date
    aside): no rewrapping, no reordering, no location comments, no obsolete entries."""
    assert pot_date_aside(extracted_catalogue.read_text(encoding="utf-8")) == pot_date_aside(
        PO_FILE.read_text(encoding="utf-8")
    )


@pytest.mark.django_db
def test_an_english_browser_still_gets_indonesian_until_the_switch(client):
    html = client.get(reverse("login"), HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9").content.decode()
    assert '<html lang="id">' in html
