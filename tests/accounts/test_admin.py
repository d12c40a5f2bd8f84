"""The Django admin of accounts: every change to a user goes through accounts.services and is audited; the
regions are read-only reference data; accounts are deactivated, never deleted."""

import pytest
from django.urls import reverse

from accounts import services
from accounts.models import Regency, User
from audit.models import AuditRecord
from core.exceptions import WorkflowError

pytestmark = pytest.mark.django_db


def form_data(response):
    """What the admin's change form holds, as it would post it back unchanged."""
    form = response.context["adminform"].form
    data = {}
    for name, field in form.fields.items():
        if field.disabled:
            continue
        value = form.initial.get(name, field.initial)
        if value is None:
            continue
        if isinstance(value, (list, tuple)) or hasattr(value, "all"):
            data[name] = [getattr(v, "pk", v) for v in (value.all() if hasattr(value, "all") else value)]
        elif isinstance(value, bool):
            if value:
                data[name] = "on"
        else:
            data[name] = getattr(value, "pk", value)
    return data


@pytest.fixture
def superadmin(admin_user):
    admin_user.is_staff = admin_user.is_superuser = True
    admin_user.save()
    return admin_user


def test_moving_an_officer_to_another_regency_in_the_admin_is_audited_with_what_changed(client, superadmin, officer):
    client.force_login(superadmin)
    url = reverse("admin:accounts_user_change", args=[officer.pk])
    data = form_data(client.get(url))
    data["regency"] = "34.02"
    joined = data.pop("date_joined")
    data.update(date_joined_0=joined.date().isoformat(), date_joined_1=joined.time().strftime("%H:%M:%S"))
    data.pop("last_login", None)
    response = client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors if response.context else ""
    officer.refresh_from_db()
    assert officer.regency_id == "34.02"
    audit = AuditRecord.objects.get(action="user.changed")
    assert (audit.actor, audit.before, audit.after) == (superadmin, {"regency_id": "34.04"}, {"regency_id": "34.02"})


def test_an_account_made_in_the_admin_is_audited(superadmin):
    user = User(username="officer.kulonprogo", role=User.Role.OFFICER, regency=Regency.objects.get(code="34.01"))
    services.save_user(user, by=superadmin)
    audit = AuditRecord.objects.get(action="user.created")
    assert audit.after["username"] == "officer.kulonprogo" and audit.after["regency_id"] == "34.01"


def test_a_password_set_by_an_admin_is_audited(client, superadmin, officer):
    client.force_login(superadmin)
    url = reverse("admin:auth_user_password_change", args=[officer.pk])
    response = client.post(url, {"password1": "Kuat-sekali-2026", "password2": "Kuat-sekali-2026"})
    assert response.status_code == 302
    assert AuditRecord.objects.get(action="user.password_set").actor == superadmin


def test_only_a_ministry_admin_changes_accounts(officer, team_member):
    with pytest.raises(WorkflowError):
        services.save_user(team_member, by=officer)
    assert not AuditRecord.objects.exists()


def test_regions_are_read_only_and_accounts_are_never_deleted(client, superadmin, officer):
    client.force_login(superadmin)
    assert client.post(reverse("admin:accounts_regency_change", args=["34.04"]), {"name": "X"}).status_code == 403
    assert client.get(reverse("admin:accounts_province_add")).status_code == 403
    assert client.post(reverse("admin:accounts_user_delete", args=[officer.pk]), {"post": "yes"}).status_code == 403
    assert Regency.objects.get(code="34.04").name != "X" and User.objects.filter(pk=officer.pk).exists()
