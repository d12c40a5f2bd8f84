"""Blind scoring: a member with sheets left learns nothing of the others' figures, through any page or file.

The province ranking (in any sort), calibration, the draft selection minutes (page and PDF) and the ranking
export are for ministry admins, the chair, and members who have submitted or declared a conflict on every
nomination of their worklist (curation.rules.may_see_team_results).
"""

import pytest
from django.urls import reverse

from core.exceptions import WorkflowError
from curation import services
from curation.models import Shortlist
from tests.curation.conftest import all_scores, locked

pytestmark = pytest.mark.django_db


@pytest.fixture
def half_scored(curation_round, officer, other_officer, chair, team_member, third_member):
    """The chair and third_member scored both nominations; team_member scored only the first."""
    first = locked(curation_round, officer.regency, officer, business_name="Tenun Pertama")
    second = locked(curation_round, other_officer.regency, other_officer, business_name="Batik Kedua")
    for member in (chair, third_member):
        services.save_sheet(first, by=member, values=all_scores(curation_round, 5), comment="", submit=True)
        services.save_sheet(second, by=member, values=all_scores(curation_round, 2), comment="", submit=True)
    services.save_sheet(first, by=team_member, values=all_scores(curation_round, 4), comment="", submit=True)
    services.set_shortlist(curation_round, chair.province, [first], by=chair)
    return first, second


@pytest.mark.parametrize("sort", ["mean", "spread", "sheets"])
def test_member_with_sheets_left_gets_no_ranking_in_any_order(client, half_scored, team_member, sort):
    client.force_login(team_member)
    response = client.get(reverse("curation:ranking"), {"sort": sort})
    html = response.content.decode()
    assert response.status_code == 403
    assert "1 lembar" in html  # says how many sheets are left
    assert "Batik Kedua" not in html and "Tenun Pertama" not in html


def test_member_with_sheets_left_gets_no_calibration(client, half_scored, team_member, third_member):
    client.force_login(team_member)
    response = client.get(reverse("curation:calibration"))
    assert response.status_code == 403 and third_member.last_name not in response.content.decode()


@pytest.mark.parametrize("url_name", ["curation:minutes", "curation:minutes_pdf"])
def test_member_with_sheets_left_gets_no_draft_minutes(client, half_scored, team_member, url_name):
    client.force_login(team_member)
    shortlist = Shortlist.objects.get()
    response = client.get(reverse(url_name, args=[shortlist.pk]))
    assert response.status_code == 403
    assert response["Content-Type"].startswith("text/html") and b"Batik Kedua" not in response.content


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_member_with_sheets_left_gets_no_ranking_export(client, half_scored, team_member, curation_round, fmt):
    client.force_login(team_member)
    response = client.get(reverse("reports:export", args=["ranking", fmt]), {"round": curation_round.pk})
    assert response.status_code == 403 and b"Tenun Pertama" not in response.content


def test_member_who_finished_the_worklist_sees_ranking_calibration_and_minutes(
    client, half_scored, team_member, curation_round
):
    first, second = half_scored
    services.declare_conflict(second, by=team_member, reason="Kerabat pemilik")  # a conflict counts as done
    client.force_login(team_member)
    ranking = client.get(reverse("curation:ranking"))
    assert ranking.status_code == 200 and [row.pk for row in ranking.context["rows"]] == [first.pk, second.pk]
    assert client.get(reverse("curation:calibration")).status_code == 200
    assert client.get(reverse("curation:minutes", args=[Shortlist.objects.get().pk])).status_code == 200
    assert (
        client.get(reverse("reports:export", args=["ranking", "csv"]), {"round": curation_round.pk}).status_code == 200
    )


def test_chair_and_admin_see_the_ranking_before_finishing(client, half_scored, chair, admin_user, diy):
    client.force_login(chair)
    assert client.get(reverse("curation:ranking")).status_code == 200
    client.force_login(admin_user)
    assert client.get(reverse("curation:ranking"), {"province": diy.pk}).status_code == 200


def test_forwarded_minutes_stay_hidden_from_a_member_with_sheets_left(
    client, half_scored, team_member, chair, admin_user, curation_round
):
    """Else a member could read everyone's figures in the forwarded minutes and score after a reopening."""
    first, second = half_scored
    shortlist = services.forward_shortlist(Shortlist.objects.get(), by=chair, confirm_missing=True)
    client.force_login(team_member)
    assert client.get(reverse("curation:minutes", args=[shortlist.pk])).status_code == 403
    services.reopen_shortlist(shortlist, by=admin_user, reason="Anggota belum menilai")
    services.save_sheet(second, by=team_member, values=all_scores(curation_round, 3), comment="", submit=True)
    assert client.get(reverse("curation:minutes", args=[shortlist.pk])).status_code == 200


def test_a_submitted_sheet_is_final_so_submitting_to_peek_cannot_be_undone(
    client, half_scored, team_member, curation_round
):
    first, second = half_scored
    client.force_login(team_member)
    with pytest.raises(WorkflowError, match="final"):
        services.save_sheet(first, by=team_member, values=all_scores(curation_round, 1), comment="", submit=True)
    with pytest.raises(WorkflowError):
        services.declare_conflict(first, by=team_member, reason="Setelah melihat nilai")
    html = client.get(reverse("curation:score", args=[first.pk])).content.decode()
    assert 'name="submit"' not in html and 'name="save"' not in html


def test_score_page_keeps_others_hidden_until_own_sheet(client, half_scored, team_member, third_member):
    first, second = half_scored
    client.force_login(team_member)
    html = client.get(reverse("curation:score", args=[second.pk])).content.decode()
    assert third_member.last_name not in html
    assert third_member.last_name in client.get(reverse("curation:score", args=[first.pk])).content.decode()


def test_a_final_sheet_is_shown_with_its_fields_disabled(client, half_scored, team_member):
    first, second = half_scored
    client.force_login(team_member)
    assert (
        '<fieldset class="border-0 p-0 m-0" disabled>'
        in client.get(reverse("curation:score", args=[first.pk])).content.decode()
    )
    assert (
        '<fieldset class="border-0 p-0 m-0">'
        in client.get(reverse("curation:score", args=[second.pk])).content.decode()
    )
