"""The ministry admin's navigation bar on a 1366-wide laptop: one line in both languages, with room for one more
item; its menus open and are followed with the keyboard (and without JavaScript, being <details>)."""

import pytest

from tests.factories import DEFAULT_PASSWORD

from .conftest import LAPTOP
from .test_keyboard_only import Keyboard

pytestmark = pytest.mark.django_db(transaction=True)

ROOM_FOR_ONE_MORE = 100  # px: a further item such as "Pengguna"/"Users" (about 90)


@pytest.mark.parametrize("language", ["id", "en"])
def test_admin_navigation_keeps_to_one_line_on_a_laptop(visitor, admin_user, language):
    tab = visitor(f"nav-{language}", viewport=LAPTOP)
    tab.context.add_cookies([{"name": "django_language", "value": language, "url": tab.base}])
    tab.login(admin_user.username, DEFAULT_PASSWORD)
    tab.go("/reports/statistics/")
    tab.shot("navbar")
    layout = tab.page.evaluate(
        """() => {
             const items = [...document.querySelectorAll('#nav-main > *, #nav-main .navbar-nav > .nav-item')];
             const first = items[0].getBoundingClientRect();
             const below = items.filter(el => el.getBoundingClientRect().top >= first.bottom).length;
             const heights = [...document.querySelectorAll('#nav-main .nav-link, #nav-main .btn, #nav-main select')]
               .map(el => el.getBoundingClientRect().height);
             const list = document.querySelector('#nav-main .navbar-nav');
             const used = [...document.querySelectorAll('#nav-main > *')]
               .reduce((sum, el) => sum + el.getBoundingClientRect().width, 0);
             return {below: below, bar: document.querySelector('nav.navbar').getBoundingClientRect().height,
                     tallest: Math.max(...heights),
                     free: document.querySelector('#nav-main').getBoundingClientRect().width - used
                           + list.getBoundingClientRect().width - list.scrollWidth,
                     overflow: document.documentElement.scrollWidth > window.innerWidth};
           }"""
    )
    assert layout["below"] == 0 and layout["bar"] < 65 and layout["tallest"] < 45 and not layout["overflow"], layout
    assert layout["free"] >= ROOM_FOR_ONE_MORE, layout


def test_admin_menus_open_and_are_followed_with_the_keyboard(visitor, admin_user):
    tab = visitor("nav-keyboard", viewport=LAPTOP)
    tab.login(admin_user.username, DEFAULT_PASSWORD)
    keys = Keyboard(tab.page)
    keys.tab_to("#nav-administration summary")
    keys.page.keyboard.press("Enter")
    assert tab.page.locator("#nav-administration a[href='/audit/']").is_visible()
    keys.tab_to("#nav-administration a[href='/audit/']")
    keys.press_and_load()
    assert tab.page.url.endswith("/audit/")
    assert keys.unseen == [] and tab.errors == []
