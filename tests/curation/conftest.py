"""Fixtures of the curation tests: a round in curation with the default rubric, locked nominations, scores."""

from datetime import timedelta
from types import SimpleNamespace

import pytest
from django.utils import timezone

from curation import services
from curation.models import Criterion, Shortlist, Stage
from curation.services import seed_default_rubric
from nominations.models import CommodityType, NominationStatus, RoundStatus
from tests.factories import (
    AssessorFactory,
    AwardRoundFactory,
    MinistryAdminFactory,
    NominationFactory,
    TeamMemberFactory,
)


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
    return TeamMemberFactory(username="third_member", province=diy, last_name="Anggotaketiga")  # a name no other has


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


# The national stage ------------------------------------------------------------------------------


def make_national_round(**kwargs):
    """A round in curation with a national assessment: provincial scoring closed yesterday, the national
    assessment opened an hour ago and closes in two weeks; both default rubrics (provincial and national)."""
    now = timezone.now()
    award_round = AwardRoundFactory(
        status=RoundStatus.CURATION,
        nomination_opens=now - timedelta(days=40),
        nomination_closes=now - timedelta(days=30),
        scoring_opens=now - timedelta(days=29),
        scoring_closes=now - timedelta(days=1),
        national_assessment=True,
        national_opens=now - timedelta(hours=1),
        national_closes=now + timedelta(days=14),
        decision_date=(now + timedelta(days=21)).date(),
        province_shortlist_quota=3,
        **kwargs,
    )
    seed_default_rubric(award_round)
    return award_round


@pytest.fixture
def national_round(db):
    return make_national_round()


def stage_scores(award_round, value, stage=Stage.PROVINCE, note=""):
    """Every criterion of the stage's rubric scored `value` (what a scorer of that stage posts)."""
    return {c.pk: (value, note) for c in Criterion.objects.filter(aspect__round=award_round, aspect__stage=stage)}


def score_in_province(nomination, member, value, comment="", submit=True):
    """A team member's provincial sheet, saved while the provincial window was open."""
    award_round = nomination.round
    return services.save_sheet(
        nomination,
        by=member,
        values=stage_scores(award_round, value),
        comment=comment,
        submit=submit,
        now=award_round.scoring_opens + timedelta(hours=1),
    )


def assess(nomination, assessor, value, comment="", submit=True, **kwargs):
    """An assessor's national sheet (now, in the national window)."""
    return services.save_sheet(
        nomination,
        by=assessor,
        values=stage_scores(nomination.round, value, Stage.NATIONAL),
        comment=comment,
        submit=submit,
        **kwargs,
    )


PROVINCE_COMMENT = "Catatan tim provinsi RAHASIA-PROVINSI"
NATIONAL_COMMENT = "Catatan penilai nasional RAHASIA-NASIONAL"


@pytest.fixture
def forwarded(national_round, officer, other_officer, chair, team_member, third_member, assessor, admin_user):
    """DI Yogyakarta's team scored three nominations and forwarded two of them; no national sheet yet.

    - tenun (woven fabric, Sleman) and batik (batik fabric, Bantul) are forwarded; kept_home (woven fabric, Sleman)
      was scored but not shortlisted;
    - the chair scored all three, team_member scored tenun and batik and declared a conflict on kept_home,
      third_member scored tenun only (two sheets left: blind scoring hides the team's figures from them);
    - the assessor assesses woven fabric; other_assessor woven and batik fabric.
    """
    award_round = national_round
    batik_type = CommodityType.objects.get(code="kain-batik")
    tenun = locked(award_round, officer.regency, officer, business_name="Tenun Maju")
    batik = locked(
        award_round, other_officer.regency, other_officer, business_name="Batik Lestari", commodity=batik_type
    )
    kept_home = locked(award_round, officer.regency, officer, business_name="Tenun Rumahan")
    for nomination, value in ((tenun, 5), (batik, 4), (kept_home, 3)):
        score_in_province(nomination, chair, value, comment=PROVINCE_COMMENT)
    score_in_province(tenun, team_member, 3, comment=PROVINCE_COMMENT)
    score_in_province(batik, team_member, 4)
    services.declare_conflict(
        kept_home, by=team_member, reason="Kerabat pemilik", now=award_round.scoring_opens + timedelta(hours=1)
    )
    score_in_province(tenun, third_member, 2)
    services.set_shortlist(award_round, chair.province, [tenun, batik], by=chair)
    shortlist = services.forward_shortlist(
        Shortlist.objects.get(round=award_round), by=chair, confirm_missing=True, now=award_round.scoring_closes
    )
    other_assessor = AssessorFactory(username="other_assessor", first_name="Dewi", last_name="Penilaidua")
    tenun_type = tenun.commodity
    services.assign_assessor(award_round, assessor, [tenun_type], by=admin_user)
    services.assign_assessor(award_round, other_assessor, [tenun_type, batik_type], by=admin_user)
    return SimpleNamespace(
        round=award_round,
        tenun=tenun,
        batik=batik,
        kept_home=kept_home,
        shortlist=shortlist,
        other_assessor=other_assessor,
    )


def assess_nationally(scene, assessor):
    """The assessors' national sheets on the forwarded nominations: far from the provincial figures, with a
    conflict and a draft, so that any leak into the provincial figures shows."""
    assess(scene.tenun, assessor, 1, comment=NATIONAL_COMMENT)
    assess(scene.tenun, scene.other_assessor, 2, comment=NATIONAL_COMMENT)
    services.declare_conflict(scene.batik, by=scene.other_assessor, reason="Pernah membina IKM ini")
    late = AssessorFactory(username="late_assessor", last_name="Penilaitiga")
    services.assign_assessor(scene.round, late, [scene.batik.commodity], by=MinistryAdminFactory())
    assess(scene.batik, late, 1, comment=NATIONAL_COMMENT, submit=False)
