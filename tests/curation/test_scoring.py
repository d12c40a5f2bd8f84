"""Independent scoring: one sheet per member, scales, windows, conflicts, hidden scores."""

from datetime import timedelta

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from audit.models import AuditRecord
from core.exceptions import WorkflowError
from curation import rules, services
from curation.models import Criterion, ScoreSheet, SheetStatus

from .conftest import all_scores

pytestmark = pytest.mark.django_db


def test_default_rubric_weights_add_up_to_100(curation_round):
    assert rules.total_weight(curation_round) == 100
    assert curation_round.aspects.count() == 3 and Criterion.objects.filter(aspect__round=curation_round).count() == 11


def test_one_sheet_per_member_per_nomination(locked_nomination, team_member):
    ScoreSheet.objects.create(nomination=locked_nomination, member=team_member)
    with pytest.raises(IntegrityError), transaction.atomic():
        ScoreSheet.objects.create(nomination=locked_nomination, member=team_member)


def test_submitted_total_is_weighted_on_0_to_100(locked_nomination, team_member, curation_round):
    sheet = services.save_sheet(
        locked_nomination, by=team_member, values=all_scores(curation_round, 4), comment="Bagus", submit=True
    )
    assert sheet.status == SheetStatus.SUBMITTED and sheet.total == 75
    assert AuditRecord.objects.for_object(sheet).filter(action="sheet.submitted", actor=team_member).exists()


def test_uneven_scores_are_weighted(locked_nomination, team_member, curation_round):
    values = all_scores(curation_round, 1)
    quality = Criterion.objects.get(aspect__round=curation_round, name_en="Product quality")  # weight 12
    values[quality.pk] = (5, "")
    sheet = services.save_sheet(locked_nomination, by=team_member, values=values, comment="", submit=True)
    assert sheet.total == 12


def test_scores_outside_the_scale_are_refused(locked_nomination, team_member, curation_round):
    values = all_scores(curation_round, 4)
    first = next(iter(values))
    values[first] = (9, "")
    with pytest.raises(WorkflowError, match="antara 1 dan 5"):
        services.save_sheet(locked_nomination, by=team_member, values=values, comment="", submit=True)


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


def test_submit_needs_every_criterion(locked_nomination, team_member, curation_round):
    values = all_scores(curation_round, 4)
    values.pop(next(iter(values)))
    with pytest.raises(WorkflowError):
        services.save_sheet(locked_nomination, by=team_member, values=values, comment="", submit=True)
    draft = services.save_sheet(locked_nomination, by=team_member, values=values, comment="", submit=False)
    assert draft.status == SheetStatus.DRAFT and draft.total is None


def test_scoring_outside_the_window_is_refused(locked_nomination, team_member, curation_round):
    with pytest.raises(WorkflowError, match="ditutup"):
        services.save_sheet(
            locked_nomination,
            by=team_member,
            values=all_scores(curation_round, 4),
            comment="",
            submit=True,
            now=curation_round.scoring_closes,
        )
    with pytest.raises(WorkflowError, match="dibuka"):
        services.save_sheet(
            locked_nomination,
            by=team_member,
            values=all_scores(curation_round, 4),
            comment="",
            submit=True,
            now=curation_round.scoring_opens - timedelta(seconds=1),
        )


def test_submitted_sheet_is_final(locked_nomination, team_member, curation_round):
    """Blind scoring: the others' scores are shown once one's own sheet is in, so it cannot change afterwards."""
    services.save_sheet(
        locked_nomination, by=team_member, values=all_scores(curation_round, 4), comment="", submit=True
    )
    with pytest.raises(WorkflowError, match="final"):
        services.save_sheet(
            locked_nomination, by=team_member, values=all_scores(curation_round, 5), comment="revisi", submit=True
        )
    sheet = ScoreSheet.objects.get(nomination=locked_nomination, member=team_member)
    assert sheet.total == 75 and sheet.status == SheetStatus.SUBMITTED


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
    from .conftest import locked

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


def test_rubric_weights_must_add_up_to_100(client, admin_user, curation_round):
    client.force_login(admin_user)
    criteria = list(Criterion.objects.filter(aspect__round=curation_round))
    data = {
        "criteria-TOTAL_FORMS": str(len(criteria)),
        "criteria-INITIAL_FORMS": str(len(criteria)),
        "criteria-MIN_NUM_FORMS": "0",
        "criteria-MAX_NUM_FORMS": "1000",
        "criteria": "1",
    }
    for i, c in enumerate(criteria):
        data.update(
            {
                f"criteria-{i}-id": c.pk,
                f"criteria-{i}-aspect": c.aspect_id,
                f"criteria-{i}-name_id": c.name_id,
                f"criteria-{i}-name_en": c.name_en,
                f"criteria-{i}-guidance_id": "",
                f"criteria-{i}-guidance_en": "",
                f"criteria-{i}-weight": str(c.weight),
                f"criteria-{i}-scale_min": "1",
                f"criteria-{i}-scale_max": "5",
                f"criteria-{i}-position": c.position,
            }
        )
    data["criteria-0-weight"] = "20"  # was 12: now 108
    response = client.post(reverse("curation:rubric", args=[curation_round.pk]), data)
    assert "Jumlah bobot 108%; harus tepat 100%." in response.content.decode()
    data["criteria-1-weight"] = "2"  # design was 10: back to 100
    response = client.post(reverse("curation:rubric", args=[curation_round.pk]), data)
    assert response.status_code == 302
    assert Criterion.objects.get(pk=criteria[0].pk).weight == 20


def test_rubric_is_frozen_after_the_first_submitted_sheet(
    client, admin_user, locked_nomination, team_member, curation_round
):
    services.save_sheet(
        locked_nomination, by=team_member, values=all_scores(curation_round, 4), comment="", submit=True
    )
    client.force_login(admin_user)
    page = client.get(reverse("curation:rubric", args=[curation_round.pk])).content.decode()
    assert "Rubrik dibekukan" in page
    response = client.post(reverse("curation:rubric", args=[curation_round.pk]), {"criteria": "1"}, follow=True)
    assert "Rubrik dibekukan" in response.content.decode()


def test_officers_and_admins_cannot_score(client, locked_nomination, officer, admin_user):
    for user in (officer, admin_user):
        client.force_login(user)
        assert client.get(reverse("curation:score", args=[locked_nomination.pk])).status_code == 403


def test_no_round_in_curation_gives_a_friendly_page(client, team_member):
    client.force_login(team_member)
    response = client.get(reverse("curation:ranking"))
    assert (
        response.status_code == 200 and "Belum ada putaran penghargaan dalam tahap kurasi" in response.content.decode()
    )


def test_scoring_window_closed_page_says_so(client, locked_nomination, team_member, curation_round):
    curation_round.scoring_closes = timezone.now() - timedelta(minutes=1)
    curation_round.scoring_opens = curation_round.nomination_closes + timedelta(hours=1)
    curation_round.save()
    client.force_login(team_member)
    page = client.get(reverse("curation:score", args=[locked_nomination.pk])).content.decode()
    assert "Penilaian ditutup pada" in page  # the reason of rules.may_score
