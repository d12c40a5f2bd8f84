"""Browser tests: Playwright driving Debian's Chromium against pytest-django's live server.

Screenshots of each step go to screenshots/ (ignored by git) for a person to look at.
"""

import os
import shutil
from pathlib import Path

import pytest

# Playwright's sync API runs an event loop in this thread; Django would refuse ORM calls from the
# test body (fixtures, assertions) without this. The live server itself runs in its own thread.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
AXE = Path(__file__).resolve().parent / "vendor" / "axe.min.js"  # axe-core 4.14.1, see vendor/README.md
WCAG_21_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
SCREENSHOTS = Path(__file__).resolve().parents[2] / "screenshots"
PHONE = {"width": 390, "height": 844}
LAPTOP = {"width": 1366, "height": 768}


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/browser/" in str(item.fspath):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser():
    if not shutil.which(CHROMIUM) and not Path(CHROMIUM).exists():
        pytest.fail(f"Chromium not found at {CHROMIUM}: scripts/test.sh installs Debian's chromium package.")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            headless=True,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-dev-shm-usage"],
        )
        yield browser
        browser.close()


class Visitor:
    """One person's browser tab: a page plus the console errors it has seen."""

    def __init__(self, browser, live_server, viewport, name):
        self.context = browser.new_context(viewport=viewport, locale="id-ID")
        self.page = self.context.new_page()
        self.page.set_default_timeout(15000)
        self.errors = []
        self.page.on("console", lambda msg: msg.type == "error" and self.errors.append(msg.text))
        self.page.on("pageerror", lambda exc: self.errors.append(str(exc)))
        self.base = live_server.url
        self.name = name

    def go(self, path):
        self.page.goto(self.base + path)
        return self.page

    def login(self, username, password):
        """Sign in through the login page; a user whose role requires two-factor has set up an authenticator
        before (tests/two_factor.py) and types its current code on the next page, as they would."""
        from accounts import two_factor
        from accounts.models import User

        from ..two_factor import current_code, enrolled

        user = User.objects.filter(username=username).first()
        device = enrolled(user) if user and two_factor.is_required(user) else user and two_factor.authenticator(user)
        self.go("/accounts/login/")
        self.page.fill("#id_username", username)
        self.page.fill("#id_password", password)
        self.click("#main form button[type=submit]")
        if device and "/accounts/two-factor/" in self.page.url:
            self.enter_code(current_code(device))

    def enter_code(self, code):
        self.page.fill("#id_code", code)
        self.click("#main form button[type=submit]")

    def click(self, selector):
        """Click something that loads a new page, and wait until that page has loaded."""
        with self.page.expect_navigation():
            self.page.click(selector)
        return self.page

    def open_menu(self):
        """Open the phone's navigation menu and wait until it is fully open: a button clicked while the menu
        still slides may be missed, and the test then waits for a page that never comes."""
        self.page.click(".navbar-toggler")
        self.page.wait_for_selector(".navbar-collapse.show")

    def shot(self, step):
        SCREENSHOTS.mkdir(exist_ok=True)
        self.page.screenshot(path=str(SCREENSHOTS / f"{self.name}-{step}.png"), full_page=True)

    def no_horizontal_scroll(self):
        return self.page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")

    def unlabelled_fields(self):
        """Form fields with no label a screen reader could read."""
        return self.page.evaluate(
            """() => [...document.querySelectorAll('input:not([type=hidden]), select, textarea')]
                 .filter(el => !(el.labels && el.labels.length) && !el.getAttribute('aria-label'))
                 .map(el => el.name || el.id)"""
        )

    def axe_violations(self):
        """axe-core's WCAG 2.1 A and AA violations on the page as it is now: ["rule: target (summary)", ...]."""
        if not self.page.evaluate("typeof window.axe !== 'undefined'"):
            self.page.evaluate(AXE.read_text())  # not a script tag: the portal's CSP refuses inline scripts
        found = self.page.evaluate(
            """async tags => {
                 const options = {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']};
                 const result = await axe.run(document, options);
                 return result.violations.flatMap(rule => rule.nodes.map(
                   node => `${rule.id}: ${node.target.join(' ')} (${node.failureSummary.replace(/\\s+/g, ' ')})`));
               }""",
            WCAG_21_AA,
        )
        return found

    def close(self):
        self.context.close()


@pytest.fixture
def visitor(browser, live_server):
    opened = []

    def open_visitor(name, viewport=LAPTOP):
        v = Visitor(browser, live_server, viewport, name)
        opened.append(v)
        return v

    yield open_visitor
    for v in opened:
        v.close()


@pytest.fixture(autouse=True)
def page_cache_on(settings):
    """The journeys run with the private page cache on, as in production: a stale page would fail them.

    The live server runs in this process, so it shares the test's in-memory cache."""
    settings.PAGE_CACHE_SECONDS = 60
