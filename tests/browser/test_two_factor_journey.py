"""Two-factor sign-in in the browser: a ministry admin signs in with their password for the first time and must set
up an authenticator app (the test plays the app: it computes the code from the key shown on the page), keeps the
recovery codes, signs out, and signs in again with the password and a code; a wrong code is refused on the way."""

import time
from base64 import b32decode

import pytest
from django_otp.oath import totp

from accounts import two_factor
from tests.factories import DEFAULT_PASSWORD

from .conftest import PHONE

pytestmark = pytest.mark.django_db(transaction=True)


def app_code(key, after_step=-1):
    """The code an authenticator app shows for `key`; a code already used is not accepted twice, so wait for a step
    after `after_step`. Returns (code, step)."""
    while (step := int(time.time() // 30)) <= after_step:
        time.sleep((step + 1) * 30 - time.time() + 0.1)
    return f"{totp(b32decode(key)):06d}", step


def sign_in_with_password(tab, user):
    tab.go("/accounts/login/")
    tab.page.fill("#id_username", user.username)
    tab.page.fill("#id_password", DEFAULT_PASSWORD)
    tab.click("#main form button[type=submit]")


def test_admin_sets_up_two_factor_signs_out_and_signs_in_with_a_code(visitor, admin_user):
    tab = visitor("two-factor", viewport=PHONE)
    tab.page.context.add_cookies([{"name": "django_language", "value": "en", "url": tab.base}])
    sign_in_with_password(tab, admin_user)
    assert "/accounts/two-factor/setup/" in tab.page.url
    tab.go("/nominations/overview/")  # nothing else until two-factor is set up
    assert "/accounts/two-factor/setup/" in tab.page.url
    assert tab.page.locator("#two-factor-qr svg").is_visible()
    assert tab.no_horizontal_scroll() and tab.unlabelled_fields() == []
    tab.shot("setup")

    key = tab.page.inner_text("#two-factor-key").replace(" ", "")
    code, used_step = app_code(key)
    tab.page.fill("#id_code", code)
    tab.click("#main form button[type=submit]")
    assert "/accounts/two-factor/recovery-codes/" in tab.page.url
    codes = tab.page.locator("#recovery-codes li").all_inner_texts()
    assert len(codes) == 10 and len(set(codes)) == 10
    tab.shot("recovery-codes")
    tab.click("text=Continue")
    assert tab.page.url.endswith("/nominations/overview/")

    tab.go("/accounts/profile/")
    assert "10 recovery codes left" in tab.page.inner_text("#two-factor")
    tab.open_menu()
    tab.click("form[action='/accounts/logout/'] button")
    tab.go("/nominations/overview/")
    assert "/accounts/login/" in tab.page.url

    sign_in_with_password(tab, admin_user)
    assert "/accounts/two-factor/" in tab.page.url
    tab.go("/reports/export/nominations.csv")  # an export is refused too, until the code
    assert "/accounts/two-factor/" in tab.page.url
    tab.go("/nominations/overview/")
    tab.page.fill("#id_code", "000000" if app_code(key)[0] != "000000" else "111111")
    tab.click("#main form button[type=submit]")
    assert "That code is not right" in tab.page.inner_text("#main")
    tab.shot("wrong-code")
    time.sleep(1.5)  # a person reads the message and looks at the app again (a wrong code costs a wait)

    code, _step = app_code(key, after_step=used_step)
    tab.page.fill("#id_code", code)
    tab.click("#main form button[type=submit]")
    assert tab.page.url.endswith("/nominations/overview/")
    assert two_factor.recovery_codes_left(admin_user) == 10
    assert tab.errors == []
