"""Login throttling, password rules, cookies, Content Security Policy, production deployment check."""

import os
import re
import secrets
import subprocess
import sys

import pytest
from django.conf import settings
from django.urls import reverse

from tests.factories import DEFAULT_PASSWORD

pytestmark = pytest.mark.django_db


def attempt(client, username, password, address="10.9.8.7", **headers):
    return client.post(reverse("login"), {"username": username, "password": password}, REMOTE_ADDR=address, **headers)


def test_repeated_failed_logins_lock_the_account_at_that_address_with_a_clear_message(client, officer):
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert attempt(client, officer.username, "wrong").status_code == 200
    locked = attempt(client, officer.username, "wrong")
    assert locked.status_code == 429
    html = locked.content.decode()
    assert "Terlalu banyak percobaan masuk yang gagal" in html and "15 menit" in html and "akun ini" in html
    # Even the right password is refused from that address now; the owner elsewhere still logs in.
    assert attempt(client, officer.username, DEFAULT_PASSWORD).status_code == 429
    assert attempt(client, officer.username, DEFAULT_PASSWORD, address="10.1.1.1").status_code == 302


def test_a_few_made_up_usernames_from_one_address_lock_nobody_out(client, officer):
    for number in range(settings.AXES_FAILURE_LIMIT):
        attempt(client, f"guess{number}", "wrong", address="10.2.2.2")
    assert attempt(client, officer.username, DEFAULT_PASSWORD, address="10.2.2.2").status_code == 302


def test_many_failures_from_one_address_lock_that_address_without_blaming_a_password(client, officer, other_officer):
    for number in range(settings.AXES_ADDRESS_FAILURE_LIMIT - 1):
        assert attempt(client, f"guess{number}", "wrong", address="10.2.2.2").status_code == 200
    locked = attempt(client, "guess-last", "wrong", address="10.2.2.2")
    assert locked.status_code == 429
    html = locked.content.decode()
    assert "dari alamat jaringan Anda" in html and "15 menit" in html and "kata sandi" not in html.split("<main", 1)[-1]
    assert attempt(client, officer.username, DEFAULT_PASSWORD, address="10.2.2.2").status_code == 429
    assert attempt(client, other_officer.username, DEFAULT_PASSWORD, address="10.3.3.3").status_code == 302


@pytest.fixture
def behind_one_proxy(settings):
    """AXES_PROXY_COUNT=1: the portal behind one load balancer at 10.0.0.1 that appends to X-Forwarded-For."""
    from ovop_portal.settings import client_address_settings

    for name, value in client_address_settings(1).items():
        setattr(settings, name, value)


def through_proxy(client, username, password, visitor, forwarded_for=None):
    return attempt(client, username, password, address="10.0.0.1", HTTP_X_FORWARDED_FOR=forwarded_for or visitor)


def test_behind_a_proxy_an_attacker_with_made_up_usernames_locks_out_nobody_else(client, behind_one_proxy, officer):
    for number in range(settings.AXES_FAILURE_LIMIT):
        through_proxy(client, f"guess{number}", "wrong", visitor="1.2.3.4")
    assert through_proxy(client, officer.username, DEFAULT_PASSWORD, visitor="5.6.7.8").status_code == 302


def test_behind_a_proxy_failures_lock_the_account_only_at_the_attackers_address(client, behind_one_proxy, officer):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        through_proxy(client, officer.username, "wrong", visitor="1.2.3.4")
    assert through_proxy(client, officer.username, DEFAULT_PASSWORD, visitor="1.2.3.4").status_code == 429
    assert through_proxy(client, officer.username, DEFAULT_PASSWORD, visitor="5.6.7.8").status_code == 302


def test_behind_a_proxy_many_failures_lock_the_attackers_address_even_with_forged_headers(
    client, behind_one_proxy, officer, other_officer
):
    for number in range(settings.AXES_ADDRESS_FAILURE_LIMIT):
        # The attacker writes a new address of their own in front each time; the proxy appends the real one.
        through_proxy(client, f"guess{number}", "wrong", visitor="1.2.3.4", forwarded_for=f"7.7.7.{number}, 1.2.3.4")
    assert through_proxy(client, officer.username, DEFAULT_PASSWORD, visitor="1.2.3.4").status_code == 429
    assert through_proxy(client, other_officer.username, DEFAULT_PASSWORD, visitor="5.6.7.8").status_code == 302


def test_without_a_proxy_a_forwarded_for_header_is_not_believed(client, officer):
    for number in range(settings.AXES_ADDRESS_FAILURE_LIMIT):
        attempt(client, f"guess{number}", "wrong", address="10.2.2.2", HTTP_X_FORWARDED_FOR=f"7.7.7.{number}")
    assert attempt(client, officer.username, DEFAULT_PASSWORD, address="10.2.2.2").status_code == 429


def test_weak_passwords_are_refused(client, officer):
    client.force_login(officer)
    response = client.post(
        reverse("password_change"),
        {"old_password": DEFAULT_PASSWORD, "new_password1": "12345678", "new_password2": "12345678"},
    )
    assert response.status_code == 200
    assert "terlalu umum" in response.content.decode()


def test_session_cookie_is_httponly_and_expires(client, officer):
    response = client.post(reverse("login"), {"username": officer.username, "password": DEFAULT_PASSWORD})
    cookie = response.cookies[settings.SESSION_COOKIE_NAME]
    assert cookie["httponly"] and int(cookie["max-age"]) == settings.SESSION_COOKIE_AGE == 8 * 60 * 60


def test_pages_carry_a_content_security_policy_without_inline_scripts(client, officer, nomination):
    client.force_login(officer)
    for url in (reverse("nominations:list"), reverse("nominations:edit", args=[nomination.pk]), reverse("showcase")):
        response = client.get(url)
        policy = response["Content-Security-Policy"]
        assert "script-src 'self'" in policy and "frame-ancestors 'none'" in policy and "unsafe-inline" not in policy
        html = response.content.decode()
        assert re.findall(r"<script(?![^>]*\bsrc=)[^>]*>", html) == []
        assert ' style="' not in html


def portal_env(**variables):
    """The environment of a `manage.py` run with the portal's own settings (not the test run's), plus `variables`."""
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"DJANGO_ALLOW_ASYNC_UNSAFE", "DJANGO_SETTINGS_MODULE", "SECRET_KEY", "DEBUG"}
    }
    return {**env, "DJANGO_SETTINGS_MODULE": "ovop_portal.settings", **variables}


def test_production_settings_pass_the_deployment_check():
    env = portal_env(DEBUG="false", SECRET_KEY=secrets.token_urlsafe(64), ALLOWED_HOSTS="ovop.kemenperin.go.id")
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues (0 silenced)." in result.stdout


def test_production_refuses_to_start_without_a_secret_key():
    result = subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=settings.BASE_DIR,
        env=portal_env(DEBUG="false", SECRET_KEY=""),
        capture_output=True,
        text=True,
    )
    assert result.returncode != 0 and "SECRET_KEY must be set" in result.stderr


def test_debug_is_off_when_unset_so_the_public_development_key_is_never_used():
    script = "from django.conf import settings; print(settings.DEBUG, settings.SECRET_KEY)"
    unset = subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", script],
        cwd=settings.BASE_DIR,
        env=portal_env(),
        capture_output=True,
        text=True,
    )
    assert unset.returncode != 0 and "SECRET_KEY must be set" in unset.stderr
    with_key = subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", script],
        cwd=settings.BASE_DIR,
        env=portal_env(SECRET_KEY="k" * 50),
        capture_output=True,
        text=True,
    )
    assert with_key.stdout.strip().splitlines()[-1].split() == ["False", "k" * 50], with_key.stderr


def test_logging_in_to_ones_own_account_does_not_wipe_failures_at_another(client, officer, other_officer):
    """The second review guessed 20 passwords of one account from one address, logging in to another between tries."""
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert attempt(client, other_officer.username, "wrong").status_code == 200
    assert attempt(client, officer.username, DEFAULT_PASSWORD).status_code == 302
    client.logout()
    assert attempt(client, other_officer.username, "wrong").status_code == 429
    # The account's own successful login still clears its own failures.
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        attempt(client, officer.username, "wrong", address="10.4.4.4")
    assert attempt(client, officer.username, DEFAULT_PASSWORD, address="10.4.4.4").status_code == 302
    client.logout()
    assert attempt(client, officer.username, "wrong", address="10.4.4.4").status_code == 200
