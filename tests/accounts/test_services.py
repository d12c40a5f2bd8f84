"""accounts/services.py: who manages accounts in the Django admin, and what each audit record keeps."""

import pytest

from accounts import services
from accounts.models import Regency, User
from audit.models import AuditRecord
from core.exceptions import WorkflowError
from tests.factories import MinistryAdminFactory

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
