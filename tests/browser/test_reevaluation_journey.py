"""A re-evaluation in the browser, from the admin's choice to the changed star on the public showcase: the admin
re-evaluates the holders of the last round, the officer updates and submits the entry (outside the quota), and after
curation the admin lowers the star with a reason and publishes; the showcase shows the new current star."""

from datetime import timedelta

import pytest
from django.utils import timezone

from awards.services import seed_default_levels
from nominations.models import AwardRound, Nomination, NominationStatus, RoundStatus
from tests.awards.conftest import closed_round, decision_round  # noqa: F401 - fixtures
from tests.curation.conftest import curation_round  # noqa: F401 - fixture
from tests.factories import DEFAULT_PASSWORD, AwardRoundFactory

from .conftest import PHONE
from .test_full_journey import PHOTO

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def next_round(closed_round):  # noqa: F811
    earlier, first, _second, _third = closed_round
    year = earlier.year + 2  # the next round, two years on
    award_round = AwardRoundFactory(
        name=f"Penghargaan IKM OVOP {year} (uji)", year=year, reevaluation_skips_province=True
    )
    seed_default_levels(award_round)
    return award_round, first


def test_a_star_is_reevaluated_and_the_showcase_follows(visitor, next_round, admin_user, officer):
    award_round, first = next_round
    admin = visitor("reevaluation-admin")
    admin.login(admin_user.username, DEFAULT_PASSWORD)
    admin.go("/nominations/rounds/")
    admin.click(f"a[href='/awards/{award_round.pk}/reevaluation/']")
    assert "1 pemegang bintang dari" in admin.page.content()
    admin.click("button[name=all_of_round]")
    assert "1 evaluasi ulang dimulai" in admin.page.content()
    entry = Nomination.objects.get(round=award_round, reevaluates=first)
    admin.shot("started")

    desk = visitor("reevaluation-officer", PHONE)
    desk.login(officer.username, DEFAULT_PASSWORD)
    desk.go(f"/nominations/{entry.pk}/")
    assert first.business_name in desk.page.content()
    desk.click("a:has-text('Ubah')")
    assert desk.page.input_value("#id_product_name") == first.product_name  # started from the last nomination
    desk.page.set_input_files("#id_new_photos", [PHOTO])
    desk.click("button[name=submit]")
    assert "tidak memakai tempat dalam kuota" in desk.page.content()
    desk.click("text=Ya, ajukan")
    entry.refresh_from_db()
    assert entry.status == NominationStatus.SUBMITTED
    assert desk.no_horizontal_scroll()

    # Nominations close and curation starts; the re-evaluation skips the provincial ranking and reaches the ministry.
    now = timezone.now()
    AwardRound.objects.filter(pk=award_round.pk).update(
        nomination_closes=now - timedelta(days=3),
        scoring_opens=now - timedelta(days=2),
        scoring_closes=now - timedelta(minutes=5),
        decision_date=now.date(),
    )
    admin.go("/nominations/rounds/")
    admin.click("text=Mulai kurasi")
    assert AwardRound.objects.get(pk=award_round.pk).status == RoundStatus.CURATION
    admin.go(f"/awards/{award_round.pk}/decisions/")
    card = admin.page.locator(f"#n{entry.pk}")
    assert "Evaluasi ulang" in card.inner_text() and "Bintang 3" in card.inner_text()
    two = award_round.award_levels.get(name_id="Bintang 2")
    card.locator("select").select_option(str(two.pk))
    with admin.page.expect_navigation():
        card.locator("button[type=submit]").click()
    assert "tuliskan alasannya" in admin.page.content() or "Tuliskan alasan evaluasi ulang" in admin.page.content()
    card = admin.page.locator(f"#n{entry.pk}")
    card.locator("textarea").fill("Kapasitas produksi menurun sejak penghargaan terakhir.")
    with admin.page.expect_navigation():
        card.locator("button[type=submit]").click()
    assert "diturunkan" in admin.page.locator(f"#n{entry.pk}").inner_text()
    admin.click("text=Publikasikan hasil")
    admin.go(f"/awards/{award_round.pk}/reevaluation/")
    assert 'id="outcome-lowered">1<' in admin.page.content()

    public = visitor("reevaluation-public", PHONE)
    public.go("/showcase/")
    content = public.page.content()
    public.shot("showcase")
    assert f"Bintang saat ini: Bintang 2 ({award_round.year})" in content
    assert admin.errors == [] and desk.errors == [] and public.errors == []
