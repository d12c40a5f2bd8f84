"""A ministry admin invites a regency's officer on the Users page; the officer opens the link of the e-mail, sets a
password (on a phone), signs in with it and lands on their regency's nominations."""

import re

import pytest
from django.core import mail

from accounts.models import User
from tests.factories import DEFAULT_PASSWORD

from .conftest import PHONE

pytestmark = pytest.mark.django_db(transaction=True)

PASSWORD = "Gerabah-Kasongan-2026"


def test_an_invited_officer_sets_a_password_and_reaches_their_regency(visitor, admin_user):
    admin = visitor("invitation-admin")
    admin.login(admin_user.username, DEFAULT_PASSWORD)
    admin.page.click("#nav-administration summary")  # the admin's menus (templates/_navbar.html)
    admin.click("nav a[href='/accounts/users/']")
    admin.click("a[href='/accounts/users/invite/']")
    admin.page.fill("#id_first_name", "Wulan")
    admin.page.fill("#id_last_name", "Pratiwi")
    admin.page.fill("#id_email", "wulan@kulonprogokab.go.id")
    admin.page.select_option("#id_role", "officer")
    admin.page.select_option("#id_regency", "34.01")
    admin.shot("01-invite")
    admin.click("#main form.card button[type=submit]")
    invited = User.objects.get(email="wulan@kulonprogokab.go.id")
    assert admin.page.url.endswith(f"/accounts/users/{invited.pk}/")
    assert "/accounts/invitation/" not in admin.page.content()  # the link is for the invitee only
    admin.shot("02-invited")

    assert [m.to for m in mail.outbox] == [["wulan@kulonprogokab.go.id"]]
    link = re.search(r"https?://\S+/accounts/invitation/\S+", mail.outbox[0].body).group(0)
    path = link.split("/accounts/", 1)[1]

    officer = visitor("invitation-officer", PHONE)
    officer.go(f"/accounts/{path}")
    assert "/set-password/" in officer.page.url and officer.no_horizontal_scroll() and officer.unlabelled_fields() == []
    officer.shot("03-set-password")
    officer.page.fill("#id_new_password1", PASSWORD)
    officer.page.fill("#id_new_password2", PASSWORD)
    officer.click("#main form button[type=submit]")
    assert officer.page.url.endswith("/nominations/")
    officer.shot("04-signed-in")

    officer.open_menu()
    officer.click("nav form[action='/accounts/logout/'] button")
    officer.go(f"/accounts/{path}")
    assert officer.page.locator("#invitation-refused").is_visible()  # the link worked once
    officer.login("wulan@kulonprogokab.go.id", PASSWORD)
    assert officer.page.url.endswith("/nominations/")
    officer.open_menu()
    assert "Kabupaten Kulon Progo" in officer.page.locator("nav").inner_text()
    officer.shot("05-regency")
    assert admin.errors == [] and [e for e in officer.errors if "400" not in e] == []
