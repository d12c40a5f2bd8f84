"""The Users pages (accounts/views/users.py, reports' users export, curation/views/coverage.py) as ministry admins
and team chairs use them."""

import csv
import io
import re
from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from accounts import services
from accounts.models import Province, Regency, User
from audit.models import AuditRecord
from curation.models import Assignment
from tests.factories import (
    AssessorFactory,
    AwardRoundFactory,
    CommodityTypeFactory,
    MinistryAdminFactory,
    OfficerFactory,
    TeamMemberFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def english(admin_user):
    admin_user.language = "en"
    admin_user.save()


def listed(response):
    return [user.username for user in response.context["page"].object_list]


def test_the_list_filters_by_role_region_state_and_search(client, admin_user, officer, other_officer, team_member):
    pending = services.invite_user(
        User(first_name="Ayu", email="ayu.pending@example.test", role=User.Role.OFFICER, regency=officer.regency),
        by=admin_user,
    )
    OfficerFactory(username="jabar_officer", regency=Regency.objects.get(code="32.06"))
    client.force_login(admin_user)
    url = reverse("accounts:user_list")
    assert set(listed(client.get(url, {"role": "officer", "province": "34"}))) == {
        "officer",
        "other_officer",
        pending.username,
    }
    assert listed(client.get(url, {"regency": "34.02"})) == ["other_officer"]
    assert listed(client.get(url, {"state": "pending"})) == [pending.username]
    assert listed(client.get(url, {"q": "ayu.pend"})) == [pending.username]
    assert listed(client.get(url, {"role": "team_member"})) == ["team_member"]
    services.deactivate_user(other_officer, by=admin_user)
    assert listed(client.get(url, {"state": "inactive"})) == ["other_officer"]


def test_the_list_filters_assessors_by_organisation(client, admin_user):
    AssessorFactory(username="penilai_batik", organisation="Yayasan Batik Indonesia")
    AssessorFactory(username="penilai_pangan", organisation="GAPMMI")
    client.force_login(admin_user)
    response = client.get(reverse("accounts:user_list"), {"role": "assessor", "organisation": "batik"})
    assert listed(response) == ["penilai_batik"]


def test_the_list_filters_assessors_by_the_commodity_types_they_assess(client, admin_user):
    batik, pangan = CommodityTypeFactory(name_en="Batik cloth"), CommodityTypeFactory(name_en="Food and drink")
    award_round = AwardRoundFactory()
    for username, commodity in (("penilai_batik", batik), ("penilai_pangan", pangan)):
        Assignment.objects.create(
            round=award_round, assessor=AssessorFactory(username=username), commodity=commodity, assigned_by=admin_user
        )
    AssessorFactory(username="penilai_tanpa_tugas")
    client.force_login(admin_user)
    response = client.get(reverse("accounts:user_list"), {"commodity": batik.pk})
    assert listed(response) == ["penilai_batik"]
    export = client.get(reverse("reports:users_export", args=["csv"]), {"commodity": pangan.pk})
    usernames = b"".join(export.streaming_content).decode()
    assert "penilai_pangan" in usernames and "penilai_batik" not in usernames


def test_the_list_is_paginated(client, admin_user):
    for number in range(55):
        AssessorFactory(username=f"penilai{number:02d}")
    client.force_login(admin_user)
    first = client.get(reverse("accounts:user_list"), {"role": "assessor"})
    second = client.get(reverse("accounts:user_list"), {"role": "assessor", "page": 2})
    assert len(listed(first)) == 50 and len(listed(second)) == 5
    assert "role=assessor&amp;page=2" in first.content.decode()


def test_the_export_holds_the_filtered_list_without_passwords(client, admin_user, officer, other_officer, team_member):
    client.force_login(admin_user)
    response = client.get(reverse("reports:users_export", args=["csv"]), {"role": "officer"})
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))
    assert rows[0][:5] == ["Nama pengguna", "Nama depan", "Nama belakang", "Email", "Peran"]
    assert sorted(row[0] for row in rows[1:]) == ["officer", "other_officer"]
    assert all(officer.password not in cell for row in rows for cell in row)
    response = client.get(reverse("reports:users_export", args=["xlsx"]), {"regency": "34.04"})
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).worksheets[0]
    assert [row[0] for row in sheet.iter_rows(min_row=2, values_only=True)] == ["officer"]


def test_an_admin_invites_an_officer_through_the_page(client, admin_user, django_capture_on_commit_callbacks):
    client.force_login(admin_user)
    data = {
        "first_name": "Wulan",
        "last_name": "Sari",
        "email": "wulan@kulonprogokab.go.id",
        "role": "officer",
        "regency": "34.01",
        "language": "id",
    }
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("accounts:user_invite"), data)
    user = User.objects.get(email="wulan@kulonprogokab.go.id")
    assert response.status_code == 302 and response.url == reverse("accounts:user_detail", args=[user.pk])
    assert user.regency_id == "34.01" and user.invitation_pending
    assert [m.to for m in mail.outbox] == [["wulan@kulonprogokab.go.id"]]
    assert "/accounts/invitation/" in mail.outbox[0].body
    detail = client.get(response.url).content.decode()
    assert "/accounts/invitation/" not in detail  # the link is the invitee's only


def test_an_invitation_needs_the_jurisdiction_of_its_role(client, admin_user):
    client.force_login(admin_user)
    response = client.post(
        reverse("accounts:user_invite"),
        {
            "first_name": "Tono",
            "email": "tono@example.test",
            "role": "team_member",
            "regency": "34.01",
            "language": "id",
        },
    )
    assert response.status_code == 200 and {"province", "regency"} <= set(response.context["form"].errors)
    response = client.post(
        reverse("accounts:user_invite"),
        {"first_name": "Tono", "email": "tono@example.test", "role": "assessor", "language": "id"},
    )
    assert "organisation" in response.context["form"].errors
    assert not User.objects.filter(email="tono@example.test").exists()


def test_a_chair_invites_members_of_their_province_when_the_setting_allows(client, chair, settings):
    client.force_login(chair)
    assert client.get(reverse("accounts:user_invite")).status_code == 403
    settings.TEAM_CHAIRS_MAY_INVITE = True
    page = client.get(reverse("accounts:user_invite"))
    assert [value for value, _label in page.context["form"].fields["role"].choices] == ["team_member"]
    response = client.post(
        reverse("accounts:user_invite"),
        {"first_name": "Asep", "email": "asep@example.test", "role": "team_member", "province": "32", "language": "id"},
    )
    assert response.status_code == 200 and not User.objects.filter(email="asep@example.test").exists()
    client.post(
        reverse("accounts:user_invite"),
        {"first_name": "Rina", "email": "rina@example.test", "role": "team_member", "province": "34", "language": "id"},
    )
    assert User.objects.get(email="rina@example.test").province_id == "34"
    assert client.get(reverse("accounts:user_list")).status_code == 403


def test_an_admin_corrects_a_role_and_jurisdiction_audited(client, admin_user, chair):
    client.force_login(admin_user)
    response = client.post(
        reverse("accounts:user_detail", args=[chair.pk]),
        {
            "first_name": chair.first_name,
            "last_name": chair.last_name,
            "email": chair.email,
            "role": "officer",
            "regency": "34.01",
            "language": "id",
        },
    )
    assert response.status_code == 302
    chair.refresh_from_db()
    assert (chair.role, chair.regency_id, chair.province_id, chair.is_team_chair) == ("officer", "34.01", None, False)
    record = AuditRecord.objects.get(action="user.changed")
    assert record.after["role"] == "officer" and record.before["is_team_chair"] is True


def test_an_admin_cannot_deactivate_themselves_and_reads_why(client, admin_user, english):
    client.force_login(admin_user)
    page = client.get(reverse("accounts:user_detail", args=[admin_user.pk])).content.decode()
    assert "Anda tidak dapat menonaktifkan akun Anda sendiri" in page
    response = client.post(reverse("accounts:user_action", args=[admin_user.pk, "deactivate"]), follow=True)
    assert "Anda tidak dapat menonaktifkan akun Anda sendiri" in response.content.decode()
    admin_user.refresh_from_db()
    assert admin_user.is_active


def test_the_actions_of_the_user_page(
    client, admin_user, officer, team_member, chair, django_capture_on_commit_callbacks
):
    client.force_login(admin_user)
    client.post(reverse("accounts:user_action", args=[officer.pk, "deactivate"]))
    officer.refresh_from_db()
    assert not officer.is_active
    client.post(reverse("accounts:user_action", args=[officer.pk, "reactivate"]))
    client.post(reverse("accounts:user_action", args=[team_member.pk, "chair"]))
    officer.refresh_from_db(), team_member.refresh_from_db(), chair.refresh_from_db()
    assert officer.is_active and team_member.is_team_chair and not chair.is_team_chair
    pending = services.invite_user(
        User(first_name="Ayu", email="ayu@example.test", role=User.Role.OFFICER, regency=officer.regency), by=admin_user
    )
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("accounts:user_action", args=[pending.pk, "resend"]))
    assert [m.to for m in mail.outbox] == [["ayu@example.test"]]
    assert client.post(reverse("accounts:user_action", args=[pending.pk, "delete"])).status_code == 302
    assert User.objects.filter(pk=pending.pk).exists()


def test_coverage_counts_regencies_teams_and_assessors(client, admin_user, officer, chair, team_member):
    """DIY (34) has five regencies/cities, Sleman's officer, and a chair with one member: short of three."""
    services.invite_user(
        User(
            first_name="Ayu",
            email="ayu@example.test",
            role=User.Role.OFFICER,
            regency=Regency.objects.get(code="34.02"),
        ),
        by=admin_user,
    )
    TeamMemberFactory(username="bali_1", province=Province.objects.get(code="51"))
    TeamMemberFactory(username="bali_2", province=Province.objects.get(code="51"))
    TeamMemberFactory(username="bali_chair", province=Province.objects.get(code="51"), is_team_chair=True)
    award_round = AwardRoundFactory()
    covered, uncovered = CommodityTypeFactory(name_id="Kain tenun uji"), CommodityTypeFactory(name_id="Kopi uji")
    award_round.commodity_types.set([covered, uncovered])
    Assignment.objects.create(round=award_round, assessor=AssessorFactory(), commodity=covered, assigned_by=admin_user)
    client.force_login(admin_user)
    response = client.get(reverse("accounts:user_coverage"))
    provinces = {p.pk: p for p in response.context["provinces"]}
    assert provinces["34"].regency_count == 5 and provinces["34"].uncovered == 4
    assert (provinces["34"].members, provinces["34"].has_chair, provinces["34"].short) == (2, True, True)
    assert (provinces["51"].members, provinces["51"].has_chair, provinces["51"].short) == (3, True, False)
    assert (provinces["32"].members, provinces["32"].has_chair) == (0, False)
    total = Regency.objects.count()
    assert response.context["uncovered_total"] == total - 1
    assert response.context["page"].paginator.count == total - 1
    missing = dict(response.context["commodities"])[award_round]
    assert uncovered in missing and covered not in missing
    diy = client.get(reverse("accounts:user_coverage"), {"province": "34"})
    regencies = {r.code: r.pending for r in diy.context["page"].object_list}
    assert set(regencies) == {"34.01", "34.02", "34.03", "34.71"} and regencies["34.02"] is True


@pytest.mark.parametrize(
    "name, args",
    [
        ("accounts:user_list", []),
        ("accounts:user_import", []),
        ("accounts:user_coverage", []),
        ("accounts:user_import_template", []),
    ],
)
def test_other_roles_are_refused(client, officer, chair, assessor, name, args):
    for user in (officer, chair, assessor):
        client.force_login(user)
        assert client.get(reverse(name, args=args)).status_code == 403


def test_a_chair_who_may_invite_sends_their_teams_invitation_again(
    client, chair, settings, django_capture_on_commit_callbacks
):
    settings.TEAM_CHAIRS_MAY_INVITE = True
    member = services.invite_user(
        User(first_name="Rina", email="rina@example.test", role=User.Role.TEAM_MEMBER, province=chair.province),
        by=chair,
    )
    outsider = services.invite_user(
        User(
            first_name="Ayu",
            email="ayu@example.test",
            role=User.Role.OFFICER,
            regency=Regency.objects.get(code="34.01"),
        ),
        by=MinistryAdminFactory(),
    )
    client.force_login(chair)
    assert list(client.get(reverse("accounts:user_invite")).context["pending"]) == [member]
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("accounts:user_action", args=[member.pk, "resend"]))
    assert [m.to for m in mail.outbox] == [["rina@example.test"]]
    assert client.post(reverse("accounts:user_action", args=[outsider.pk, "resend"])).status_code == 404
    assert client.post(reverse("accounts:user_action", args=[member.pk, "deactivate"])).status_code == 302
    member.refresh_from_db()
    assert member.is_active  # deactivating stays the ministry's


def test_a_corrected_address_renames_an_invited_user_and_cannot_take_anothers(
    client, admin_user, officer, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        invited = services.invite_user(
            User(first_name="Ayu", email="ayu@exmaple.test", role=User.Role.OFFICER, regency=officer.regency),
            by=admin_user,
        )
    typo_link = re.search(r"https?://[^/\s]+(/accounts/invitation/\S+)", mail.outbox[-1].body).group(1)
    client.force_login(admin_user)
    data = {
        "first_name": "Ayu",
        "email": officer.email,
        "role": "officer",
        "regency": officer.regency_id,
        "language": "id",
    }
    response = client.post(reverse("accounts:user_detail", args=[invited.pk]), data)
    assert "email" in response.context["form"].errors
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("accounts:user_detail", args=[invited.pk]), {**data, "email": "ayu@example.test"})
    invited.refresh_from_db()
    assert invited.username == invited.email == "ayu@example.test"
    assert AuditRecord.objects.filter(action="user.changed", after__username="ayu@example.test").exists()
    # The old address is told, and the link sent to the mistyped address no longer sets a password.
    assert [m.to for m in mail.outbox] == [["ayu@exmaple.test"]] and "ayu@example.test" in mail.outbox[0].body
    client.logout()
    assert client.get(typo_link).status_code == 400
    invited.refresh_from_db()
    assert not invited.has_usable_password()


def test_the_list_filters_by_last_login(client, admin_user, officer, other_officer, team_member):
    now = timezone.now()
    User.objects.filter(pk=officer.pk).update(last_login=now - timedelta(days=3))
    User.objects.filter(pk=other_officer.pk).update(last_login=now - timedelta(days=120))
    client.force_login(admin_user)  # signed in now
    url = reverse("accounts:user_list")
    assert set(listed(client.get(url, {"last_login": "30"}))) == {"officer", "admin_user"}
    assert set(listed(client.get(url, {"last_login": "stale"}))) == {"other_officer", "team_member"}
