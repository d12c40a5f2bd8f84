"""The scoring pages of curation/views/scoring.py: the team's worklist and the score sheet; who may score, when, and
what a member sees of the others' figures."""

from datetime import timedelta
from decimal import Decimal

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


def criterion_fieldset(html, criterion):
    """The HTML of one criterion's fieldset on the score page."""
    start = html.index(f'id="criterion-{criterion.pk}"')
    return html[start : html.index("</fieldset>", start)]


def test_each_criterion_groups_its_guidance_with_its_own_fields(client, locked_nomination, team_member, curation_round):
    criteria = list(Criterion.objects.filter(aspect__round=curation_round).order_by("aspect__position", "position"))
    first, second = criteria[0], criteria[1]
    first.guidance_id = "Panduan kriteria pertama"
    first.save()
    client.force_login(team_member)
    html = client.get(reverse("curation:score", args=[locked_nomination.pk])).content.decode()
    group = criterion_fieldset(html, first)
    assert "<legend" in group and first.name_id in group
    assert f'aria-describedby="guidance_{first.pk}"' in group  # the group is described by its guidance
    assert f'<p class="small text-muted mb-2" id="guidance_{first.pk}">Panduan kriteria pertama</p>' in group
    assert f'name="score_{first.pk}"' in group and f'name="note_{first.pk}"' in group
    assert f'aria-describedby="guidance_{first.pk} id_score_{first.pk}_helptext"' in group  # and so is its field
    assert "Panduan kriteria pertama" not in criterion_fieldset(html, second)


def test_member_sees_their_own_saved_total_beside_the_live_one(
    client, locked_nomination, team_member, chair, curation_round
):
    services.save_sheet(locked_nomination, by=chair, values=all_scores(curation_round, 1), comment="", submit=True)
    client.force_login(team_member)
    url = reverse("curation:score", args=[locked_nomination.pk])
    assert client.get(url).context["own_total"] is None  # nothing saved yet; the chair's sheet is not shown
    criteria = list(Criterion.objects.filter(aspect__round=curation_round))
    client.post(url, {f"score_{c.pk}": "4" for c in criteria} | {"save": "1"})
    response = client.get(url)
    sheet = ScoreSheet.objects.get(member=team_member)
    expected = services.weighted_total(sheet.scores.all())
    assert sheet.status == SheetStatus.DRAFT and expected == Decimal("75.00")  # 4 on 1-5 everywhere
    assert response.context["own_total"] == expected
    html = response.content.decode()
    assert "<strong data-saved-total>75,00</strong>" in html
    assert "data-live-total hidden" in html and 'aria-live="polite"' in html
    assert f'name="score_{criteria[0].pk}" value="4"' in html


def test_score_errors_are_summarised_by_criterion_and_linked(client, locked_nomination, team_member, curation_round):
    client.force_login(team_member)
    criterion = Criterion.objects.filter(aspect__round=curation_round).first()
    response = client.post(
        reverse("curation:score", args=[locked_nomination.pk]), {f"score_{criterion.pk}": "9", "save": "1"}
    )
    html = response.content.decode()
    summary = html[html.index("data-error-summary") : html.index("</ul>", html.index("data-error-summary"))]
    assert f'<a href="#id_score_{criterion.pk}" class="alert-link">{criterion.name_id}: ' in summary
    assert f'id="id_score_{criterion.pk}"' in html
