"""The administrative selection in the browser: the admin adds the round's requirements, a team member checks two
nominations on a phone (one passes, one fails with a reason), the officer reads the result, and only the passed
nomination reaches the team's worklist."""

from datetime import timedelta

import pytest
from django.utils import timezone

from curation.models import AdminCheck
from curation.services import seed_default_rubric
from nominations.models import CommodityType, NominationStatus, RoundStatus
from tests.factories import DEFAULT_PASSWORD, AwardRoundFactory, NominationFactory

from .conftest import PHONE

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def selection_round(officer):
    now = timezone.now()
    award_round = AwardRoundFactory(
        status=RoundStatus.CURATION,
        admin_selection=True,
        nomination_opens=now - timedelta(days=30),
        nomination_closes=now - timedelta(days=2),
        scoring_opens=now - timedelta(days=1),
        scoring_closes=now + timedelta(days=14),
    )
    seed_default_rubric(award_round)
    food, cloth = (
        NominationFactory(
            round=award_round,
            regency=officer.regency,
            created_by=officer,
            status=NominationStatus.LOCKED,
            with_photo=True,
            business_name=name,
            commodity=CommodityType.objects.get(code=code),
            submitted_at=now - timedelta(days=3),
        )
        for name, code in (("Bakpia Kurnia", "makanan-minuman"), ("Tenun Lurik Kurnia", "kain-tenun"))
    )
    return award_round, food, cloth


def test_requirements_check_on_a_phone_and_the_officer_reads_the_result(
    visitor, selection_round, admin_user, team_member, officer
):
    award_round, food, cloth = selection_round
    admin = visitor("selection-admin")
    admin.login(admin_user.username, DEFAULT_PASSWORD)
    admin.go("/nominations/rounds/")
    admin.click(f"a[href='/curation/requirements/{award_round.pk}/']")
    admin.click("text=Tambahkan persyaratan bawaan")
    assert "Persyaratan bawaan telah ditambahkan." in admin.page.content()
    admin.shot("01-requirements")

    member = visitor("selection-member", PHONE)
    member.login(team_member.username, DEFAULT_PASSWORD)
    member.go("/curation/selection/")
    assert member.no_horizontal_scroll()
    member.shot("02-list")
    member.click(f"td a[href='/curation/selection/{cloth.pk}/'] >> nth=0")
    for box in member.page.locator("input[name=met]").all():
        box.check()
    member.click("text=Simpan hasil")
    assert "lolos seleksi administrasi" in member.page.content()
    member.click(f"td a[href='/curation/selection/{food.pk}/'] >> nth=0")
    boxes = member.page.locator("input[name=met]").all()
    assert len(boxes) == 5  # food and drink also needs PIRT/BPOM and a halal certificate
    for box in boxes:
        box.check()
    member.page.get_by_label("Sertifikat halal").uncheck()
    member.click("text=Simpan hasil")
    assert "Tuliskan alasan nominasi tidak lolos" in member.page.content()  # refused, the ticks kept
    assert not member.page.get_by_label("Sertifikat halal").is_checked()
    member.page.fill("#id_reason", "Sertifikat halal belum terbit.")
    member.click("text=Simpan hasil")
    member.shot("03-checked")
    assert AdminCheck.objects.get(nomination=cloth).passed and not AdminCheck.objects.get(nomination=food).passed

    member.go("/curation/")
    worklist = member.page.content()
    assert "Tenun Lurik Kurnia" in worklist and "Bakpia Kurnia" not in worklist

    desk = visitor("selection-officer")
    desk.login(officer.username, DEFAULT_PASSWORD)
    desk.go(f"/nominations/{food.pk}/")
    page = desk.page.content()
    assert "tidak lolos" in page and "Sertifikat halal belum terbit." in page
    desk.shot("04-officer-reads")
    assert admin.errors == member.errors == desk.errors == []
