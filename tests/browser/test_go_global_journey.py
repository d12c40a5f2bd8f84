"""The Go Global selection in the browser: after publication the admin names an assessor to the expert panel, the
panel member scores the candidates (Bintang 3 and 2 holders) on a phone, the admin promotes from the ranking (passing
over a higher-ranked candidate needs a reason) and closes the selection, which tells the candidate not selected."""

import pytest

from awards import services as awards
from awards.models import CohortMembership
from curation.models import ScoreSheet, Stage
from tests.awards.conftest import decision_round  # noqa: F401 - fixture
from tests.curation.conftest import curation_round  # noqa: F401 - fixture
from tests.factories import DEFAULT_PASSWORD

from .conftest import PHONE
from .test_full_journey import sent_to

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def published(decision_round, admin_user):  # noqa: F811
    """Both forwarded nominations awarded (Bintang 3 and Bintang 2, both eligible for Go Global), results published,
    a cohort of one."""
    award_round, first, second, _third = decision_round
    awards.decide(first, level=award_round.award_levels.get(name_id="Bintang 3"), reason="Terbaik", by=admin_user)
    awards.decide(second, level=award_round.award_levels.get(name_id="Bintang 2"), reason="Baik", by=admin_user)
    awards.publish_results(award_round, by=admin_user)
    return award_round, first, second


def test_panel_scores_and_the_admin_promotes_from_the_ranking(
    visitor, published, admin_user, assessor, officer, other_officer
):
    award_round, first, second = published
    admin = visitor("go-global-admin")
    admin.login(admin_user.username, DEFAULT_PASSWORD)
    admin.go(f"/curation/go-global/{award_round.pk}/")
    admin.page.select_option("#id_assessor", str(assessor.pk))
    admin.click("button:has-text('Tunjuk ke panel')")
    assert "masuk panel Go Global" in admin.page.content()
    assert sent_to(f"Anda anggota panel Go Global {award_round.name}") == [assessor.email]

    panel = visitor("go-global-panel", PHONE)
    panel.login(assessor.username, DEFAULT_PASSWORD)
    panel.go("/curation/")
    content = panel.page.content()
    assert first.business_name in content and second.business_name in content
    for nomination, value in ((first, "2"), (second, "5")):  # the Bintang 2 holder scores higher here
        panel.go(f"/curation/nominations/{nomination.pk}/score/")
        fields = panel.page.locator("input[name^=score_]").all()
        assert len(fields) == 3  # product potential, export readiness, commitment
        for field in fields:
            field.fill(value)
        panel.click("button[name=submit]")
        assert "Lembar penilaian terkirim." in panel.page.content()
    assert panel.no_horizontal_scroll()
    panel.shot("scored")
    assert ScoreSheet.objects.filter(member=assessor, stage=Stage.GO_GLOBAL, status="submitted").count() == 2

    admin.go(f"/curation/go-global/{award_round.pk}/")
    rows = admin.page.locator("tbody tr").all_inner_texts()
    assert second.business_name in rows[0] and first.business_name in rows[1]  # ranked by Go Global score
    admin.click(f"form[action='/awards/promote/{first.pk}/'] button")
    assert "tuliskan alasan melewatinya" in admin.page.content()
    assert not CohortMembership.objects.exists()
    admin.page.fill(f"#reason-{first.pk}", "Kesiapan ekspor terbukti lewat pameran 2023.")
    admin.click(f"form[action='/awards/promote/{first.pk}/'] button")
    assert CohortMembership.objects.get().nomination == first
    admin.shot("promoted")
    admin.click("button:has-text('Tutup seleksi')")
    assert sent_to(f"{second}: hasil seleksi Go Global") == [other_officer.email]
    assert sent_to(f"{first}: hasil seleksi Go Global") == []
    admin.shot("closed")
    assert admin.errors == [] and panel.errors == []
