"""Closed rounds stay closed: every service refuses changes to them, the pages offer none, and only a
ministry admin's explicit, audited reopening allows them again."""

import pytest
from django.urls import reverse

from audit.models import AuditRecord
from awards import services as awards
from core.exceptions import WorkflowError
from curation import services as curation
from curation.models import Shortlist
from nominations import services
from nominations.models import RoundStatus
from tests.awards.conftest import decision_round  # noqa: F401 - fixture
from tests.curation.conftest import all_scores, curation_round  # noqa: F401 - fixture

pytestmark = pytest.mark.django_db


@pytest.fixture
def closed_round(decision_round, admin_user):
    award_round, first, second, third = decision_round
    awards.decide(first, level=award_round.award_levels.get(rank=1), reason="Terbaik", by=admin_user)
    awards.decide(second, level=None, reason="Belum siap", by=admin_user)
    awards.publish_results(award_round, by=admin_user)
    services.close_round(award_round, by=admin_user)
    award_round.refresh_from_db()
    return award_round, first, second, third


def test_every_service_refuses_changes_to_a_closed_round(closed_round, admin_user, chair, team_member, officer):
    award_round, first, second, third = closed_round
    shortlist = Shortlist.objects.get()
    attempts = [
        lambda: curation.reopen_shortlist(shortlist, by=admin_user, reason="Ubah"),
        lambda: curation.set_shortlist(award_round, chair.province, [first], by=chair),
        lambda: curation.save_sheet(third, by=team_member, values=all_scores(award_round, 3), comment="", submit=True),
        lambda: curation.declare_conflict(third, by=team_member, reason="Kerabat"),
        lambda: curation.check_rubric_editable(award_round, by=admin_user),
        lambda: awards.decide(first, level=None, reason="Ubah", by=admin_user),
        lambda: awards.promote(first, by=admin_user),
        lambda: services.save_round(award_round, by=admin_user),
        lambda: services.save_nomination(first, by=officer, expected_version=first.version),
    ]
    for attempt in attempts:
        with pytest.raises(WorkflowError):
            attempt()
    assert Shortlist.objects.get().is_forwarded


def test_the_national_page_of_a_closed_round_offers_no_reopen(client, closed_round, admin_user):
    award_round = closed_round[0]
    client.force_login(admin_user)
    html = client.get(reverse("curation:national"), {"round": award_round.pk}).content.decode()
    assert reverse("curation:shortlist_reopen", args=[Shortlist.objects.get().pk]) not in html
    response = client.post(
        reverse("curation:shortlist_reopen", args=[Shortlist.objects.get().pk]), {"reason": "Ubah"}, follow=True
    )
    assert Shortlist.objects.get().is_forwarded and "ditutup" in response.content.decode()


def test_round_edit_of_a_closed_round_is_refused_with_the_reason(client, closed_round, admin_user):
    award_round = closed_round[0]
    client.force_login(admin_user)
    page = client.get(reverse("nominations:round_edit", args=[award_round.pk]))
    data = {field.name: field.value() for field in page.context["form"] if field.value() is not None}
    data["name"] = "Nama baru"
    data["commodity_types"] = [c.pk for c in award_round.commodity_types.all()]
    response = client.post(reverse("nominations:round_edit", args=[award_round.pk]), data)
    award_round.refresh_from_db()
    assert award_round.name != "Nama baru" and "ditutup" in response.content.decode()


def test_admin_reopens_a_closed_round_with_a_reason(client, closed_round, admin_user, chair):
    award_round = closed_round[0]
    client.force_login(admin_user)
    client.post(reverse("nominations:round_reopen", args=[award_round.pk]), {"reason": ""})
    award_round.refresh_from_db()
    assert award_round.status == RoundStatus.CLOSED
    client.post(reverse("nominations:round_reopen", args=[award_round.pk]), {"reason": "Koreksi berita acara"})
    award_round.refresh_from_db()
    assert award_round.status == RoundStatus.CURATION
    assert AuditRecord.objects.get(action="round.reopened").reason == "Koreksi berita acara"
    with pytest.raises(WorkflowError):  # published results stay published: the shortlists behind them too
        curation.reopen_shortlist(Shortlist.objects.get(), by=admin_user, reason="Ubah")


def test_a_refused_forward_in_a_closed_round_creates_no_shortlist(client, closed_round, jabar):
    from tests.factories import TeamMemberFactory

    award_round = closed_round[0]
    jabar_chair = TeamMemberFactory(province=jabar, is_team_chair=True)
    client.force_login(jabar_chair)
    client.post(f"{reverse('curation:shortlist_forward')}?round={award_round.pk}")
    assert not Shortlist.objects.filter(province=jabar).exists()


def test_the_django_admin_changes_no_round_or_nomination(client, closed_round, admin_user):
    """The review renamed the closed 2022 round and a nomination through /admin/ with no audit record."""
    award_round, first, second, third = closed_round
    client.force_login(admin_user)
    for model, obj in (("awardround", award_round), ("nomination", first)):
        url = reverse(f"admin:nominations_{model}_change", args=[obj.pk])
        assert client.get(url).status_code == 200  # readable
        assert client.post(url, {"name": "Diubah", "business_name": "Diubah"}).status_code == 403
    award_round.refresh_from_db()
    first.refresh_from_db()
    assert award_round.name != "Diubah" and first.business_name != "Diubah"
