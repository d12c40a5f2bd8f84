"""Which writes redraw whose cached pages (core/page_cache.py): a page stays cached while nothing it can show
changed, and is drawn again after any write that could show on it, for every role.

On deadline day hundreds of officers save drafts and submit: a draft redraws only its regency's officers' pages
and the admin's pages that list entries; a submit also its province's team's; no curation page (rounds in curation
or closed) is redrawn by either. A returned nomination saved once curation started, a team's or an admin's write
and an IKM's interest reach everyone who sees them."""

import pytest
from django.test import Client
from django.urls import reverse

from nominations.models import Nomination, NominationStatus
from tests.curation.conftest import make_curation_round
from tests.factories import NominationFactory
from tests.factories.files import image_upload
from tests.nominations.conftest import form_data
from tests.nominations.views.test_interests import form_data as interest_form

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def page_cache_on(settings):
    settings.PAGE_CACHE_SECONDS = 60


def logged_in(user):
    browser = Client()
    browser.force_login(user)
    return browser


def cache_state(browser, url):
    response = browser.get(url)
    assert response.status_code == 200, url
    return response["X-Page-Cache"], response.content.decode()


def warm(browser, url):
    """Visit until the page comes from the cache (the first visit sets the CSRF cookie and is not kept)."""
    browser.get(url)
    browser.get(url)
    assert cache_state(browser, url)[0] == "hit"


@pytest.fixture
def submitted(award_round, other_officer):
    """A submitted nomination of Bantul (DI Yogyakarta), on the team's list."""
    return NominationFactory(
        round=award_round, regency=other_officer.regency, created_by=other_officer, status=NominationStatus.SUBMITTED
    )


@pytest.fixture
def pages(officer, other_officer, team_member, other_province_member, admin_user, assessor, submitted):
    """Each role's browser with its cached pages: {name: (browser, url)}."""
    in_curation = make_curation_round()
    chosen = {
        "officer": (officer, reverse("nominations:list")),
        "other_officer": (other_officer, reverse("nominations:list")),
        "team": (team_member, reverse("nominations:list")),
        "other_team": (other_province_member, reverse("nominations:list")),
        "admin_list": (admin_user, reverse("nominations:list")),
        "admin_national": (admin_user, reverse("curation:national") + f"?round={in_curation.pk}"),
        "assessor": (assessor, reverse("nominations:list")),  # sees only what reached curation
        "team_worklist": (team_member, reverse("curation:worklist")),  # a round in curation: no entries
    }
    browsers = {}
    for name, (user, url) in chosen.items():
        browser = browsers.setdefault(user.pk, logged_in(user))
        warm(browser, url)
        chosen[name] = (browser, url)
    return chosen


def redrawn(pages):
    return {name for name, (browser, url) in pages.items() if cache_state(browser, url)[0] != "hit"}


def save_draft(officer, nomination, **changes):
    nomination.refresh_from_db()
    data = form_data(version=nomination.version, nib=nomination.nib, commodity=nomination.commodity_id, **changes)
    response = logged_in(officer).post(reverse("nominations:edit", args=[nomination.pk]), data)
    assert response.status_code == 302, response.content.decode()[:2000]


def test_an_officers_draft_save_redraws_only_their_regencys_pages_and_the_admins_list_of_drafts(
    pages, officer, nomination
):
    save_draft(officer, nomination, business_name="Anyaman Baru Sekali")
    assert redrawn(pages) == {"officer", "admin_list"}
    assert "Anyaman Baru Sekali" in cache_state(*pages["officer"])[1]
    assert "Anyaman Baru Sekali" in cache_state(*pages["admin_list"])[1]


def test_a_new_draft_with_a_photo_redraws_the_same_pages(pages, officer, award_round):
    data = form_data(business_name="Gerabah Kasongan Baru", nib="9876543210987", new_photos=[image_upload("a.jpg")])
    response = logged_in(officer).post(reverse("nominations:create"), data)
    assert response.status_code == 302
    assert Nomination.objects.get(business_name="Gerabah Kasongan Baru").photos.count() == 1
    assert redrawn(pages) == {"officer", "admin_list"}


def test_a_photo_added_to_a_draft_redraws_the_same_pages(pages, officer, nomination):
    response = logged_in(officer).post(
        reverse("nominations:photo_attach", args=[nomination.pk]), {"photo": image_upload("b.jpg")}
    )
    assert response.status_code == 201
    assert redrawn(pages) == {"officer", "admin_list"}


def test_a_submit_reaches_the_provinces_team_and_the_admins_list_not_the_curation_pages(pages, officer, nomination):
    assert 'badge bg-warning text-dark">' not in cache_state(*pages["team_worklist"])[1]
    response = logged_in(officer).post(reverse("nominations:submit", args=[nomination.pk]))
    assert response.status_code == 302
    assert redrawn(pages) == {"officer", "team", "admin_list"}  # the curation pages show rounds in curation only
    assert nomination.business_name in cache_state(*pages["team"])[1]
    # The team was notified: its worklist comes from the cache with the navbar's count drawn afresh.
    state, content = cache_state(*pages["team_worklist"])
    assert state == "hit" and 'badge bg-warning text-dark">1<' in content


def test_a_returned_nomination_edited_by_its_officer_reaches_the_team(pages, other_officer, submitted):
    Nomination.objects.filter(pk=submitted.pk).update(status=NominationStatus.RETURNED)  # no signal: no redraw
    assert redrawn(pages) == set()
    save_draft(other_officer, submitted, business_name="Perbaikan Sesudah Dikembalikan")
    assert redrawn(pages) == {"other_officer", "team", "admin_list"}
    assert "Perbaikan Sesudah Dikembalikan" in cache_state(*pages["team"])[1]


def test_a_returned_nomination_saved_once_curation_started_reaches_every_page(pages, other_officer, submitted):
    from nominations.models import AwardRound, RoundStatus

    AwardRound.objects.filter(pk=submitted.round_id).update(status=RoundStatus.CURATION)
    Nomination.objects.filter(pk=submitted.pk).update(status=NominationStatus.RETURNED)
    save_draft(other_officer, submitted, business_name="Perbaikan Saat Kurasi")
    assert redrawn(pages) == {"other_officer", "team", "admin_list", "admin_national", "assessor", "team_worklist"}


def test_a_photo_added_to_a_returned_nomination_reaches_the_team(pages, other_officer, submitted):
    Nomination.objects.filter(pk=submitted.pk).update(status=NominationStatus.RETURNED)
    response = logged_in(other_officer).post(
        reverse("nominations:photo_attach", args=[submitted.pk]), {"photo": image_upload("c.jpg")}
    )
    assert response.status_code == 201
    assert redrawn(pages) == {"other_officer", "team", "admin_list"}


def test_a_team_members_write_reaches_their_provinces_officers_and_the_admin(pages, chair):
    logged_in(chair).post(reverse("set_language"), {"language": "id"})  # a request that may write, in DIY
    assert redrawn(pages) == {
        "officer",
        "other_officer",
        "team",
        "admin_list",
        "admin_national",
        "assessor",
        "team_worklist",
    }


def test_an_admins_write_reaches_everyone(pages, admin_user):
    logged_in(admin_user).post(reverse("set_language"), {"language": "id"})
    assert redrawn(pages) == set(pages)


def test_an_ikms_interest_reaches_its_regencys_officers_badge_and_nobody_elses_page(pages, officer):
    assert 'badge bg-warning text-dark">' not in cache_state(*pages["officer"])[1]
    response = Client().post(
        reverse("about"),
        interest_form(officer),
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    assert redrawn(pages) == {"officer", "admin_list", "admin_national", "assessor"}
    assert 'badge bg-warning text-dark">1<' in cache_state(*pages["officer"])[1]


@pytest.fixture
def statistics_pages(admin_user, team_member, award_round):
    """The statistics of the round taking nominations and of an earlier round in curation, as the admin and the
    province's team see them: {name: (browser, url)}."""
    earlier = make_curation_round()
    admin, team = logged_in(admin_user), logged_in(team_member)
    url = reverse("reports:statistics")
    chosen = {
        "admin_this_round": (admin, f"{url}?round={award_round.pk}"),
        "admin_this_round_written_otherwise": (admin, f"{url}?round=0{award_round.pk}"),  # the view reads it as pk
        "admin_default_round": (admin, url),
        "admin_earlier_round": (admin, f"{url}?round={earlier.pk}"),
        "team_this_round": (team, f"{url}?round={award_round.pk}"),
        "team_earlier_round": (team, f"{url}?round={earlier.pk}"),
    }
    for browser, page in chosen.values():
        warm(browser, page)
    return chosen


def test_a_draft_save_redraws_the_admins_statistics_of_its_round_only(statistics_pages, officer, nomination):
    save_draft(officer, nomination, business_name="Anyaman Statistik")
    assert redrawn(statistics_pages) == {
        "admin_this_round",
        "admin_this_round_written_otherwise",
        "admin_default_round",  # names no round: holds every round's entries
    }


def test_a_submit_redraws_the_statistics_of_its_round_not_those_of_an_earlier_round(
    statistics_pages, officer, nomination
):
    response = logged_in(officer).post(reverse("nominations:submit", args=[nomination.pk]))
    assert response.status_code == 302
    assert redrawn(statistics_pages) == {
        "admin_this_round",
        "admin_this_round_written_otherwise",
        "admin_default_round",
        "team_this_round",
    }
