from datetime import timedelta

import pytest
from django.utils import timezone

from accounts.models import User
from awards import services as awards_services
from awards.services import seed_default_bands, seed_default_levels
from curation import services as curation_services
from curation.models import Criterion, Shortlist, Stage
from nominations import services as nomination_services
from nominations.models import AwardRound, CommodityType
from tests.curation.conftest import (  # noqa: F401 - shared fixtures
    all_scores,
    curation_round,  # noqa: F401
    locked,
)
from tests.factories import UserFactory


@pytest.fixture
def decision_round(curation_round, officer, other_officer, chair, team_member):
    """A round whose scoring has closed, with DIY's shortlist (two nominations) forwarded, and one
    locked nomination that was not shortlisted."""
    seed_default_levels(curation_round)
    first = locked(curation_round, officer.regency, officer, business_name="Tenun Lurik Kurnia")
    second = locked(curation_round, other_officer.regency, other_officer, business_name="Batik Giriloyo")
    third = locked(curation_round, officer.regency, officer, business_name="Tidak Terpilih")
    for nomination, value in [(first, 5), (second, 4), (third, 2)]:
        curation_services.save_sheet(
            nomination, by=chair, values=all_scores(curation_round, value), comment="", submit=True
        )
    curation_services.set_shortlist(curation_round, chair.province, [first, second], by=chair)
    curation_services.forward_shortlist(Shortlist.objects.get(round=curation_round), by=chair, confirm_missing=True)
    curation_round.scoring_closes = timezone.now() - timedelta(minutes=1)
    curation_round.scoring_opens = curation_round.nomination_closes + timedelta(hours=1)
    curation_round.save()
    curation_round.cohort_size = 1
    curation_round.save()
    return curation_round, first, second, third


def level(award_round, name="Bintang 3"):
    return award_round.award_levels.get(name_id=name)


def decide_all(award_round, first, second, admin_user):
    """The decision round's first nomination gets Bintang 3, the second is not awarded."""
    awards_services.decide(first, level=level(award_round), reason="Terbaik nasional", by=admin_user)
    awards_services.decide(second, level=None, reason="Belum siap ekspor", by=admin_user)


@pytest.fixture
def closed_round(decision_round, admin_user):
    award_round, first, second, third = decision_round
    awards_services.decide(first, level=award_round.award_levels.get(rank=1), reason="Terbaik", by=admin_user)
    awards_services.decide(second, level=None, reason="Belum siap", by=admin_user)
    awards_services.publish_results(award_round, by=admin_user)
    nomination_services.close_round(award_round, by=admin_user)
    award_round.refresh_from_db()
    return award_round, first, second, third


@pytest.fixture
def promoted(decision_round, admin_user):
    """The decision round published: its first nomination awarded and promoted to the Go Global cohort."""
    award_round, first, second, third = decision_round
    decide_all(award_round, first, second, admin_user)
    awards_services.publish_results(award_round, by=admin_user)
    return awards_services.promote(first, by=admin_user)


# National assessment -----------------------------------------------------------------------------------------


@pytest.fixture
def assessor(db):
    return UserFactory(
        username="assessor",
        role=User.Role.ASSESSOR,
        first_name="Rina",
        last_name="Wulandari",
        organisation="Yayasan Batik Indonesia",
    )


@pytest.fixture
def other_assessor(db):
    return UserFactory(
        username="other_assessor",
        role=User.Role.ASSESSOR,
        first_name="Budi",
        last_name="Santoso",
        organisation="GAPMMI",
    )


def national_scores(award_round, value):
    criteria = Criterion.objects.filter(aspect__round=award_round, aspect__stage=Stage.NATIONAL)
    return {c.pk: (value, "") for c in criteria}


def open_national_assessment(award_round):
    """Provincial scoring closed an hour ago; the national assessment opened since and runs for a week."""
    now = timezone.now()
    AwardRound.objects.filter(pk=award_round.pk).update(
        national_assessment=True,
        scoring_closes=now - timedelta(hours=2),
        national_opens=now - timedelta(hours=1),
        national_closes=now + timedelta(days=7),
    )
    award_round.refresh_from_db()
    curation_services.seed_default_rubric(award_round, stage=Stage.NATIONAL)
    return award_round


@pytest.fixture
def national_round(curation_round, officer, other_officer, chair, admin_user, assessor, other_assessor):
    """A round with a national assessment, default levels and bands (Bintang 3 ≥ 85, 2 ≥ 75, 1 ≥ 65); DIY forwarded
    three nominations, national scores (provincial means in brackets):

    - Tenun Unggul (kain tenun): 100 (75) → Bintang 3;
    - Tenun Kedua (kain tenun): 75 (100), exactly at Bintang 2's threshold;
    - Batik Biasa (kain batik): 50 (50) → not awarded; Budi Santoso declared a conflict on it.

    Rina Wulandari (Yayasan Batik Indonesia) assesses both commodity types, Budi Santoso (GAPMMI) kain batik.
    """
    award_round = curation_round
    seed_default_levels(award_round)
    seed_default_bands(award_round)
    tenun = CommodityType.objects.get(code="kain-tenun")
    batik = CommodityType.objects.get(code="kain-batik")
    award_round.province_shortlist_quota = 3
    award_round.save()
    nominations = {
        "top": locked(award_round, officer.regency, officer, business_name="Tenun Unggul", commodity=tenun),
        "second": locked(
            award_round, other_officer.regency, other_officer, business_name="Tenun Kedua", commodity=tenun
        ),
        "batik": locked(award_round, officer.regency, officer, business_name="Batik Biasa", commodity=batik),
    }
    for key, value in (("top", 4), ("second", 5), ("batik", 3)):
        curation_services.save_sheet(
            nominations[key], by=chair, values=all_scores(award_round, value), comment="", submit=True
        )
    curation_services.set_shortlist(award_round, chair.province, list(nominations.values()), by=chair)
    curation_services.forward_shortlist(Shortlist.objects.get(round=award_round), by=chair, confirm_missing=True)
    open_national_assessment(award_round)
    curation_services.assign_assessor(award_round, assessor, [tenun, batik], by=admin_user)
    curation_services.assign_assessor(award_round, other_assessor, [batik], by=admin_user)
    for key, value in (("top", 5), ("second", 4), ("batik", 3)):
        curation_services.save_sheet(
            nominations[key], by=assessor, values=national_scores(award_round, value), comment="", submit=True
        )
    curation_services.declare_conflict(nominations["batik"], by=other_assessor, reason="Kerabat pemilik usaha")
    return award_round, nominations
