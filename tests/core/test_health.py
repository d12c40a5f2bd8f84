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


def test_a_flood_of_calls_runs_the_checks_once_per_interval(client, settings, monkeypatch):
    from core import health

    settings.HEALTH_CHECK_SECONDS = 5
    writes = []
    monkeypatch.setitem(health.COMPONENTS, "storage", lambda: writes.append(1))
    monkeypatch.setattr(health, "_last", {"at": None, "report": None})
    for _ in range(20):
        assert client.get("/healthz").json()["storage"]["ok"] is True
    assert len(writes) == 1
