"""The round pages of nominations/views/rounds.py: ministry admins manage award rounds and commodity types; a
closed round is edited only after an explicit, audited reopening."""

import pytest
from django.urls import reverse

from audit.models import AuditRecord
from core.exceptions import WorkflowError
from curation import services as curation
from curation.models import Shortlist
from nominations.models import AwardRound, CommodityType, RoundStatus
from tests.awards.conftest import closed_round, decision_round  # noqa: F401 - fixtures
from tests.curation.conftest import curation_round  # noqa: F401 - fixture
from tests.factories import AwardRoundFactory

pytestmark = pytest.mark.django_db


def round_data(**overrides):
    data = {
        "name": "Penghargaan IKM OVOP 2027",
        "year": "2027",
        "nomination_opens": "2027-02-01T08:00",
        "nomination_closes": "2027-04-30T23:59",
        "scoring_opens": "2027-05-02T08:00",
        "scoring_closes": "2027-06-15T23:59",
        "decision_date": "2027-07-01",
        "commodity_types": [c.pk for c in CommodityType.objects.filter(code__in=["makanan-minuman", "kain-tenun"])],
        "regency_quota": "5",
        "province_shortlist_quota": "3",
        "cohort_size": "10",
        "reevaluation_missing_rule": "decide",
    }
    data.update(overrides)
    return data


def test_admin_creates_round_then_opens_it(client, admin_user):
    client.force_login(admin_user)
    response = client.post(reverse("nominations:round_create"), round_data())
    assert response.status_code == 302
    award_round = AwardRound.objects.get()
    assert award_round.status == RoundStatus.DRAFT and award_round.commodity_types.count() == 2
    client.post(reverse("nominations:round_action", args=[award_round.pk, "open"]))
    award_round.refresh_from_db()
    assert award_round.status == RoundStatus.NOMINATION
    page = client.get(reverse("nominations:round_list")).content.decode()
    assert "Nominasi dibuka" in page and "Mulai kurasi" in page


def test_round_with_windows_out_of_order_is_refused_and_input_kept(client, admin_user):
    client.force_login(admin_user)
    response = client.post(reverse("nominations:round_create"), round_data(scoring_opens="2027-04-01T08:00"))
    assert response.status_code == 200 and not AwardRound.objects.exists()
    html = response.content.decode()
    assert "Penilaian baru dapat dibuka setelah nominasi ditutup." in html
    assert 'value="Penghargaan IKM OVOP 2027"' in html


def test_second_round_cannot_open_while_one_takes_nominations(client, admin_user, award_round):
    second = AwardRoundFactory(status=RoundStatus.DRAFT)
    client.force_login(admin_user)
    response = client.post(reverse("nominations:round_action", args=[second.pk, "open"]), follow=True)
    assert "masih menerima nominasi" in response.content.decode()
    second.refresh_from_db()
    assert second.status == RoundStatus.DRAFT


def test_curation_cannot_start_before_nominations_close(client, admin_user, award_round):
    client.force_login(admin_user)
    response = client.post(reverse("nominations:round_action", args=[award_round.pk, "curation"]), follow=True)
    assert "kurasi dapat dimulai setelahnya" in response.content.decode()


@pytest.mark.parametrize("actor", ["officer", "team_member"])
def test_only_admins_manage_rounds_and_commodities(client, request, actor, award_round):
    client.force_login(request.getfixturevalue(actor))
    for name, args in [
        ("round_list", []),
        ("round_create", []),
        ("round_edit", [award_round.pk]),
        ("commodity_list", []),
        ("commodity_create", []),
    ]:
        assert client.get(reverse(f"nominations:{name}", args=args)).status_code == 403
    assert client.post(reverse("nominations:round_action", args=[award_round.pk, "curation"])).status_code == 403


def test_admin_adds_a_commodity_type_with_both_names(client, admin_user):
    client.force_login(admin_user)
    response = client.post(
        reverse("nominations:commodity_create"),
        {
            "code": "kerajinan-kulit",
            "name_id": "Kerajinan kulit",
            "name_en": "Leather crafts",
            "is_active": "on",
            "position": "10",
        },
    )
    assert response.status_code == 302
    leather = CommodityType.objects.get(code="kerajinan-kulit")
    from django.utils import translation

    with translation.override("en"):
        assert str(leather) == "Leather crafts"
    assert str(leather) == "Kerajinan kulit"


def test_overview_counts_nominations_by_status(client, admin_user, nomination, officer):
    from nominations import services

    services.submit_nomination(nomination, by=officer)
    client.force_login(admin_user)
    response = client.get(reverse("nominations:overview"))
    award_round = response.context["rounds"][0]
    assert award_round.count_all == 1 and award_round.count_submitted == 1 and award_round.provinces == 1


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
