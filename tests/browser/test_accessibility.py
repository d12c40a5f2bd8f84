"""axe-core (tests/browser/vendor/axe.min.js) on every page of every role, in Indonesian and in English: no WCAG 2.1
A or AA violation (contrast, names, labels, landmarks, language, ...).

The pages are the phone test's (every_page.py): a page added there is checked here too. The
laptop viewport shows the navigation bar's links (a phone folds them behind the menu button); the statistics page,
with its map, is checked on a phone as well. One browser; one context per role and language."""

import time

import pytest

from tests.factories import DEFAULT_PASSWORD

from .conftest import LAPTOP, PHONE
from .every_page import *  # noqa: F403 - the page list, the fixture of its records and the fixtures that needs

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.mark.parametrize("language", ["id", "en"])
def test_every_page_of_every_role_has_no_wcag_21_aa_violation(visitor, request, published, language):  # noqa: F811
    started, checked, problems = time.monotonic(), 0, []
    for role in ROLES:  # noqa: F405
        tab = visitor(f"axe-{role or 'public'}-{language}", viewport=LAPTOP)
        tab.context.add_cookies([{"name": "django_language", "value": language, "url": tab.base}])
        if role:
            tab.login(request.getfixturevalue(role).username, DEFAULT_PASSWORD)
        for page in pages(role, published):  # noqa: F405
            path = page if isinstance(page, str) else page[0]
            tab.page.goto(tab.base + path)
            assert tab.page.locator("html").get_attribute("lang") == language, path
            problems += [f"{role} {path}: {violation}" for violation in tab.axe_violations()]
            checked += 1
        tab.page.set_viewport_size(PHONE)
        tab.go("/reports/statistics/" if role else "/showcase/")
        problems += [f"{role} phone: {violation}" for violation in tab.axe_violations()]
    print(f"axe: {checked} pages in {language} in {time.monotonic() - started:.0f} s")
    assert problems == [], "\n".join(problems)
