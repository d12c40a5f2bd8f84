"""Bahasa Indonesia by default, English by choice, and a catalogue that leaves nothing untranslated."""

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


@pytest.mark.skipif(not shutil.which("xgettext"), reason="GNU gettext (xgettext) is not installed")
def test_every_string_in_the_code_is_in_the_catalogue(tmp_path):
    """Extract the strings afresh from a copy of the project: none may be missing from django.po."""
    base = Path(settings.BASE_DIR)
    copy = tmp_path / "project"
    shutil.copytree(
        base,
        copy,
        ignore=shutil.ignore_patterns(
            ".venv", ".git", "media", "staticfiles", "screenshots", "*.sqlite3", "__pycache__", "bench"
        ),
    )
    subprocess.run(
        [
            sys.executable,
            "manage.py",
            "makemessages",
            "-l",
            "id",
            "--no-location",
            "--ignore=scripts",
            "--ignore=tests",
        ],
        cwd=copy,
        check=True,
        capture_output=True,
    )
    fresh = {e.msgid for e in polib.pofile(str(copy / PO_FILE.relative_to(base))) if not e.obsolete}
    ours = {e.msgid for e in polib.pofile(str(PO_FILE)) if not e.obsolete}
    assert sorted(fresh - ours) == []


@pytest.mark.django_db
def test_an_english_browser_still_gets_indonesian_until_the_switch(client):
    html = client.get(reverse("login"), HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9").content.decode()
    assert '<html lang="id">' in html
