"""The rubric page of curation/views/rubric.py: weights that add up to 100%, frozen after the first submitted sheet,
audited changes, the default rubric and deleting criteria."""

from decimal import Decimal

import pytest
from django.urls import reverse

from audit.models import AuditRecord
from curation import rules, services
from curation.models import Criterion
from tests.curation.conftest import all_scores, criterion_data

pytestmark = pytest.mark.django_db


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


def test_rubric_weights_must_add_up_to_100(client, admin_user, curation_round):
    client.force_login(admin_user)
    criteria = list(Criterion.objects.filter(aspect__round=curation_round))
    data = criterion_data(criteria)
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
