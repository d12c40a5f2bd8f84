"""The national assessment in the browser: the ministry admin names an assessor for a commodity type, the assessor
(on a phone) finds the forwarded nominations of that type on their worklist, sees the product sample beside the
national rubric and submits a sheet; the admin reads the national score beside the provincial mean, decides with the
recommended star level in view (a different level needs a reason) and opens the national minutes."""

from datetime import timedelta

import pytest
from django.utils import timezone

from awards import services as awards_services
from awards.models import Decision
from curation import services as curation_services
from curation.models import ScoreSheet, Shortlist, Stage
from nominations.models import CommodityType
from tests.curation.conftest import locked, make_curation_round
from tests.factories import DEFAULT_PASSWORD, ProductSampleFactory

from .conftest import PHONE

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def national_round(officer, other_officer, chair, admin_user):
    """DIY forwarded two tenun nominations and a batik one; provincial scoring closed yesterday and the national
    assessment is open; the first tenun's sample has arrived."""
    award_round = make_curation_round()
    award_round.province_shortlist_quota = 3
    award_round.save()
    tenun = [
        locked(award_round, officer.regency, officer, business_name="Tenun Lurik Kurnia"),
        locked(award_round, other_officer.regency, other_officer, business_name="Tenun Ikat Sentolo"),
    ]
    batik = locked(
        award_round,
        officer.regency,
        officer,
        business_name="Batik Giriloyo",
        commodity=CommodityType.objects.get(code="kain-batik"),
    )
    for nomination, value in [(tenun[0], 4), (tenun[1], 3), (batik, 5)]:
        values = {c.pk: (value, "") for aspect in award_round.aspects.all() for c in aspect.criteria.all()}
        curation_services.save_sheet(nomination, by=chair, values=values, comment="", submit=True)
    curation_services.set_shortlist(award_round, chair.province, [*tenun, batik], by=chair)
    curation_services.forward_shortlist(Shortlist.objects.get(round=award_round), by=chair, confirm_missing=True)
    now = timezone.now()
    award_round.scoring_opens = award_round.nomination_closes
    award_round.scoring_closes = now - timedelta(days=1)
    award_round.national_assessment = True
    award_round.national_opens = now - timedelta(hours=1)
    award_round.national_closes = now + timedelta(days=20)
    award_round.decision_date = (now + timedelta(days=30)).date()
    award_round.save()
    curation_services.seed_default_rubric(award_round, stage=Stage.NATIONAL)
    ProductSampleFactory(nomination=tenun[0], recorded_by=admin_user)
    awards_services.seed_default_levels(award_round)
    awards_services.seed_default_bands(award_round)  # Bintang 3 from 85, Bintang 2 from 75, Bintang 1 from 65
    return award_round, tenun, batik


def test_admin_assigns_an_assessor_who_scores_on_a_phone(visitor, national_round, admin_user, assessor):
    award_round, tenun, batik = national_round
    admin = visitor("national-admin")
    admin.login(admin_user.username, DEFAULT_PASSWORD)
    admin.go("/nominations/rounds/")
    assert "Penilaian nasional oleh penilai komoditas" in admin.page.content()  # the round's stages
    admin.click(f"a[href='/curation/assessment/{award_round.pk}/']")
    assert "Belum ada penilai untuk:" in admin.page.content()
    admin.page.select_option("#id_assessor", str(assessor.pk))
    admin.page.get_by_role("checkbox", name="Kain tenun").check()
    admin.click("#main form button[type=submit]:text('Tugaskan')")
    assert "ditugaskan pada 1 jenis komoditas" in admin.page.content()
    admin.shot("01-assigned")

    judge = visitor("national-assessor", PHONE)
    judge.login(assessor.username, DEFAULT_PASSWORD)
    judge.go("/")
    content = judge.page.content()
    assert "Penilaian nasional" in content and "Kain tenun" in content
    assert "Tenun Lurik Kurnia" in content and "Tenun Ikat Sentolo" in content
    assert "Batik Giriloyo" not in content  # not their commodity type
    assert judge.no_horizontal_scroll()
    judge.shot("02-worklist")
    judge.click("text=Nilai nominasi berikutnya")
    content = judge.page.content()
    assert "Penilaian nasional" in content
    first = tenun[0] if "Tenun Lurik Kurnia" in judge.page.title() else tenun[1]
    if first == tenun[0]:
        assert "Diterima" in content  # the product sample, beside the national rubric
    fields = judge.page.locator("input[name^=score_]").all()
    assert len(fields) == sum(len(c) for _a, _e, c in curation_services.DEFAULT_NATIONAL_RUBRIC)
    for field in fields:
        field.fill("4")
    judge.page.fill("#id_comment", "Motif dan warna alam sangat khas.")
    judge.shot("03-score")
    judge.click("button[name=submit]")
    assert "Lembar penilaian terkirim." in judge.page.content()
    sheet = ScoreSheet.objects.get(member=assessor, nomination=first)
    assert sheet.stage == Stage.NATIONAL and sheet.total is not None
    assert judge.no_horizontal_scroll()

    admin.go(f"/curation/assessment/{award_round.pk}/")
    row = admin.page.locator("tr", has_text=first.business_name)
    cells = row.locator("td").all_inner_texts()
    assert "75,00" in cells  # four of five on every national criterion
    province_mean = ScoreSheet.objects.get(nomination=first, stage=Stage.PROVINCE).total
    assert f"{province_mean:.2f}".replace(".", ",") in cells  # the provincial mean beside it
    assert "1/2" in admin.page.content()  # the assessor's progress on kain tenun
    admin.shot("04-national-ranking")

    # The national score 75.00 reaches Bintang 2's band: the decisions page recommends it and preselects it.
    admin.click(f"a[href='/awards/{award_round.pk}/decisions/']")
    card = admin.page.locator(f"#n{first.pk}")
    assert "Bintang 2" in card.locator(".recommended").inner_text()
    bintang_3 = award_round.award_levels.get(name_id="Bintang 3")
    card.locator("select").select_option(str(bintang_3.pk))
    with admin.page.expect_navigation():
        card.locator("button[type=submit]").click()
    assert "berbeda dari rekomendasi Bintang 2: tuliskan alasannya" in admin.page.content()
    card = admin.page.locator(f"#n{first.pk}")
    assert card.locator("select").input_value() == str(bintang_3.pk)  # what was chosen is kept
    card.locator("textarea").fill("Contoh produk terbaik dari semua penilai; siap ekspor.")
    with admin.page.expect_navigation():
        card.locator("button[type=submit]").click()
    decision = Decision.objects.get(nomination=first)
    assert decision.level == bintang_3 and decision.recommended_level.name_id == "Bintang 2"
    assert "Berbeda dari rekomendasi" in admin.page.locator(f"#n{first.pk}").inner_text()
    admin.shot("05-decisions")

    admin.click(f"a[href='/awards/minutes/{award_round.pk}/']")
    minutes = admin.page.content()
    assert "BERITA ACARA PENILAIAN NASIONAL" in minutes and str(assessor) in minutes and "GAPMMI" in minutes
    assert "Contoh produk terbaik dari semua penilai" in minutes  # the reason of the differing decision
    admin.shot("06-minutes")
    assert not admin.errors and not judge.errors
