"""The private page cache (core/page_cache.py): a reload is served without reading the data again,
but never to someone else, never after any change, and with forms that still work."""

import re

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from nominations.models import NominationStatus
from tests.factories import NominationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def page_cache_on(settings):
    settings.PAGE_CACHE_SECONDS = 60


def nomination_queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return response, [q["sql"] for q in queries.captured_queries if "nominations_nomination" in q["sql"]]


def test_reload_of_the_list_is_served_without_reading_nominations(client, officer, nomination):
    client.force_login(officer)
    client.get(
        reverse("nominations:list")
    )  # the first page of a visit sets the CSRF cookie (as a login does): not kept
    first, reads = nomination_queries(client, reverse("nominations:list"))
    assert reads
    second, reads = nomination_queries(client, reverse("nominations:list"))
    assert reads == [] and second.content == first.content


def test_cached_page_is_never_served_to_another_user(client, officer, other_officer, nomination):
    client.force_login(officer)
    client.get(reverse("nominations:list"))
    other = Client()
    other.force_login(other_officer)
    html = other.get(reverse("nominations:list")).content.decode()
    assert "Kabupaten Bantul" in html and nomination.business_name not in html


def cached(client, url):
    """Visit url until it comes from the page cache (the first visit sets the CSRF cookie and is not kept)."""
    client.get(url)
    client.get(url)
    response, reads = nomination_queries(client, url)
    assert reads == []
    return response.content.decode()


def test_a_change_made_through_the_pages_shows_at_once(client, officer, nomination):
    client.force_login(officer)
    detail = reverse("nominations:detail", args=[nomination.pk])
    assert "Draf" in cached(client, detail)
    client.post(
        reverse("nominations:submit", args=[nomination.pk]), follow=True
    )  # the confirmation consumes the message
    nomination.refresh_from_db()
    assert nomination.status == NominationStatus.SUBMITTED
    response, reads = nomination_queries(client, detail)
    assert reads  # read again, not the cached draft
    assert "Diajukan" in response.content.decode()


def test_a_change_made_outside_a_request_shows_at_once(client, officer, nomination, django_capture_on_commit_callbacks):
    client.force_login(officer)
    assert "Tenun Baru" not in cached(client, reverse("nominations:list"))
    with django_capture_on_commit_callbacks(execute=True):
        NominationFactory(
            round=nomination.round, regency=officer.regency, created_by=officer, business_name="Tenun Baru"
        )
    assert "Tenun Baru" in client.get(reverse("nominations:list")).content.decode()


def test_forms_on_a_cached_page_keep_a_valid_csrf_token(officer, nomination):
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(officer)
    browser.get(reverse("nominations:detail", args=[nomination.pk]))  # sets the CSRF cookie
    browser.get(reverse("nominations:detail", args=[nomination.pk]))  # rendered and cached with that cookie
    cached, reads = nomination_queries(browser, reverse("nominations:detail", args=[nomination.pk]))
    assert reads == []
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', cached.content.decode()).group(1)
    response = browser.post(reverse("nominations:submit", args=[nomination.pk]), {"csrfmiddlewaretoken": token})
    assert response.status_code == 302
    nomination.refresh_from_db()
    assert nomination.status == NominationStatus.SUBMITTED


def test_permission_is_checked_on_every_request_even_when_cached(client, officer, nomination):
    client.force_login(officer)
    client.get(reverse("nominations:list"))
    officer.is_active = False
    officer.save()
    assert client.get(reverse("nominations:list")).status_code == 302  # to the login page, not the cached list


def test_cache_is_off_by_default_without_a_shared_cache(settings, client, officer, nomination):
    settings.PAGE_CACHE_SECONDS = 0
    client.force_login(officer)
    client.get(reverse("nominations:list"))
    _response, reads = nomination_queries(client, reverse("nominations:list"))
    assert reads


def test_province_of_an_officer_is_the_prefix_of_every_regency_code(db):
    from accounts.models import Regency

    assert Regency.objects.count() == 514
    assert all(code.split(".")[0] == province for code, province in Regency.objects.values_list("code", "province_id"))


def test_a_write_in_another_regency_keeps_an_officers_page_but_one_in_the_same_regency_does_not(
    client, officer, other_officer, nomination
):
    """An officer sees only their regency's nominations: a colleague's write elsewhere, even in the same province,
    cannot change their pages (tests/core/test_page_cache_scopes.py goes through the other roles)."""
    from accounts.models import Regency
    from tests.factories import OfficerFactory

    bandung = Client()
    bandung.force_login(OfficerFactory(username="officer_bandung", regency=Regency.objects.get(code="32.73")))
    bantul = Client()
    bantul.force_login(other_officer)
    colleague = Client()
    colleague.force_login(OfficerFactory(username="officer_sleman_2", regency=officer.regency))
    client.force_login(officer)
    url = reverse("nominations:list")
    cached(client, url)
    bandung.post(reverse("set_language"), {"language": "id"})  # a request that may write, in West Java
    bantul.post(reverse("set_language"), {"language": "id"})  # one in another regency of DI Yogyakarta
    _response, reads = nomination_queries(client, url)
    assert reads == []
    colleague.post(reverse("set_language"), {"language": "id"})  # one in Sleman itself
    _response, reads = nomination_queries(client, url)
    assert reads


def test_an_admin_page_is_drawn_again_after_a_write_in_any_province(client, admin_user, nomination):
    from accounts.models import Regency
    from tests.factories import OfficerFactory

    bandung = Client()
    bandung.force_login(OfficerFactory(username="officer_bandung", regency=Regency.objects.get(code="32.73")))
    client.force_login(admin_user)
    url = reverse("nominations:list")
    cached(client, url)
    bandung.post(reverse("set_language"), {"language": "id"})
    _response, reads = nomination_queries(client, url)
    assert reads


def test_response_says_whether_the_page_came_from_the_cache(client, officer, nomination):
    client.force_login(officer)
    url = reverse("nominations:list")
    client.get(url)  # sets the CSRF cookie: not kept, no header
    assert client.get(url)["X-Page-Cache"] == "miss"
    assert client.get(url)["X-Page-Cache"] == "hit"
    client.post(reverse("set_language"), {"language": "id"})
    assert client.get(url)["X-Page-Cache"] == "miss"


def test_reading_the_inbox_clears_the_unread_badge_of_a_cached_page(client, officer, nomination):
    from notifications.models import Notification

    Notification.objects.create(
        recipient=officer, kind="nomination_returned", subject="Dikembalikan", body="-", status=Notification.Status.SENT
    )
    client.force_login(officer)
    url = reverse("nominations:list")
    assert 'badge bg-warning text-dark">1<' in cached(client, url)
    client.get(reverse("notifications:inbox"))  # marks it read
    response = client.get(url)
    assert response["X-Page-Cache"] == "miss" and 'badge bg-warning text-dark">1<' not in response.content.decode()


def test_login_attempts_by_visitors_not_logged_in_keep_the_cached_pages(client, officer, nomination):
    client.force_login(officer)
    url = reverse("nominations:list")
    cached(client, url)
    for _ in range(3):
        Client().post(reverse("login"), {"username": "officer", "password": "wrong-password"})
    _response, reads = nomination_queries(client, url)
    assert reads == []


def test_a_generation_counter_lost_from_the_cache_never_brings_old_pages_back(client, officer, nomination):
    from django.core.cache import cache

    from core.page_cache import _generation_key

    client.force_login(officer)
    url = reverse("nominations:list")
    cached(client, url)
    cache.delete_many([_generation_key(scope) for scope in ("national", "team:34", "regency:34.04", "all")])  # evicted
    _response, reads = nomination_queries(client, url)
    assert reads
