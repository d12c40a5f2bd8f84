"""Fixtures of the curation tests: a round in curation with the default rubric, locked nominations, scores."""

from datetime import timedelta

import pytest
from django.utils import timezone

from curation import services
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


@pytest.fixture
def scored(curation_round, officer, other_officer, team_member, chair):
    """A: 100 and 50; B: 75 and 75 (submitted after A); C: 25 and a conflict. A and B tie on mean and count."""
    a = locked(curation_round, officer.regency, officer, business_name="A Tenun")
    b = locked(
        curation_round,
        other_officer.regency,
        other_officer,
        business_name="B Batik",
        commodity=a.commodity.__class__.objects.get(code="kain-batik"),
    )
    c = locked(curation_round, officer.regency, officer, business_name="C Gerabah")
    for nomination, chair_value, member_value in [(a, 5, 3), (b, 4, 4)]:
        services.save_sheet(
            nomination, by=chair, values=all_scores(curation_round, chair_value), comment="", submit=True
        )
        services.save_sheet(
            nomination, by=team_member, values=all_scores(curation_round, member_value), comment="", submit=True
        )
    services.save_sheet(c, by=chair, values=all_scores(curation_round, 2), comment="", submit=True)
    services.declare_conflict(c, by=team_member, reason="Kerabat pemilik")
    return a, b, c


@pytest.fixture
def large_province(curation_round, officer, chair):
    """55 nominations in curation in DI Yogyakarta, each scored by the chair (IKM 00 lowest, IKM 54 highest)."""
    curation_round.province_shortlist_quota = 3
    curation_round.save()
    nominations = [locked(curation_round, officer.regency, officer, business_name=f"IKM {i:02d}") for i in range(55)]
    for index, nomination in enumerate(nominations):
        services.save_sheet(
            nomination, by=chair, values=all_scores(curation_round, 1 + index * 4 // 55), comment="", submit=True
        )
    return nominations


def criterion_data(criteria):
    data = {
        "criteria-TOTAL_FORMS": str(len(criteria)),
        "criteria-INITIAL_FORMS": str(len(criteria)),
        "criteria-MIN_NUM_FORMS": "0",
        "criteria-MAX_NUM_FORMS": "1000",
        "criteria": "1",
    }
    for i, c in enumerate(criteria):
        data.update(
            {
                f"criteria-{i}-id": c.pk,
                f"criteria-{i}-aspect": c.aspect_id,
                f"criteria-{i}-name_id": c.name_id,
                f"criteria-{i}-name_en": c.name_en,
                f"criteria-{i}-guidance_id": "",
                f"criteria-{i}-guidance_en": "",
                f"criteria-{i}-weight": str(c.weight),
                f"criteria-{i}-scale_min": "1",
                f"criteria-{i}-scale_max": "5",
                f"criteria-{i}-position": c.position,
            }
        )
    return data


@pytest.fixture
def shortlisted(curation_round, officer, other_officer, chair, team_member):
    """Two nominations; the chair scored both, team_member only the second; the chair shortlisted the first."""
    first = locked(curation_round, officer.regency, officer, business_name="Tenun Pertama")
    second = locked(curation_round, other_officer.regency, other_officer, business_name="Batik Kedua")
    services.save_sheet(first, by=chair, values=all_scores(curation_round, 5), comment="", submit=True)
    services.save_sheet(second, by=chair, values=all_scores(curation_round, 4), comment="", submit=True)
    services.save_sheet(second, by=team_member, values=all_scores(curation_round, 1), comment="", submit=True)
    services.set_shortlist(curation_round, chair.province, [first], by=chair)
    return first, second
