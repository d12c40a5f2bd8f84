"""Every role's pages on a 390x844 phone, in Indonesian and in English: nothing scrolls sideways, every
form field has a label, no JavaScript error. (The laptop viewport is covered by the journey tests.) The pages and
their records are in every_page.py."""

import pytest

from tests.factories import DEFAULT_PASSWORD

from .conftest import PHONE
from .every_page import *  # noqa: F403 - the page list, the fixture of its records and the fixtures that needs

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.mark.parametrize("language", ["id", "en"])
@pytest.mark.parametrize("role", ROLES)  # noqa: F405
def test_pages_fit_a_phone_with_labels_and_no_errors(visitor, request, published, role, language):
    tab = visitor(f"phone-{role or 'public'}-{language}", viewport=PHONE)
    if role:
        tab.login(request.getfixturevalue(role).username, DEFAULT_PASSWORD)
    if language == "en":
        tab.go("/showcase/")
        tab.open_menu()
        tab.page.select_option("#language-select", "en")
        tab.click("#language-select ~ button")
    problems, refused = [], 0
    for number, page in enumerate(pages(role, published)):  # noqa: F405
        path, expected = (page, 200) if isinstance(page, str) else page
        response = tab.page.goto(tab.base + path)
        if response.status != expected:
            problems.append(f"{path}: HTTP {response.status}")
            continue
        refused += expected == 403
        assert tab.page.locator("html").get_attribute("lang") == language
        tab.shot(f"{number:02d}")
        if not tab.no_horizontal_scroll():
            problems.append(f"{path}: scrolls sideways")
        unlabelled = tab.unlabelled_fields()
        if unlabelled:
            problems.append(f"{path}: fields without a label: {unlabelled}")
    assert problems == []
    # The browser logs each page answered 403 as a failed load: exactly those, and nothing else, may be in the console.
    refusals = [
        e for e in tab.errors if e == "Failed to load resource: the server responded with a status of 403 (Forbidden)"
    ]
    assert len(refusals) == refused and [e for e in tab.errors if e not in refusals] == []


@pytest.mark.parametrize("language", ["id", "en"])
def test_national_decision_pages_fit_a_phone(visitor, national_round, admin_user, language):  # noqa: F405, F811
    """The decisions page of a national round (grouped per commodity, recommendations), its editable score bands
    and its national minutes."""
    award_round, _nominations = national_round
    tab = visitor(f"phone-national-{language}", viewport=PHONE)
    tab.login(admin_user.username, DEFAULT_PASSWORD)
    if language == "en":
        tab.page.context.add_cookies([{"name": "django_language", "value": "en", "url": tab.base}])
    problems = []
    for number, path in enumerate(
        [
            f"/awards/{award_round.pk}/decisions/",
            f"/awards/bands/{award_round.pk}/",
            f"/awards/minutes/{award_round.pk}/",
        ]
    ):
        response = tab.page.goto(tab.base + path)
        if response.status != 200:
            problems.append(f"{path}: HTTP {response.status}")
            continue
        assert tab.page.locator("html").get_attribute("lang") == language
        tab.shot(f"national-{number:02d}")
        if not tab.no_horizontal_scroll():
            problems.append(f"{path}: scrolls sideways")
        unlabelled = tab.unlabelled_fields()
        if unlabelled:
            problems.append(f"{path}: fields without a label: {unlabelled}")
    assert problems == [] and tab.errors == []
