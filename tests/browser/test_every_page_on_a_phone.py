"""Every role's pages on a 390x844 phone, in Indonesian and in English: nothing scrolls sideways, every
form field has a label, no JavaScript error. (The laptop viewport is covered by the journey tests.)"""
import pytest

from awards import services as awards
from curation.models import Shortlist
from tests.awards.conftest import decision_round  # noqa: F401 - fixture
from tests.curation.conftest import curation_round  # noqa: F401 - fixture
from tests.factories import DEFAULT_PASSWORD, AwardRoundFactory

from .conftest import PHONE

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def published(decision_round, admin_user):  # noqa: F811
    award_round, first, second, third = decision_round
    awards.decide(first, level=award_round.award_levels.get(rank=1), reason="Terbaik", by=admin_user)
    awards.decide(second, level=None, reason="Belum siap", by=admin_user)
    awards.publish_results(award_round, by=admin_user)
    membership = awards.promote(first, by=admin_user)
    AwardRoundFactory()  # a round taking nominations, for the officer's forms
    return {"round": award_round.pk, "first": first.pk, "membership": membership.pk, "shortlist": Shortlist.objects.get().pk}


def pages(role, ids):
    return {
        None: ["/accounts/login/", "/accounts/password_reset/", "/showcase/"],
        "officer": ["/nominations/", f"/nominations/{ids['first']}/", "/nominations/new/", "/nominations/import/",
                    "/reports/statistics/", "/notifications/", f"/awards/cohort/{ids['membership']}/", "/accounts/profile/", "/accounts/password_change/"],
        "chair": ["/curation/", f"/curation/ranking/?round={ids['round']}", f"/curation/calibration/?round={ids['round']}",
                  f"/curation/nominations/{ids['first']}/score/", f"/curation/shortlist/{ids['shortlist']}/minutes/", "/reports/statistics/"],
        "admin_user": ["/nominations/overview/", "/nominations/rounds/", "/nominations/rounds/new/", f"/curation/rubric/{ids['round']}/",
                       f"/curation/national/?round={ids['round']}", f"/curation/nominations/{ids['first']}/sheets/",
                       f"/awards/{ids['round']}/decisions/", f"/awards/{ids['round']}/cohort/", f"/awards/cohort/{ids['membership']}/",
                       f"/reports/statistics/?round={ids['round']}", "/audit/", "/notifications/outbox/", "/nominations/commodities/", "/nominations/"],
    }[role]


@pytest.mark.parametrize("language", ["id", "en"])
@pytest.mark.parametrize("role", [None, "officer", "chair", "admin_user"])
def test_pages_fit_a_phone_with_labels_and_no_errors(visitor, request, published, role, language):
    tab = visitor(f"phone-{role or 'public'}-{language}", viewport=PHONE)
    if role:
        tab.login(request.getfixturevalue(role).username, DEFAULT_PASSWORD)
    if language == "en":
        tab.go("/showcase/")
        tab.page.click(".navbar-toggler")
        tab.page.select_option("#language-select", "en")
        tab.click("#language-select ~ button")
    problems = []
    for number, path in enumerate(pages(role, published)):
        response = tab.page.goto(tab.base + path)
        if response.status != 200:
            problems.append(f"{path}: HTTP {response.status}")
            continue
        assert tab.page.locator("html").get_attribute("lang") == language
        tab.shot(f"{number:02d}")
        if not tab.no_horizontal_scroll():
            problems.append(f"{path}: scrolls sideways")
        unlabelled = tab.unlabelled_fields()
        if unlabelled:
            problems.append(f"{path}: fields without a label: {unlabelled}")
    assert problems == []
    assert tab.errors == []
