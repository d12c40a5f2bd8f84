"""accounts/services.py: who manages accounts in the Django admin, and what each audit record keeps."""

import pytest
from django.core import mail
from django.db import IntegrityError, transaction
from django.urls import reverse

from accounts import services
from accounts.models import Regency, User
from audit.models import AuditRecord
from core.exceptions import WorkflowError
from notifications.models import Notification
from tests.factories import DEFAULT_PASSWORD, MinistryAdminFactory, TeamMemberFactory

pytestmark = pytest.mark.django_db


def test_a_ministry_admin_without_the_superuser_flag_manages_accounts(officer):
    admin = MinistryAdminFactory(username="admin_biasa", is_superuser=False)
    officer.phone = "0274 123456"
    services.save_user(officer, by=admin)
    services.record_password_set(officer, by=admin)
    records = AuditRecord.objects.order_by("pk")
    assert [(r.action, r.actor, r.target) for r in records] == [
        ("user.changed", admin, officer),
        ("user.password_set", admin, officer),
    ]


def test_a_change_keeps_only_the_changed_fields_and_never_the_password(admin_user, team_member):
    email = team_member.email
    team_member.email, team_member.is_team_chair = "ketua.diy@example.org", True
    team_member.set_password("Kuat-sekali-2026")
    services.save_user(team_member, by=admin_user)
    team_member.refresh_from_db()
    assert team_member.is_team_chair and team_member.check_password("Kuat-sekali-2026")
    audit = AuditRecord.objects.get(action="user.changed")
    assert audit.before == {"email": email, "is_team_chair": False}
    assert audit.after == {"email": "ketua.diy@example.org", "is_team_chair": True}


def test_a_new_account_is_stored_and_audited_with_every_kept_field(admin_user):
    user = User(username="officer.kulonprogo", role=User.Role.OFFICER, regency=Regency.objects.get(code="34.01"))
    services.save_user(user, by=admin_user)
    assert User.objects.get(username="officer.kulonprogo").regency_id == "34.01"
    audit = AuditRecord.objects.get(action="user.created")
    assert (audit.actor, audit.target, audit.before) == (admin_user, user, None)
    assert sorted(audit.after) == sorted(services.AUDITED_FIELDS) and audit.after["role"] == User.Role.OFFICER


@pytest.mark.parametrize("actor", ["officer", "team_member"])
def test_only_a_ministry_admin_changes_accounts_or_sets_passwords(request, actor, other_officer):
    user = request.getfixturevalue(actor)
    other_officer.is_active = False
    with pytest.raises(WorkflowError):
        services.save_user(other_officer, by=user)
    with pytest.raises(WorkflowError):
        services.record_password_set(other_officer, by=user)
    other_officer.refresh_from_db()
    assert other_officer.is_active and not AuditRecord.objects.exists()


# Invitations, deactivation and the chair (the Users pages) ------------------------------------------------------


def invited_officer(by, email="petugas.baru@example.test", regency_code="34.01"):
    return services.invite_user(
        User(
            first_name="Wulan",
            last_name="Sari",
            email=email,
            role=User.Role.OFFICER,
            regency=Regency.objects.get(code=regency_code),
        ),
        by=by,
    )


def test_an_invitation_makes_an_account_without_password_named_by_its_email_and_mails_it(
    admin_user, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        user = invited_officer(admin_user, email="Petugas.Baru@Example.TEST")
    assert user.username == user.email == "petugas.baru@example.test"
    assert not user.has_usable_password() and user.is_active
    assert AuditRecord.objects.get(action="user.invited").actor == admin_user
    assert [m.to for m in mail.outbox] == [["petugas.baru@example.test"]]
    assert Notification.objects.get(recipient=user).kind == "invitation"


def test_an_address_with_an_account_is_not_invited_twice(admin_user, officer):
    with pytest.raises(WorkflowError):
        invited_officer(admin_user, email=officer.email.upper())
    assert User.objects.filter(email__iexact=officer.email).count() == 1


def test_only_a_ministry_admin_invites_unless_chairs_may(chair, officer, diy, settings):
    member = User(first_name="Rina", email="rina@example.test", role=User.Role.TEAM_MEMBER, province=diy)
    with pytest.raises(WorkflowError):
        services.invite_user(member, by=chair)
    with pytest.raises(WorkflowError):
        services.invite_user(member, by=officer)
    settings.TEAM_CHAIRS_MAY_INVITE = True
    assert services.invite_user(member, by=chair).province == diy


def test_a_chair_may_invite_members_of_their_own_province_only(chair, jabar, settings):
    settings.TEAM_CHAIRS_MAY_INVITE = True
    outsider = User(first_name="Asep", email="asep@example.test", role=User.Role.TEAM_MEMBER, province=jabar)
    with pytest.raises(WorkflowError, match="provinsinya sendiri"):
        services.invite_user(outsider, by=chair)
    with pytest.raises(WorkflowError, match="timnya sendiri"):
        invited_officer(chair)
    assert not User.objects.filter(email__in=["asep@example.test", "petugas.baru@example.test"]).exists()


def test_a_resend_is_refused_once_the_password_is_set(admin_user, officer):
    with pytest.raises(WorkflowError):
        services.resend_invitation(officer, by=admin_user)


def signs_in(client, user):
    """Whether the login page lets `user` in with their password."""
    response = client.post(reverse("login"), {"username": user.username, "password": DEFAULT_PASSWORD})
    return response.status_code == 302


def test_a_deactivated_user_cannot_sign_in_and_keeps_their_records(client, admin_user, officer, nomination):
    services.deactivate_user(officer, by=admin_user)
    officer.refresh_from_db()
    assert not officer.is_active
    assert not signs_in(client, officer)
    assert nomination.created_by == officer and User.objects.filter(pk=officer.pk).exists()
    services.reactivate_user(officer, by=admin_user)
    assert signs_in(client, officer)
    assert list(AuditRecord.objects.filter(target_id=str(officer.pk)).values_list("action", flat=True)) == [
        "user.reactivated",
        "user.deactivated",
    ]


def test_a_signed_in_user_is_signed_out_when_deactivated(client, admin_user, officer):
    client.force_login(officer)
    services.deactivate_user(officer, by=admin_user)
    assert client.get(reverse("nominations:list")).status_code == 302


def test_an_admin_cannot_deactivate_themselves(admin_user):
    with pytest.raises(WorkflowError, match="akun Anda sendiri"):
        services.deactivate_user(admin_user, by=admin_user)
    admin_user.refresh_from_db()
    assert admin_user.is_active


def test_naming_a_chair_unsets_the_former_one_in_the_same_province_only(
    admin_user, chair, team_member, other_province_member
):
    other_chair = TeamMemberFactory(username="ketua_jabar", province=other_province_member.province, is_team_chair=True)
    services.name_chair(team_member, by=admin_user)
    chairs = set(User.objects.filter(is_team_chair=True).values_list("username", flat=True))
    assert chairs == {"team_member", other_chair.username}
    record = AuditRecord.objects.get(action="user.chair_named")
    assert record.before == {"chair": chair.pk} and record.after == {"chair": team_member.pk, "province": "34"}


def test_only_an_active_team_member_can_be_named_chair(admin_user, officer, team_member):
    with pytest.raises(WorkflowError):
        services.name_chair(officer, by=admin_user)
    services.deactivate_user(team_member, by=admin_user)
    with pytest.raises(WorkflowError):
        services.name_chair(team_member, by=admin_user)
    with pytest.raises(WorkflowError):
        services.name_chair(team_member, by=team_member)


def test_the_database_keeps_one_chair_per_province(chair, team_member):
    team_member.is_team_chair = True
    with pytest.raises(IntegrityError), transaction.atomic():
        team_member.save()
