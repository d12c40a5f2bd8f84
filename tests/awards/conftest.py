from datetime import timedelta

import pytest
from django.utils import timezone

from awards import services as awards_services
from awards.services import seed_default_levels
from curation import services as curation_services
from curation.models import Shortlist
from nominations import services as nomination_services
from tests.curation.conftest import (  # noqa: F401 - shared fixtures
    all_scores,
    curation_round,  # noqa: F401
    locked,
)


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
