"""Setting up a round goes through awards.services.set_up_round: one transaction that saves the round and its
commodity types (nominations), seeds the default rubric (curation) and award levels (awards), all audited."""

import pytest
from django.urls import reverse

from audit.models import AuditRecord
from awards.models import AwardLevel
from awards.services import set_up_round
from core.exceptions import WorkflowError
from curation.models import Criterion
from nominations import services as nomination_services
from nominations.models import AwardRound, CommodityType, RoundStatus
from tests.factories import AwardRoundFactory
from tests.nominations.views.test_rounds import round_data

pytestmark = pytest.mark.django_db


def new_round(**fields):
    return AwardRound(
        **{
            "name": "Penghargaan IKM OVOP 2040",
            "year": 2040,
            **{k: getattr(AwardRoundFactory.build(), k) for k in ("nomination_opens", "nomination_closes")},
            **{k: getattr(AwardRoundFactory.build(), k) for k in ("scoring_opens", "scoring_closes", "decision_date")},
            "status": RoundStatus.DRAFT,
            **fields,
        }
    )


def test_new_round_gets_commodities_rubric_and_levels_with_audit_records(admin_user):
    kinds = CommodityType.objects.filter(code__in=["kain-tenun", "makanan-minuman"])
    award_round = set_up_round(new_round(), by=admin_user, commodity_types=kinds)
    assert set(award_round.commodity_types.values_list("code", flat=True)) == {"kain-tenun", "makanan-minuman"}
    assert Criterion.objects.filter(aspect__round=award_round).count() == 11
    assert AwardLevel.objects.filter(round=award_round).count() == 3
    actions = set(AuditRecord.objects.for_object(award_round).values_list("action", flat=True))
    assert actions == {"round.created", "rubric.changed", "award_levels.seeded", "score_bands.seeded"}
    created = AuditRecord.objects.get(action="round.created")
    assert created.actor == admin_user and created.after["commodity_types"] == ["kain-tenun", "makanan-minuman"]


def test_editing_a_round_keeps_its_rubric_and_levels_and_audits_before_and_after(admin_user):
    award_round = set_up_round(new_round(), by=admin_user, commodity_types=CommodityType.objects.all())
    criteria = list(Criterion.objects.filter(aspect__round=award_round).values_list("pk", flat=True))
    award_round.name = "Penghargaan IKM OVOP 2040 (ubah)"
    set_up_round(award_round, by=admin_user, commodity_types=CommodityType.objects.filter(code="kain-tenun"))
    assert list(Criterion.objects.filter(aspect__round=award_round).values_list("pk", flat=True)) == criteria
    assert AwardLevel.objects.filter(round=award_round).count() == 3
    edited = AuditRecord.objects.get(action="round.edited")
    assert edited.before["name"] == "Penghargaan IKM OVOP 2040" and edited.after["commodity_types"] == ["kain-tenun"]


def test_round_set_up_by_a_non_admin_is_refused_and_nothing_is_stored(officer):
    with pytest.raises(WorkflowError, match="Hanya admin kementerian"):
        set_up_round(new_round(), by=officer, commodity_types=CommodityType.objects.all())
    assert not AwardRound.objects.exists() and not AuditRecord.objects.exists()


def test_closed_round_cannot_be_edited_even_by_a_stale_form(admin_user):
    award_round = AwardRoundFactory(status=RoundStatus.CLOSED)
    stale = AwardRound.objects.get(pk=award_round.pk)
    stale.status = RoundStatus.CURATION  # a form opened before the round was closed
    stale.name = "Diubah"
    with pytest.raises(WorkflowError, match="ditutup"):
        set_up_round(stale, by=admin_user)
    assert AwardRound.objects.get(pk=award_round.pk).name != "Diubah"


def test_round_form_page_creates_round_with_rubric_and_levels(client, admin_user):
    client.force_login(admin_user)
    response = client.post(reverse("nominations:round_create"), round_data())
    assert response.status_code == 302 and response.url == reverse("nominations:round_list")
    award_round = AwardRound.objects.get()
    assert award_round.aspects.exists() and award_round.award_levels.count() == 3
    assert AuditRecord.objects.filter(action="round.created", actor=admin_user).exists()


def test_round_form_page_of_a_closed_round_shows_why_not(client, admin_user):
    award_round = AwardRoundFactory(status=RoundStatus.CLOSED)
    client.force_login(admin_user)
    response = client.post(reverse("nominations:round_edit", args=[award_round.pk]), round_data(name="Diubah"))
    assert response.status_code == 200
    assert "sudah ditutup: tidak ada lagi yang dapat diubah" in response.content.decode()
    assert AwardRound.objects.get(pk=award_round.pk).name != "Diubah"


def test_commodity_type_is_saved_through_the_service_with_an_audit_record(client, admin_user):
    client.force_login(admin_user)
    response = client.post(
        reverse("nominations:commodity_create"),
        {"code": "uji-komoditas", "name_id": "Komoditas uji", "name_en": "Test", "is_active": "on", "position": "9"},
    )
    assert response.status_code == 302
    commodity = CommodityType.objects.get(code="uji-komoditas")
    record = AuditRecord.objects.for_object(commodity).get()
    assert record.action == "commodity.created" and record.actor == admin_user and record.after["name_en"] == "Test"


def test_commodity_type_edit_records_before_and_after(admin_user):
    commodity = CommodityType.objects.get(code="kain-tenun")
    commodity.name_en = "Woven cloth"
    nomination_services.save_commodity_type(commodity, by=admin_user)
    record = AuditRecord.objects.for_object(commodity).get()
    assert record.action == "commodity.edited" and record.before["name_en"] != "Woven cloth"
    assert record.after["name_en"] == "Woven cloth"


def test_commodity_type_by_a_non_admin_is_refused(team_member):
    commodity = CommodityType(code="x", name_id="X", name_en="X")
    with pytest.raises(WorkflowError):
        nomination_services.save_commodity_type(commodity, by=team_member)
    assert not CommodityType.objects.filter(code="x").exists()
