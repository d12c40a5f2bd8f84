"""The rubric is saved through curation.services.save_rubric: the stored weights must add up to 100% (not just
the forms posted), under a lock, refused once frozen, and every change is audited."""

from decimal import Decimal

import pytest
from django.urls import reverse

from audit.models import AuditRecord
from core.exceptions import WorkflowError
from curation import rules, services
from curation.models import Criterion

from .conftest import all_scores

pytestmark = pytest.mark.django_db


def criterion_data(criteria):
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
    return data


def test_a_formset_of_one_criterion_cannot_break_the_stored_total(client, admin_user, curation_round):
    """The posted form alone says 100%; with the ten criteria not posted, the rubric would hold 188%."""
    client.force_login(admin_user)
    first = Criterion.objects.filter(aspect__round=curation_round).first()
    data = criterion_data([first])
    data["criteria-0-weight"] = "100"
    response = client.post(reverse("curation:rubric", args=[curation_round.pk]), data)
    assert response.status_code == 200 and "188" in response.content.decode()
    assert rules.total_weight(curation_round) == Decimal(100)
    assert Criterion.objects.get(pk=first.pk).weight == first.weight


def test_rubric_changes_are_audited_with_before_and_after(client, admin_user, curation_round):
    client.force_login(admin_user)
    criteria = list(Criterion.objects.filter(aspect__round=curation_round))
    data = criterion_data(criteria)
    data["criteria-0-weight"], data["criteria-1-weight"] = "20", "2"
    assert client.post(reverse("curation:rubric", args=[curation_round.pk]), data).status_code == 302
    change = AuditRecord.objects.filter(action="rubric.changed").latest("id")
    assert change.actor == admin_user
    assert [criteria[0].name_id, "12.00"] in change.before["criteria"] and [
        criteria[0].name_id,
        "20.00",
    ] in change.after["criteria"]


def test_the_service_refuses_a_frozen_rubric(curation_round, locked_nomination, team_member, admin_user):
    services.save_sheet(
        locked_nomination, by=team_member, values=all_scores(curation_round, 4), comment="", submit=True
    )
    from curation.forms import CriterionFormSet

    formset = CriterionFormSet(
        criterion_data(list(Criterion.objects.filter(aspect__round=curation_round))),
        queryset=Criterion.objects.filter(aspect__round=curation_round),
        prefix="criteria",
        award_round=curation_round,
    )
    assert formset.is_valid()
    with pytest.raises(WorkflowError, match="frozen|dibekukan"):
        services.save_rubric(curation_round, formset, by=admin_user)


def test_no_sheet_is_scored_against_an_empty_rubric(client, admin_user, curation_round, locked_nomination, team_member):
    """Deleting every aspect leaves no criterion; scoring then is refused, so the rubric is never frozen at 0%."""
    from curation.models import Aspect

    Aspect.objects.filter(round=curation_round).delete()
    with pytest.raises(WorkflowError, match="100|lengkap"):
        services.save_sheet(locked_nomination, by=team_member, values={}, comment="", submit=True)
    assert not rules.rubric_is_frozen(curation_round)


def test_the_default_rubric_button_says_so_when_aspects_exist(client, admin_user, curation_round):
    client.force_login(admin_user)
    response = client.post(reverse("curation:rubric", args=[curation_round.pk]), {"default": "1"}, follow=True)
    assert "hanya ditambahkan ke rubrik yang masih kosong" in response.content.decode()


def test_deleting_a_criterion_with_draft_scores_is_refused_with_the_reason(
    client, admin_user, curation_round, locked_nomination, team_member
):
    """The second review got a 500 (ProtectedError) deleting a criterion that a draft sheet scored."""
    services.save_sheet(locked_nomination, by=team_member, values=all_scores(curation_round, 3), comment="")  # a draft
    criteria = list(Criterion.objects.filter(aspect__round=curation_round))
    data = criterion_data(criteria)
    data["criteria-0-DELETE"], data["criteria-1-weight"] = "on", str(criteria[1].weight + criteria[0].weight)
    client.force_login(admin_user)
    response = client.post(reverse("curation:rubric", args=[curation_round.pk]), data)
    assert (
        response.status_code == 200
        and f"sudah memberi nilai draf pada {criteria[0].name_id}" in response.content.decode()
    )
    assert Criterion.objects.filter(pk=criteria[0].pk).exists()
