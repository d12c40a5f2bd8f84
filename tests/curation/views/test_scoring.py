"""The scoring pages of curation/views/scoring.py: the team's worklist and the score sheet; who may score, when, and
what a member sees of the others' figures."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from core.exceptions import WorkflowError
from curation import services
from curation.models import Criterion, ScoreSheet, SheetStatus, Shortlist
from tests.curation.conftest import all_scores

pytestmark = pytest.mark.django_db


def test_team_worklist_pages_by_fifty_while_progress_counts_all(client, large_province, curation_round, team_member):
    client.force_login(team_member)
    first = client.get(reverse("curation:worklist"))
    second = client.get(reverse("curation:worklist"), {"page": 2})
    assert len(first.context["items"]) == 50 and len(second.context["items"]) == 5
    assert first.context["progress"]["total"] == 55 and first.context["progress"]["todo"] == 55
    assert "55 nominasi" in first.content.decode()


def test_score_page_refuses_out_of_scale_and_keeps_input(client, locked_nomination, team_member, curation_round):
    client.force_login(team_member)
    criteria = list(Criterion.objects.filter(aspect__round=curation_round))
    data = {f"score_{c.pk}": "4" for c in criteria} | {
        f"score_{criteria[0].pk}": "7",
        "comment": "Catatan saya",
        "submit": "1",
    }
    response = client.post(reverse("curation:score", args=[locked_nomination.pk]), data)
    assert response.status_code == 200
    html = response.content.decode()
    assert "lebih kecil dari atau sama dengan 5" in html and "Catatan saya" in html
    assert not ScoreSheet.objects.filter(status=SheetStatus.SUBMITTED).exists()


def test_member_of_another_province_gets_404(client, locked_nomination, other_province_member):
    client.force_login(other_province_member)
    assert client.get(reverse("curation:score", args=[locked_nomination.pk])).status_code == 404
    assert client.post(reverse("curation:conflict", args=[locked_nomination.pk]), {"reason": "x"}).status_code == 404
    with pytest.raises(WorkflowError):
        services.save_sheet(locked_nomination, by=other_province_member, values={}, comment="")


def test_others_scores_hidden_until_own_sheet_is_submitted(
    client, locked_nomination, team_member, chair, curation_round
):
    services.save_sheet(
        locked_nomination,
        by=chair,
        values=all_scores(curation_round, 5),
        comment="Sangat unik, layak ekspor",
        submit=True,
    )
    client.force_login(team_member)
    page = client.get(reverse("curation:score", args=[locked_nomination.pk])).content.decode()
    assert "Sangat unik, layak ekspor" not in page and "100,00" not in page
    assert "setelah Anda mengirim lembar Anda sendiri" in page
    ranking = client.get(reverse("curation:ranking")).content.decode()
    assert "100,00" not in ranking
    services.save_sheet(
        locked_nomination, by=team_member, values=all_scores(curation_round, 3), comment="", submit=True
    )
    page = client.get(reverse("curation:score", args=[locked_nomination.pk])).content.decode()
    assert "Sangat unik, layak ekspor" in page and "75,00" in page  # the mean of 100 and 50


def test_conflicted_member_cannot_score_and_counts_as_done(client, locked_nomination, team_member, curation_round):
    client.force_login(team_member)
    client.post(reverse("curation:conflict", args=[locked_nomination.pk]), {"reason": "IKM milik saudara saya"})
    sheet = ScoreSheet.objects.get(member=team_member)
    assert sheet.status == SheetStatus.CONFLICT and sheet.conflict_reason == "IKM milik saudara saya"
    with pytest.raises(WorkflowError, match="konflik kepentingan"):
        services.save_sheet(
            locked_nomination, by=team_member, values=all_scores(curation_round, 4), comment="", submit=True
        )
    worklist = client.get(reverse("curation:worklist"))
    assert worklist.context["progress"] == {"scored": 0, "conflicts": 1, "todo": 0, "total": 1, "percent": 100}


def test_worklist_shows_progress_and_next_unscored(client, curation_round, officer, team_member):
    from tests.curation.conftest import locked

    first = locked(curation_round, officer.regency, officer, business_name="A Pertama")
    second = locked(curation_round, officer.regency, officer, business_name="B Kedua")
    services.save_sheet(first, by=team_member, values=all_scores(curation_round, 4), comment="", submit=True)
    client.force_login(team_member)
    response = client.get(reverse("curation:worklist"))
    assert response.context["progress"]["scored"] == 1 and response.context["progress"]["todo"] == 1
    assert response.context["next_item"] == second
    assert reverse("curation:score", args=[second.pk]) in response.content.decode()
    filtered = client.get(reverse("curation:worklist"), {"regency": "34.02"})
    assert filtered.context["items"] == []


def test_officers_and_admins_cannot_score(client, locked_nomination, officer, admin_user):
    for user in (officer, admin_user):
        client.force_login(user)
        assert client.get(reverse("curation:score", args=[locked_nomination.pk])).status_code == 403


def test_scoring_window_closed_page_says_so(client, locked_nomination, team_member, curation_round):
    curation_round.scoring_closes = timezone.now() - timedelta(minutes=1)
    curation_round.scoring_opens = curation_round.nomination_closes + timedelta(hours=1)
    curation_round.save()
    client.force_login(team_member)
    page = client.get(reverse("curation:score", args=[locked_nomination.pk])).content.decode()
    assert "Penilaian ditutup pada" in page  # the reason of rules.may_score


def test_members_get_a_frozen_notice_on_the_score_page(client, shortlisted, chair, team_member):
    first, second = shortlisted
    services.forward_shortlist(Shortlist.objects.get(), by=chair, confirm_missing=True)
    client.force_login(team_member)
    html = client.get(reverse("curation:score", args=[first.pk])).content.decode()
    assert 'name="submit"' not in html
