"""Two-factor sign-in (accounts/two_factor.py): required for ministry admins (and the roles the setting adds),
offered to everyone, enforced on every URL, wrong codes throttled and counted by django-axes, recovery codes usable
once, reset by another ministry admin or on the server, never by oneself.

These tests log in with the password step alone (`unverified_login`, or the login page), then act as the user
would on the two-factor pages; they run with the portal's own settings (TWO_FACTOR_REQUIRED_ROLES' default).
"""

import io
import re
from base64 import b32decode
from datetime import timedelta

import pytest
from axes.models import AccessAttempt
from django.conf import settings
from django.core import mail
from django.core.management import call_command
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone
from django_otp.oath import totp
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice
from freezegun import freeze_time

from accounts import two_factor
from accounts.middleware import TwoFactorMiddleware
from audit.models import AuditRecord
from tests.factories import DEFAULT_PASSWORD, AwardRoundFactory, MinistryAdminFactory
from tests.two_factor import current_code, enrolled, recovery_codes_for, unverified_login

pytestmark = pytest.mark.django_db


def password_login(client, user):
    """The login page with the right password; returns where the portal then takes the user."""
    return client.post(reverse("login"), {"username": user.username, "password": DEFAULT_PASSWORD}, follow=True)


def landing(response):
    return response.redirect_chain[-1][0] if response.redirect_chain else response.request["PATH_INFO"]


def enter(client, code, **extra):
    return client.post(reverse("accounts:two_factor_verify"), {"code": code, **extra})


def code_of_key_on(page):
    """What an authenticator app shows after the user typed the key printed on the set-up page."""
    from base64 import b32decode

    return f"{totp(b32decode(key_on(page))):06d}"


def key_on(page):
    return re.search(r'id="two-factor-key"[^>]*>([A-Z2-7 ]+)<', page).group(1).replace(" ", "")


def test_the_portal_requires_two_factor_of_ministry_admins_by_default(officer, team_member, chair, assessor):
    admin = MinistryAdminFactory(username="plain_admin", is_staff=False)
    assert settings.TWO_FACTOR_REQUIRED_ROLES == ["ministry_admin"]
    assert two_factor.is_required(admin)
    assert not any(two_factor.is_required(user) for user in (officer, team_member, chair, assessor))


def test_a_key_shown_to_another_session_never_signs_in(client, admin_user):
    intruder = Client()  # learnt the password, opened the set-up page and left
    password_login(intruder, admin_user)
    seen = key_on(intruder.get(reverse("accounts:two_factor_setup")).content.decode())
    password_login(client, admin_user)  # the admin, later, sets up their phone
    page = client.get(reverse("accounts:two_factor_setup")).content.decode()
    assert key_on(page) != seen
    client.post(reverse("accounts:two_factor_setup"), {"code": code_of_key_on(page)})
    assert two_factor.has_two_factor(admin_user)
    password_login(intruder, admin_user)
    response = enter(intruder, f"{totp(b32decode(seen)):06d}")
    assert response.status_code == 200 and intruder.get(reverse("nominations:overview")).status_code == 302


def test_admin_without_authenticator_must_set_one_up_right_after_the_password(client, admin_user):
    assert landing(password_login(client, admin_user)).startswith(reverse("accounts:two_factor_setup"))
    for name in ("nominations:overview", "accounts:profile", "audit:list"):
        response = client.get(reverse(name))
        assert response.status_code == 302 and response.url.startswith(reverse("accounts:two_factor_setup")), name

    page = client.get(reverse("accounts:two_factor_setup")).content.decode()
    assert "<svg" in page  # the QR code, drawn in the page
    reloaded = client.get(reverse("accounts:two_factor_setup")).content.decode()
    assert key_on(reloaded) == key_on(page)  # the same key on a reload
    response = client.post(reverse("accounts:two_factor_setup"), {"code": "000000"})
    assert response.status_code == 200 and not two_factor.has_two_factor(admin_user)

    response = client.post(reverse("accounts:two_factor_setup"), {"code": code_of_key_on(page)})
    assert response.url == reverse("accounts:two_factor_recovery_codes")
    codes = re.findall(r"<li>([a-z2-7]{8})</li>", client.get(response.url).content.decode())
    assert len(codes) == settings.TWO_FACTOR_RECOVERY_CODES
    assert not re.findall(r"<li>([a-z2-7]{8})</li>", client.get(response.url).content.decode())  # shown once
    assert client.get(reverse("nominations:overview")).status_code == 200
    assert AuditRecord.objects.filter(action="user.two_factor_enabled", target_id=str(admin_user.pk)).exists()


def test_admin_with_authenticator_enters_a_code_after_the_password(client, admin_user):
    device = enrolled(admin_user)
    assert landing(password_login(client, admin_user)).startswith(reverse("accounts:two_factor_verify"))
    response = client.get(reverse("reports:statistics"))
    assert response.url == reverse("accounts:two_factor_verify") + "?next=" + reverse("reports:statistics")

    response = enter(client, current_code(device), next=reverse("reports:statistics"))
    assert response.status_code == 302 and response.url == reverse("reports:statistics")
    assert client.get(reverse("reports:statistics")).status_code == 200


@freeze_time("2026-12-06 10:00:05")
def test_a_wrong_code_is_refused_counted_and_the_next_try_must_wait(client, admin_user):
    device = enrolled(admin_user)
    unverified_login(client, admin_user)
    response = enter(client, "123456" if current_code(device) != "123456" else "654321")
    assert response.status_code == 200 and response.context["form"].errors["code"]
    assert AccessAttempt.objects.get(username=admin_user.username).failures_since_start == 1
    device.refresh_from_db()
    assert device.throttling_failure_count == 1

    response = enter(client, current_code(device))  # right, but within the second's wait after a wrong code
    assert response.status_code == 200 and "tunggu" in str(response.context["form"].errors["code"]).lower()
    assert AccessAttempt.objects.get(username=admin_user.username).failures_since_start == 2

    with freeze_time("2026-12-06 10:00:09"):
        assert enter(client, current_code(device)).status_code == 302
        assert client.get(reverse("nominations:overview")).status_code == 200


def test_wrong_codes_lock_the_username_out_and_sign_the_session_out(client, admin_user):
    device = enrolled(admin_user)
    password_login(client, admin_user)
    right = current_code(device)
    wrong = "000000" if right != "000000" else "111111"
    answers = [enter(client, wrong).status_code for _ in range(settings.AXES_FAILURE_LIMIT)]
    assert answers == [200] * (settings.AXES_FAILURE_LIMIT - 1) + [429]
    assert client.get(reverse("nominations:overview")).url.startswith(reverse("login"))  # signed out
    assert password_login(client, admin_user).status_code == 429  # and the password is refused too
    assert client.get(reverse("nominations:overview")).status_code != 200


def test_a_recovery_code_signs_in_once(client, admin_user):
    enrolled(admin_user)
    codes = recovery_codes_for(admin_user)
    unverified_login(client, admin_user)
    response = enter(client, codes[0].upper())
    assert response.status_code == 302
    assert client.get(reverse("nominations:overview")).status_code == 200
    assert two_factor.recovery_codes_left(admin_user) == len(codes) - 1

    client.post(reverse("logout"))
    unverified_login(client, admin_user)
    response = enter(client, codes[0])
    assert response.status_code == 200 and response.context["form"].errors["code"]
    assert client.get(reverse("nominations:overview")).status_code == 302


def test_moving_to_a_new_phone_needs_the_current_code_or_a_recovery_code(client, admin_user):
    device = enrolled(admin_user)
    codes = recovery_codes_for(admin_user)
    client.force_login(admin_user)
    page = client.get(reverse("accounts:two_factor_setup")).content.decode()
    response = client.post(reverse("accounts:two_factor_setup"), {"code": code_of_key_on(page), "current": "000000"})
    assert response.status_code == 200 and response.context["form"].errors["code"]
    assert two_factor.authenticator(admin_user) == device  # the open session alone did not replace it
    with freeze_time(timezone.now() + timedelta(seconds=2)):  # the old phone is lost: a recovery code instead
        data = {"code": code_of_key_on(page), "current": codes[0]}
        response = client.post(reverse("accounts:two_factor_setup"), data)
    assert response.status_code == 302 and two_factor.authenticator(admin_user) != device


def test_new_recovery_codes_replace_the_old_ones(client, admin_user):
    client.force_login(admin_user)
    old = recovery_codes_for(admin_user)
    refused = client.post(reverse("accounts:two_factor_recovery_codes"), {"code": "000000"}, follow=True)
    assert two_factor.recovery_codes_left(admin_user) == len(old) and "Kode itu tidak benar" in refused.content.decode()
    with freeze_time(timezone.now() + timedelta(seconds=2)):  # after the wait a wrong code costs
        code = current_code(enrolled(admin_user))
        response = client.post(reverse("accounts:two_factor_recovery_codes"), {"code": code})
    new = re.findall(r"<li>([a-z2-7]{8})</li>", client.get(response.url).content.decode())
    assert len(new) == settings.TWO_FACTOR_RECOVERY_CODES and not set(new) & set(old)
    client.post(reverse("logout"))
    unverified_login(client, admin_user)
    assert enter(client, old[1]).status_code == 200
    with freeze_time(timezone.now() + timedelta(seconds=2)):  # after the wait a wrong code costs
        assert enter(client, new[1]).status_code == 302


def test_an_officer_is_not_asked_but_may_turn_two_factor_on_and_off(client, officer):
    unverified_login(client, officer)
    assert client.get(reverse("nominations:list")).status_code == 200
    profile = client.get(reverse("accounts:profile")).content.decode()
    assert reverse("accounts:two_factor_setup") in profile

    page = client.get(reverse("accounts:two_factor_setup")).content.decode()
    client.post(reverse("accounts:two_factor_setup"), {"code": code_of_key_on(page)})
    assert two_factor.has_two_factor(officer)
    client.post(reverse("logout"))
    unverified_login(client, officer)
    assert client.get(reverse("nominations:list")).url.startswith(reverse("accounts:two_factor_verify"))

    enter(client, current_code(two_factor.authenticator(officer)))
    assert client.post(reverse("accounts:two_factor_disable"), {"code": "000000"}).status_code == 200
    assert two_factor.has_two_factor(officer)
    with freeze_time(None, tick=True) as clock:  # the next code, after the wait a wrong one costs
        clock.tick(31)
        response = client.post(
            reverse("accounts:two_factor_disable"), {"code": current_code(two_factor.authenticator(officer))}
        )
    assert response.url == reverse("accounts:profile")
    assert not two_factor.has_two_factor(officer) and not StaticDevice.objects.filter(user=officer).exists()
    assert AuditRecord.objects.filter(action="user.two_factor_disabled", target_id=str(officer.pk)).exists()


def test_a_ministry_admin_cannot_turn_two_factor_off(client, admin_user):
    client.force_login(admin_user)
    device = two_factor.authenticator(admin_user)
    page = client.get(reverse("accounts:two_factor_disable")).content.decode()
    assert "id_code" not in page
    client.post(reverse("accounts:two_factor_disable"), {"code": current_code(device)})
    assert two_factor.has_two_factor(admin_user)
    assert reverse("accounts:two_factor_disable") not in client.get(reverse("accounts:profile")).content.decode()


def test_the_setting_adds_chairs_and_assessors(client, settings, chair, team_member, assessor, officer):
    settings.TWO_FACTOR_REQUIRED_ROLES = ["ministry_admin", "chair", "assessor"]
    for user in (chair, assessor):
        client.post(reverse("logout"))
        unverified_login(client, user)
        response = client.get(reverse("curation:worklist"))
        assert response.url.startswith(reverse("accounts:two_factor_setup")), user
    for user, home in ((team_member, "curation:worklist"), (officer, "nominations:list")):
        client.post(reverse("logout"))
        unverified_login(client, user)
        assert client.get(reverse(home)).status_code == 200, user


def test_another_admin_resets_a_lost_phone(client, admin_user, django_capture_on_commit_callbacks):
    lost = MinistryAdminFactory(username="lost_phone", email="lost@kemenperin.go.id")
    enrolled(lost)
    recovery_codes_for(lost)
    lost_session = type(client)()
    lost_session.force_login(lost)
    assert lost_session.get(reverse("nominations:overview")).status_code == 200

    client.force_login(admin_user)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("accounts:two_factor_reset"), {"username": "lost_phone", "reason": "Called back on 0812"}
        )
    assert response.status_code == 302
    assert not TOTPDevice.objects.filter(user=lost).exists() and not StaticDevice.objects.filter(user=lost).exists()
    record = AuditRecord.objects.get(action="user.two_factor_reset", target_id=str(lost.pk))
    assert record.actor == admin_user and record.reason == "Called back on 0812"
    assert [message.to for message in mail.outbox] == [["lost@kemenperin.go.id"]]
    # The session verified with the lost phone is verified no more: the admin must set up a new app.
    assert lost_session.get(reverse("nominations:overview")).url.startswith(reverse("accounts:two_factor_setup"))


def test_an_admin_cannot_reset_their_own_two_factor(client, admin_user):
    client.force_login(admin_user)
    response = client.post(
        reverse("accounts:two_factor_reset"), {"username": admin_user.username, "reason": "Lost it"}, follow=True
    )
    assert two_factor.has_two_factor(admin_user)
    assert list(response.context["messages"])[0].level_tag == "danger"
    assert not AuditRecord.objects.filter(action="user.two_factor_reset").exists()


def test_only_ministry_admins_reach_the_reset_page(client, officer, chair):
    for user in (officer, chair):
        client.force_login(user)
        assert client.get(reverse("accounts:two_factor_reset")).status_code == 403


def test_it_staff_reset_the_last_admin_on_the_server(admin_user, django_capture_on_commit_callbacks):
    enrolled(admin_user)
    with django_capture_on_commit_callbacks(execute=True):
        call_command("reset_two_factor", admin_user.username, reason="Identity checked in person", stdout=io.StringIO())
    assert not two_factor.has_two_factor(admin_user)
    record = AuditRecord.objects.get(action="user.two_factor_reset")
    assert record.actor is None and "manage.py" in record.reason and "in person" in record.reason
    assert len(mail.outbox) == 1


def sample_value(converter):
    return {"IntConverter": 1, "UUIDConverter": "00000000-0000-0000-0000-000000000001"}.get(
        type(converter).__name__, "x"
    )


def every_url(resolver=None, namespace=""):
    """(name, url) for every named URL of the portal, the Django admin's included, with made-up arguments: the
    middleware answers before any view looks them up."""
    for entry in (resolver or get_resolver()).url_patterns:
        if isinstance(entry, URLResolver):
            yield from every_url(entry, f"{namespace}{entry.namespace}:" if entry.namespace else namespace)
        elif isinstance(entry, URLPattern) and entry.name:
            name = f"{namespace}{entry.name}"
            converters = getattr(entry.pattern, "converters", {})
            if converters:
                yield name, reverse(name, kwargs={key: sample_value(c) for key, c in converters.items()})
            else:
                groups = entry.pattern.regex.groupindex
                args = dict.fromkeys(groups, "1")
                try:
                    yield name, reverse(name, kwargs=args)
                except Exception:  # a regex the sample does not fit (admin's app_label): its first choice
                    yield name, reverse(name, kwargs={**args, "app_label": "nominations"})


@pytest.mark.parametrize("has_authenticator", [True, False])
def test_every_url_pages_exports_and_pdfs_refuses_an_admin_without_the_second_factor(
    client, admin_user, has_authenticator
):
    if has_authenticator:
        enrolled(admin_user)
    unverified_login(client, admin_user)
    target = reverse("accounts:two_factor_verify" if has_authenticator else "accounts:two_factor_setup")
    urls = dict(every_url())
    assert {"reports:export", "curation:minutes_pdf", "awards:minutes_pdf", "admin:index"} <= set(urls)
    assert {
        "logout",
        "set_language",
        "health",
        "accounts:two_factor_verify",
        "accounts:two_factor_setup",
    } == TwoFactorMiddleware.OPEN
    let_through = set()
    for name, url in urls.items():
        for method in ("get",) if name == "logout" else ("get", "post"):  # a POST would sign out
            response = getattr(client, method)(url)
            if not (response.status_code == 302 and response.url.startswith(target)):
                let_through.add(name)
    # With an authenticator, setting up another one waits for the code too.
    expected = TwoFactorMiddleware.OPEN - ({"accounts:two_factor_setup"} if has_authenticator else set())
    assert let_through == expected


def test_the_export_opens_once_the_code_is_entered(client, admin_user):
    award_round = AwardRoundFactory()
    device = enrolled(admin_user)
    unverified_login(client, admin_user)
    export = reverse("reports:export", kwargs={"dataset": "nominations", "fmt": "csv"})
    assert client.get(export, {"round": award_round.pk}).status_code == 302
    enter(client, current_code(device))
    response = client.get(export, {"round": award_round.pk})
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")


def test_the_demo_admin_signs_in_with_the_published_key_or_a_recovery_code(client):
    from base64 import b32decode

    from accounts.demo import DEMO_PASSWORD, DEMO_RECOVERY_CODES, DEMO_TOTP_KEY, create_users
    from accounts.models import User

    create_users()
    form = {"username": "admin", "password": DEMO_PASSWORD}
    assert landing(client.post(reverse("login"), form, follow=True)).startswith(reverse("accounts:two_factor_verify"))
    assert enter(client, f"{totp(b32decode(DEMO_TOTP_KEY)):06d}").status_code == 302
    assert client.get(reverse("nominations:overview")).status_code == 200

    client.post(reverse("logout"))
    client.post(reverse("login"), form)
    assert enter(client, DEMO_RECOVERY_CODES[0]).status_code == 302
    create_users()  # the demo again: its recovery codes all work again
    assert two_factor.recovery_codes_left(User.objects.get(username="admin")) == len(DEMO_RECOVERY_CODES)
