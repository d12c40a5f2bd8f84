"""Administrative selection: the province's team checks each nomination against the round's requirements; only
passed nominations are scored, officers read the result, and the ministry sets the requirements per round."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from audit.models import AuditRecord
from core.exceptions import WorkflowError
from curation import selectors, services
from curation.models import AdminCheck, Requirement, Shortlist
from nominations.models import CommodityType
from notifications.models import Notification
from tests.curation.conftest import all_scores, curation_round, locked  # noqa: F401 - fixture

pytestmark = pytest.mark.django_db


@pytest.fixture
def selection_round(curation_round, admin_user):
    curation_round.admin_selection = True
    curation_round.save()
    services.add_default_requirements(curation_round, by=admin_user)
    return curation_round


@pytest.fixture
def food(selection_round, officer):
    return locked(
        selection_round,
        officer.regency,
        officer,
        business_name="Bakpia Kurnia",
        commodity=CommodityType.objects.get(code="makanan-minuman"),
    )


@pytest.fixture
def cloth(selection_round, other_officer):
    return locked(selection_round, other_officer.regency, other_officer, business_name="Tenun Lurik")


def everything(nomination):
    return list(services.requirements_for(nomination))


def test_food_and_drink_must_also_show_a_distribution_permit_and_a_halal_certificate(food, cloth):
    assert len(everything(food)) == 5 and len(everything(cloth)) == 3
    assert "Sertifikat halal" in [r.name_id for r in everything(food)]


def test_a_nomination_meeting_every_requirement_passes_and_its_officer_is_told(food, team_member, officer):
    check = services.check_nomination(food, by=team_member, met=everything(food))
    assert check.passed and list(check.failed.all()) == []
    assert Notification.objects.get(recipient=officer, kind="selection_result").subject.startswith("Lolos")
    assert AuditRecord.objects.get(action="selection.checked").after == {"passed": True, "failed": []}


def test_a_missing_requirement_fails_with_the_items_and_a_reason_the_officer_reads(client, food, team_member, officer):
    halal = Requirement.objects.get(name_id="Sertifikat halal")
    met = [r for r in everything(food) if r != halal]
    with pytest.raises(WorkflowError, match="alasan"):
        services.check_nomination(food, by=team_member, met=met, reason="  ")
    check = services.check_nomination(food, by=team_member, met=met, reason="Sertifikat halal belum ada.")
    assert not check.passed and list(check.failed.all()) == [halal]
    client.force_login(officer)
    page = client.get(reverse("nominations:detail", args=[food.pk])).content.decode()
    assert "tidak lolos" in page and "Sertifikat halal belum ada." in page and "Sertifikat halal" in page


def test_only_passed_nominations_are_scored_ranked_and_shortlisted(food, cloth, team_member, chair, selection_round):
    services.check_nomination(food, by=team_member, met=everything(food))
    services.check_nomination(cloth, by=team_member, met=[], reason="Tidak ada SK sentra.")
    assert list(selectors.in_curation(selection_round, chair.province)) == [food]
    with pytest.raises(WorkflowError, match="seleksi administrasi"):
        services.save_sheet(cloth, by=chair, values=all_scores(selection_round, 4), comment="", submit=True)
    services.save_sheet(food, by=chair, values=all_scores(selection_round, 4), comment="", submit=True)
    with pytest.raises(WorkflowError):
        services.set_shortlist(selection_round, chair.province, [cloth], by=chair)
    assert [n for _member, left in services.missing_sheets(selection_round, chair.province) for n in left] == [food]


def test_an_unchecked_nomination_is_not_scored_either(food, chair, selection_round):
    with pytest.raises(WorkflowError):
        services.save_sheet(food, by=chair, values=all_scores(selection_round, 4), comment="", submit=True)


def test_a_round_without_the_stage_scores_every_locked_nomination(curation_round, officer, chair):
    nomination = locked(curation_round, officer.regency, officer)
    assert list(selectors.in_curation(curation_round, chair.province)) == [nomination]
    with pytest.raises(WorkflowError, match="tidak memiliki seleksi administrasi"):
        services.check_nomination(nomination, by=chair, met=[])


@pytest.mark.parametrize("actor", ["officer", "other_province_member", "admin_user"])
def test_only_the_provinces_team_checks_its_nominations(request, food, actor):
    with pytest.raises(WorkflowError):
        services.check_nomination(food, by=request.getfixturevalue(actor), met=everything(food))
    assert not AdminCheck.objects.exists()


def test_the_result_is_final_once_scoring_of_the_nomination_began(food, team_member, chair, selection_round):
    services.check_nomination(food, by=team_member, met=everything(food))
    services.check_nomination(food, by=team_member, met=everything(food)[1:], reason="NIB tidak sesuai")
    assert AdminCheck.objects.get().passed is False
    assert AuditRecord.objects.filter(action="selection.checked").latest("pk").before == {"passed": True, "failed": []}
    services.check_nomination(food, by=team_member, met=everything(food))
    services.save_sheet(food, by=chair, values=all_scores(selection_round, 4), comment="", submit=False)
    with pytest.raises(WorkflowError, match="final"):
        services.check_nomination(food, by=team_member, met=[], reason="Berubah pikiran")


def test_a_forwarded_province_can_no_longer_change_its_checks(food, team_member, chair, selection_round):
    services.check_nomination(food, by=team_member, met=everything(food))
    forwarded = Shortlist.objects.filter(round=selection_round, province=chair.province)
    assert forwarded.update(forwarded_at=selection_round.scoring_opens) == 1
    with pytest.raises(WorkflowError):
        services.check_nomination(food, by=team_member, met=[], reason="Terlambat")


def test_requirements_freeze_once_a_nomination_was_checked(client, food, team_member, admin_user, selection_round):
    services.check_nomination(food, by=team_member, met=everything(food))
    with pytest.raises(WorkflowError, match="dibekukan"):
        services.add_default_requirements(selection_round, by=admin_user)
    client.force_login(admin_user)
    page = client.get(reverse("curation:requirements", args=[selection_round.pk])).content.decode()
    assert "dibekukan" in page


def test_the_admin_edits_the_requirements_through_the_page(client, curation_round, admin_user):
    curation_round.admin_selection = True
    curation_round.save()
    client.force_login(admin_user)
    url = reverse("curation:requirements", args=[curation_round.pk])
    client.post(url, {"default": "1"})
    assert Requirement.objects.filter(round=curation_round).count() == 5
    first = Requirement.objects.filter(round=curation_round).first()
    data = {
        "requirements-TOTAL_FORMS": "1",
        "requirements-INITIAL_FORMS": "1",
        "requirements-0-id": first.pk,
        "requirements-0-name_id": "NIB dan izin usaha industri",
        "requirements-0-name_en": "NIB and industrial business licence",
        "requirements-0-position": "1",
    }
    assert client.post(url, data).status_code == 302
    first.refresh_from_db()
    assert first.name_id == "NIB dan izin usaha industri"
    assert AuditRecord.objects.filter(action="requirements.changed").count() == 2


def test_the_team_checks_through_the_page_and_sees_the_counts(client, food, cloth, team_member, selection_round):
    client.force_login(team_member)
    response = client.post(
        reverse("curation:selection_check", args=[food.pk]),
        {"met": [r.pk for r in everything(food)[:-1]], "reason": ""},
    )
    assert response.status_code == 200 and "alasan" in response.content.decode()  # the reason is missing: kept
    client.post(
        reverse("curation:selection_check", args=[food.pk]),
        {"met": [r.pk for r in everything(food)[:-1]], "reason": "Sampel belum diterima."},
    )
    listing = client.get(reverse("curation:selection")).context["counts"]
    assert listing == {"total": 2, "todo": 1, "passed": 0, "failed": 1}


def test_the_statistics_count_in_passed_and_not_passed(client, food, cloth, team_member, admin_user, selection_round):
    services.check_nomination(food, by=team_member, met=everything(food))
    services.check_nomination(cloth, by=team_member, met=[], reason="Tidak ada SK sentra.")
    client.force_login(admin_user)
    page = client.get(reverse("reports:statistics"), {"round": selection_round.pk}).content.decode()
    assert "2 nominasi masuk, 1 lolos, 1 tidak lolos." in page


def test_the_selection_list_makes_as_many_queries_with_many_rows_as_with_few(
    client, selection_round, officer, team_member
):
    client.force_login(team_member)
    counts = []
    for added in (2, 10):
        for index in range(added):
            nomination = locked(selection_round, officer.regency, officer, business_name=f"IKM {added}-{index}")
            if index % 2:
                services.check_nomination(nomination, by=team_member, met=everything(nomination))
        with CaptureQueriesContext(connection) as queries:
            assert client.get(reverse("curation:selection")).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1]
