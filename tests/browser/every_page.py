"""Every page of every role, with the records they show: the phone test (test_every_page_on_a_phone.py) and the
accessibility test (test_accessibility.py) visit the same list. Add a new page to `pages`; a fixture `published`
needs goes into `__all__` so that both tests see it."""

import pytest

from awards import services as awards
from curation import services as curation
from curation.models import Shortlist
from nominations.models import Interest
from tests.awards.conftest import (  # noqa: F401 - fixtures
    assessor,
    decision_round,
    national_round,
    other_assessor,
)
from tests.curation.conftest import assess, curation_round, locked, make_national_round  # noqa: F401 - fixture
from tests.factories import AssessorFactory, AwardRoundFactory, NotificationFactory, ProductSampleFactory

__all__ = [
    "ROLES",
    "assessor",
    "curation_round",
    "decision_round",
    "national_round",
    "other_assessor",
    "pages",
    "published",
]
ROLES = [None, "officer", "chair", "team_member", "assessor", "admin_user"]


def national_assessment(officer, chair, assessor, admin_user):
    """A round of an earlier year in its national assessment: DIY forwarded two nominations; the assessor and a
    colleague assess woven fabric, the colleague has submitted a sheet."""
    award_round = make_national_round(year=2025)
    forwarded = [locked(award_round, officer.regency, officer, business_name=f"Tenun Nasional {i}") for i in (1, 2)]
    curation.set_shortlist(award_round, chair.province, forwarded, by=chair)
    curation.forward_shortlist(Shortlist.objects.get(round=award_round), by=chair, confirm_missing=True)
    colleague = AssessorFactory(username="colleague", organisation="Asosiasi Pertenunan Indonesia")
    curation.assign_assessor(award_round, assessor, [forwarded[0].commodity], by=admin_user)
    curation.assign_assessor(award_round, colleague, [forwarded[0].commodity], by=admin_user)
    assess(forwarded[0], colleague, 4, comment="Motif khas, mutu konsisten")
    ProductSampleFactory(nomination=forwarded[0])
    return award_round, forwarded[0]


@pytest.fixture
def published(decision_round, admin_user, officer, chair, assessor):  # noqa: F811
    national_round, assessed = national_assessment(officer, chair, assessor, admin_user)
    award_round, first, second, third = decision_round
    awards.decide(first, level=award_round.award_levels.get(rank=1), reason="Terbaik", by=admin_user)
    awards.decide(second, level=None, reason="Belum siap", by=admin_user)
    awards.publish_results(award_round, by=admin_user)
    membership = awards.promote(first, by=admin_user)
    AwardRoundFactory()  # a round taking nominations, for the officer's forms
    interest = Interest.objects.create(
        nib="3404012345678",
        business_name="Gerabah Kasongan Lestari",
        product_name="Guci",
        commodity=first.commodity,
        regency=first.regency,
        contact_name="Sri",
        email="sri@kasongan.example",
    )
    # An e-mail that failed after its retries, for the outbox page's list of failed ones (with a long error).
    NotificationFactory(
        recipient=officer,
        status="failed",
        attempts=7,
        error="SMTPRecipientsRefused: {'sri.lestari.panjang@kabupaten-sleman.example': (550, b'5.1.1 no mailbox')}",
    )
    return {
        "interest": interest.pk,
        "round": award_round.pk,
        "first": first.pk,
        "membership": membership.pk,
        "shortlist": Shortlist.objects.get(round=award_round).pk,
        "national_round": national_round.pk,
        "assessed": assessed.pk,
        "user": officer.pk,
    }


def pages(role, ids):
    return {
        None: ["/accounts/login/", "/accounts/password_reset/", "/showcase/", "/ovop/", "/ovop/sent/"],
        "officer": [
            "/nominations/",
            f"/nominations/{ids['first']}/",
            "/nominations/new/",
            "/nominations/import/",
            "/nominations/interests/",
            f"/nominations/interests/{ids['interest']}/",
            f"/nominations/interests/{ids['interest']}/decline/",
            "/reports/statistics/",
            "/notifications/",
            f"/awards/cohort/{ids['membership']}/",
            "/accounts/profile/",
            "/accounts/password_change/",
            "/accounts/two-factor/setup/",
        ],
        "chair": [
            "/curation/",
            f"/curation/ranking/?round={ids['round']}",
            f"/curation/calibration/?round={ids['round']}",
            f"/curation/nominations/{ids['first']}/score/",
            f"/curation/shortlist/{ids['shortlist']}/minutes/",
            "/reports/statistics/",
        ],
        # A member who has not scored: the ranking and calibration say why they are hidden (blind scoring).
        "team_member": [
            "/curation/",
            (f"/curation/ranking/?round={ids['round']}", 403),
            (f"/curation/calibration/?round={ids['round']}", 403),
            f"/curation/nominations/{ids['first']}/score/",
        ],
        # A national assessor: their worklist, a score sheet beside the nomination and its product sample.
        "assessor": [
            "/curation/",
            f"/curation/nominations/{ids['assessed']}/score/",
            f"/curation/nominations/{ids['assessed']}/conflict/",
            f"/nominations/{ids['assessed']}/",
            "/nominations/",
        ],
        "admin_user": [
            f"/curation/assessment/{ids['national_round']}/",
            f"/curation/rubric/{ids['national_round']}/?stage=national",
            f"/curation/go-global/{ids['national_round']}/",
            f"/curation/rubric/{ids['national_round']}/?stage=go_global",
            "/nominations/overview/",
            f"/nominations/rounds/{ids['round']}/reopen/",
            f"/curation/shortlist/{ids['shortlist']}/reopen/",
            "/nominations/rounds/",
            "/nominations/rounds/new/",
            f"/curation/rubric/{ids['round']}/",
            f"/curation/requirements/{ids['round']}/",
            f"/curation/national/?round={ids['round']}",
            f"/curation/nominations/{ids['first']}/sheets/",
            f"/awards/{ids['round']}/decisions/",
            f"/awards/bands/{ids['round']}/",
            f"/awards/{ids['round']}/reevaluation/",
            f"/awards/{ids['round']}/cohort/",
            f"/awards/cohort/{ids['membership']}/",
            f"/reports/statistics/?round={ids['round']}",
            "/awards/register/",
            "/audit/",
            "/notifications/outbox/",
            "/nominations/commodities/",
            f"/nominations/samples/?round={ids['round']}",
            f"/nominations/{ids['first']}/sample/",
            "/nominations/",
            "/accounts/users/",
            f"/accounts/users/{ids['user']}/",
            "/accounts/users/invite/",
            "/accounts/users/import/",
            "/accounts/users/coverage/",
            "/accounts/profile/",
            "/accounts/two-factor/recovery-codes/",
            "/accounts/two-factor/setup/",
            "/accounts/two-factor/disable/",
            "/accounts/two-factor/reset/",
        ],
    }[role]
