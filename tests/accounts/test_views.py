import re
from datetime import timedelta

import pytest
from django.conf import settings
from django.core import mail
from django.urls import reverse
from freezegun import freeze_time

from tests.factories import DEFAULT_PASSWORD, OfficerFactory
from tests.two_factor import current_code, enrolled

pytestmark = pytest.mark.django_db


def login(client, user):
    return client.post(reverse("login"), {"username": user.username, "password": DEFAULT_PASSWORD}, follow=True)


def test_anonymous_is_sent_to_login(client):
    response = client.get(reverse("home"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


@pytest.mark.parametrize(
    "actor, home",
    [("officer", "nominations:list"), ("team_member", "curation:worklist"), ("admin_user", "nominations:overview")],
)
def test_each_role_lands_on_its_own_home(client, request, actor, home):
    user = request.getfixturevalue(actor)
    response = login(client, user)
    if user.is_ministry_admin:  # the second step, with the authenticator app set up before
        assert response.redirect_chain[-1][0].startswith(reverse("accounts:two_factor_setup"))
        device = enrolled(user)
        response = client.post(reverse("accounts:two_factor_verify"), {"code": current_code(device)}, follow=True)
    assert response.redirect_chain[-1][0] == reverse(home)
    assert response.status_code == 200


def test_officer_home_names_their_regency(client, officer):
    response = login(client, officer)
    assert "Kabupaten Sleman" in response.content.decode()


def test_team_home_names_their_province(client, team_member):
    response = login(client, team_member)
    assert "Daerah Istimewa Yogyakarta" in response.content.decode()


@pytest.mark.parametrize(
    "actor, forbidden",
    [("officer", "curation:worklist"), ("team_member", "nominations:overview"), ("admin_user", "curation:worklist")],
)
def test_other_roles_home_is_forbidden(client, request, actor, forbidden):
    client.force_login(request.getfixturevalue(actor))
    assert client.get(reverse(forbidden)).status_code == 403


def test_wrong_password_shows_error_and_keeps_username(client, officer):
    response = client.post(reverse("login"), {"username": officer.username, "password": "wrong"})
    assert response.status_code == 200
    assert response.context["form"].errors
    assert 'value="officer"' in response.content.decode()


def test_logout_is_a_post_and_ends_the_session(client, officer):
    client.force_login(officer)
    response = client.post(reverse("logout"))
    assert response.status_code == 302
    assert client.get(reverse("home")).url.startswith(reverse("login"))


def test_password_change(client, officer):
    client.force_login(officer)
    response = client.post(
        reverse("password_change"),
        {
            "old_password": DEFAULT_PASSWORD,
            "new_password1": "another-long-pass-42",
            "new_password2": "another-long-pass-42",
        },
    )
    assert response.status_code == 302
    officer.refresh_from_db()
    assert officer.check_password("another-long-pass-42")


def test_password_reset_by_email(client, officer):
    response = client.post(reverse("password_reset"), {"email": officer.email})
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [officer.email]
    link = re.search(r"http://testserver(/accounts/reset/\S+/)", mail.outbox[0].body).group(1)
    response = client.get(link, follow=True)
    response = client.post(
        response.redirect_chain[-1][0], {"new_password1": "reset-pass-long-77", "new_password2": "reset-pass-long-77"}
    )
    assert response.status_code == 302
    officer.refresh_from_db()
    assert officer.check_password("reset-pass-long-77")


def test_admin_site_usable_by_ministry_admin(client, admin_user):
    client.force_login(admin_user)
    for name in [
        "admin:accounts_user_changelist",
        "admin:accounts_regency_changelist",
        "admin:accounts_province_changelist",
        "admin:auth_group_changelist",
    ]:
        assert client.get(reverse(name)).status_code == 200
    response = client.get(reverse("admin:accounts_regency_changelist"), {"q": "sleman"})
    assert "SLEMAN" in response.content.decode()


def test_admin_site_closed_to_officers(client, officer):
    client.force_login(officer)
    response = client.get(reverse("admin:index"))
    assert response.status_code == 302


def ask_reset(client, email, address="10.4.4.4"):
    return client.post(reverse("password_reset"), {"email": email}, REMOTE_ADDR=address, follow=True)


def page_text(response):
    """The page without its CSRF tokens (new in every response)."""
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", response.content.decode())


def test_password_reset_sends_at_most_three_emails_an_hour_to_one_account_and_answers_the_same(client, officer):
    answers = [ask_reset(client, officer.email, address=f"10.4.4.{number}") for number in range(6)]
    assert len(mail.outbox) == settings.PASSWORD_RESET_PER_EMAIL_PER_HOUR == 3
    assert {(a.redirect_chain[-1][0], a.status_code) for a in answers} == {(reverse("password_reset_done"), 200)}
    assert len({page_text(a) for a in answers}) == 1
    # Another account is not held back by it.
    other = OfficerFactory(regency=officer.regency)
    ask_reset(client, other.email)
    assert mail.outbox[-1].to == [other.email]


def test_password_reset_answers_at_most_twenty_requests_an_hour_from_one_address(client, sleman):
    users = [OfficerFactory(regency=sleman) for _ in range(settings.PASSWORD_RESET_PER_ADDRESS_PER_HOUR + 3)]
    answers = [ask_reset(client, user.email) for user in users]
    assert len(mail.outbox) == settings.PASSWORD_RESET_PER_ADDRESS_PER_HOUR == 20
    assert len({page_text(a) for a in answers}) == 1
    ask_reset(client, users[-1].email, address="10.5.5.5")
    assert mail.outbox[-1].to == [users[-1].email]


def test_password_reset_throttle_lifts_after_an_hour(client, officer):
    with freeze_time("2026-03-02 08:00") as clock:
        for _ in range(5):
            ask_reset(client, officer.email)
        clock.tick(timedelta(minutes=61))
        ask_reset(client, officer.email)
    assert len(mail.outbox) == 4


def test_a_wrong_password_is_told_in_plain_indonesian(client, officer):
    """Django's Indonesian catalogue made it "Masukkan nama pengguna nama pengguna dan sandi" (the second review)."""
    html = client.post(reverse("login"), {"username": officer.username, "password": "salah"}).content.decode()
    assert "Masukkan nama pengguna dan kata sandi yang benar" in html and "nama pengguna nama pengguna" not in html
