"""accounts/invitations.py through its pages: the one-time link to set the first password, valid
INVITATION_VALID_HOURS, refused when expired, reused, replaced by a resent invitation, or for another account."""

import re

import pytest
from django.core import mail
from django.urls import reverse
from freezegun import freeze_time

from accounts import invitations, services
from accounts.invitations import LinkState
from accounts.models import Regency, User
from audit.models import AuditRecord
from notifications.models import Notification

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "Tenun-lurik-kurnia-2026"


def invite(admin_user, email="petugas.kulonprogo@example.test", **fields):
    fields = {"role": User.Role.OFFICER, "regency": Regency.objects.get(code="34.01"), **fields}
    return services.invite_user(User(first_name="Wulan", last_name="Sari", email=email, **fields), by=admin_user)


def link_of(user):
    """The path of the invitation link in the last e-mail to `user`."""
    message = [m for m in mail.outbox if user.email in m.to][-1]
    return re.search(r"https?://[^/\s]+(/accounts/invitation/\S+)", message.body).group(1)


def set_password(client, path, password=NEW_PASSWORD):
    response = client.get(path)
    assert response.status_code == 302, response.content.decode()
    return client.post(response.url, {"new_password1": password, "new_password2": password})


def test_the_invitee_sets_a_password_through_the_link_and_is_signed_in(
    client, admin_user, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        user = invite(admin_user)
    assert not user.has_usable_password() and user.invitation_pending
    response = set_password(client, link_of(user))
    assert response.status_code == 302 and response.url == reverse("home")
    user.refresh_from_db()
    assert user.check_password(NEW_PASSWORD) and not user.invitation_pending
    assert int(client.session["_auth_user_id"]) == user.pk
    assert client.get(reverse("nominations:list")).status_code == 200  # signed in, not only named in the session
    assert AuditRecord.objects.filter(action="user.invitation_accepted", actor=user).exists()


def test_the_link_is_not_in_its_address_once_opened(client, admin_user, django_capture_on_commit_callbacks):
    """As Django's reset link: the page the invitee types on has no token in its address (history, Referer)."""
    with django_capture_on_commit_callbacks(execute=True):
        user = invite(admin_user)
    path = link_of(user)
    response = client.get(path)
    token = path.rstrip("/").rsplit("/", 1)[1]
    assert token not in response.url and client.get(response.url).status_code == 200


def test_a_used_link_is_refused(client, admin_user, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        user = invite(admin_user)
    path = link_of(user)
    set_password(client, path)
    client.logout()
    response = client.get(path)
    assert response.status_code == 400
    assert response.context["refusal"] == services.link_refusal(LinkState.USED)


def test_an_expired_link_is_refused_with_a_clear_message(
    client, admin_user, settings, django_capture_on_commit_callbacks
):
    settings.LANGUAGE_CODE = "en"
    with freeze_time("2026-03-02 08:00"):
        with django_capture_on_commit_callbacks(execute=True):
            user = invite(admin_user, language="en")
        path = link_of(user)
    with freeze_time("2026-03-05 07:59"):  # 71 h 59 min later: still valid
        assert invitations.check(user, *path.strip("/").split("/")[-2:]) is LinkState.VALID
    with freeze_time("2026-03-05 08:01"):
        response = client.get(path)
    assert response.status_code == 400
    assert "This invitation link has expired (links are valid for 72 hours)" in response.content.decode()
    user.refresh_from_db()
    assert user.invitation_pending


def test_the_validity_follows_the_setting(admin_user, settings, django_capture_on_commit_callbacks):
    settings.INVITATION_VALID_HOURS = 2
    with freeze_time("2026-03-02 08:00"):
        with django_capture_on_commit_callbacks(execute=True):
            user = invite(admin_user)
        uid, token = link_of(user).strip("/").split("/")[-2:]
    with freeze_time("2026-03-02 10:01"):
        assert invitations.check(user, uid, token) is LinkState.EXPIRED


def test_a_link_for_another_account_is_refused(client, admin_user, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        first = invite(admin_user)
        second = invite(admin_user, email="petugas.bantul.baru@example.test")
    uid_first, token_first = link_of(first).strip("/").split("/")[-2:]
    uid_second, _token = link_of(second).strip("/").split("/")[-2:]
    response = client.get(reverse("accounts:invitation", args=[uid_second, token_first]))
    assert response.status_code == 400
    assert response.context["refusal"] == services.link_refusal(LinkState.INVALID)
    second.refresh_from_db()
    assert second.invitation_pending


def test_a_resent_invitation_replaces_the_earlier_link(client, admin_user, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        user = invite(admin_user)
    old = link_of(user)
    with django_capture_on_commit_callbacks(execute=True):
        services.resend_invitation(user, by=admin_user)
    new = link_of(user)
    assert new != old
    response = client.get(old)
    assert response.status_code == 400
    assert response.context["refusal"] == services.link_refusal(LinkState.REPLACED)
    assert set_password(client, new).status_code == 302


def test_a_signed_in_visitor_cannot_use_someone_elses_link(
    client, admin_user, officer, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        user = invite(admin_user)
    client.force_login(officer)
    response = client.get(client.get(link_of(user)).url)
    assert response.status_code == 400 and officer.username in response.context["refusal"]
    user.refresh_from_db()
    assert user.invitation_pending


def test_a_weak_password_is_refused_by_the_validators(client, admin_user, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        user = invite(admin_user)
    response = set_password(client, link_of(user), password="12345678")
    assert response.status_code == 200 and response.context["form"].errors
    user.refresh_from_db()
    assert user.invitation_pending


def test_the_link_is_neither_in_the_audit_trail_nor_in_a_notification_link(
    admin_user, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        user = invite(admin_user)
        services.resend_invitation(user, by=admin_user)
    token = link_of(user).strip("/").rsplit("/", 1)[1]
    for record in AuditRecord.objects.all():
        assert token not in f"{record.before} {record.after} {record.reason}"
    notification = Notification.objects.filter(recipient=user).latest("pk")
    assert notification.kind == "invitation" and notification.link == ""


def test_a_mangled_link_is_refused(client, admin_user):
    for uid, token in (("MQ", "abc"), ("!!", "x-y-z"), ("OTk5OTk5OTk5OTk5OTk5OTk5OTk5OTk", "a-b-c")):
        response = client.get(reverse("accounts:invitation", args=[uid, token]))
        assert response.status_code == 400


def test_a_deactivated_invitee_cannot_use_the_link(client, admin_user, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        user = invite(admin_user)
    services.deactivate_user(user, by=admin_user)
    assert client.get(link_of(user)).status_code == 400


def test_a_new_link_is_valid_at_once_and_a_changed_one_is_not(admin_user, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        user = invite(admin_user)
    uid, token = invitations.invitation_path(user).strip("/").split("/")[-2:]
    assert invitations.check(user, uid, token) is LinkState.VALID
    assert invitations.check(user, uid, token + "x") is LinkState.INVALID
