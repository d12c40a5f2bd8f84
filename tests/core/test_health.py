"""/healthz (core/health.py): each component's state and time as JSON, 503 when one fails."""

from pathlib import Path

import pytest
from django.conf import settings as django_settings

pytestmark = pytest.mark.django_db


def test_healthz_reports_the_database_and_the_storage_with_their_times(client):
    response = client.get("/healthz")

    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok"
    for component in ("database", "storage"):
        assert body[component]["ok"] is True and body[component]["ms"] >= 0
    assert "no-cache" in response["Cache-Control"]
    probes = Path(django_settings.MEDIA_ROOT) / "healthz"
    assert not probes.exists() or not any(probes.iterdir())  # the probe file was deleted


def test_healthz_is_503_and_names_the_storage_when_files_cannot_be_written(client, broken_storage):
    response = client.get("/healthz")

    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "fail"
    assert body["database"]["ok"] is True
    assert body["storage"]["ok"] is False and body["storage"]["error"]
    assert "not-a-folder" not in response.content.decode()  # details go to the log, not to a public page
