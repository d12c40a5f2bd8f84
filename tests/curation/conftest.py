from datetime import timedelta

import pytest
from django.utils import timezone

from curation.models import Criterion
from curation.services import seed_default_rubric
from nominations.models import NominationStatus, RoundStatus
from tests.factories import AwardRoundFactory, NominationFactory, TeamMemberFactory


@pytest.fixture
def curation_round(db):
    return make_curation_round()


def make_curation_round():
    """A round in curation whose scoring window is open now, with the default OVOP rubric."""
    now = timezone.now()
    award_round = AwardRoundFactory(
        status=RoundStatus.CURATION,
        nomination_opens=now - timedelta(days=30),
        nomination_closes=now - timedelta(days=2),
        scoring_opens=now - timedelta(days=1),
        scoring_closes=now + timedelta(days=14),
        province_shortlist_quota=2,
    )
    seed_default_rubric(award_round)
    return award_round


@pytest.fixture
def third_member(diy):
    return TeamMemberFactory(username="third_member", province=diy)


def locked(award_round, regency, officer, **kwargs):
    return NominationFactory(
        round=award_round,
        regency=regency,
        created_by=officer,
        status=NominationStatus.LOCKED,
        with_photo=True,
        **kwargs,
    )


@pytest.fixture
def locked_nomination(curation_round, officer):
    return locked(curation_round, officer.regency, officer)


def all_scores(award_round, value, note=""):
    return {c.pk: (value, note) for c in Criterion.objects.filter(aspect__round=award_round)}
