"""Database connection settings that the pages' speed depends on (README, DATABASE_RANDOM_PAGE_COST)."""

import pytest
from django.db import connection

pytestmark = pytest.mark.django_db


def test_postgresql_connections_plan_for_ssd_reads():
    if connection.vendor != "postgresql":
        pytest.skip("a PostgreSQL setting: run with DATABASE_URL=postgres://... (CI does)")
    with connection.cursor() as cursor:
        cursor.execute("SHOW random_page_cost")
        assert cursor.fetchone()[0] == "1.1"


OLD_KEY = "the-old-key-" + "o" * 40
NEW_KEY = "the-new-key-" + "n" * 40


def test_secret_key_fallbacks_are_read_from_the_environment():
    import os
    import subprocess
    import sys

    from django.conf import settings

    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "ovop_portal.settings", "SECRET_KEY": NEW_KEY}
    env["SECRET_KEY_FALLBACKS"] = f"{OLD_KEY}, older-key-{'x' * 40}"
    code = "from django.conf import settings; print(settings.SECRET_KEY_FALLBACKS)"
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=settings.BASE_DIR, env=env, capture_output=True, text=True, check=True
    )

    assert result.stdout.strip() == str([OLD_KEY, f"older-key-{'x' * 40}"])


@pytest.mark.parametrize("fallbacks, still_logged_in", [([OLD_KEY], True), ([], False)])
def test_a_session_signed_with_the_old_key_stays_valid_while_it_is_a_fallback(
    client, officer, settings, fallbacks, still_logged_in
):
    settings.SECRET_KEY = OLD_KEY
    client.force_login(officer)
    assert client.get("/accounts/ping/").status_code == 200

    settings.SECRET_KEY, settings.SECRET_KEY_FALLBACKS = NEW_KEY, fallbacks
    response = client.get("/accounts/ping/")

    assert (response.status_code == 200) is still_logged_in
    if not still_logged_in:
        assert response.status_code == 302 and "/accounts/login/" in response.url
