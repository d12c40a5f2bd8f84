"""The page cache (core/page_cache.py) against the statistics page, reviewed after its per-round entries counters
(`@cached_page(round_query="round")`). The page says its figures are "at most 60 seconds old" (STATISTICS_SECONDS:
they are kept apart in the cache for a minute by design); the page cache must not keep them longer than that.

A write moves the page's counters, but the page drawn just after the write may still show the figures kept from
before it (by design, up to a minute). Kept in the page cache for PAGE_CACHE_SECONDS from then on, it went on
showing them after the figures had been replaced: up to two minutes after the write."""

from datetime import timedelta

import pytest
from django.urls import reverse
from freezegun import freeze_time

from nominations.models import NominationStatus
from reports.views import STATISTICS_SECONDS
from tests.core.test_page_cache_scopes import cache_state, logged_in, warm
from tests.curation.conftest import curation_round, scored  # noqa: F401 - fixtures

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def page_cache_on(settings):
    settings.PAGE_CACHE_SECONDS = 60


def total_on(content):
    return content.split('id="stat-total">', 1)[1].split("<", 1)[0]


@pytest.mark.parametrize("who", ["admin_user", "team_member"])
@pytest.mark.parametrize("query", ["?round={pk}", ""])
def test_the_statistics_page_shows_no_figures_older_than_it_says(request, who, query, officer, nomination):
    user = request.getfixturevalue(who)
    url = reverse("reports:statistics") + query.format(pk=nomination.round_id)
    with freeze_time() as clock:
        browser = logged_in(user)
        warm(browser, url)  # the figures are counted and kept now, for STATISTICS_SECONDS
        assert total_on(cache_state(browser, url)[1]) == "0"

        clock.tick(timedelta(seconds=1))
        response = logged_in(officer).post(reverse("nominations:submit", args=[nomination.pk]))
        assert response.status_code == 302
        nomination.refresh_from_db()
        assert nomination.status == NominationStatus.SUBMITTED

        clock.tick(timedelta(seconds=STATISTICS_SECONDS - 2))  # 59 s after the figures were counted
        state, content = cache_state(browser, url)
        assert state == "miss"  # redrawn, with the figures kept 59 s ago (by design: "at most 60 seconds old")

        clock.tick(timedelta(seconds=STATISTICS_SECONDS - 10))  # 109 s after they were counted, 108 s after the submit
        state, content = cache_state(browser, url)
        assert total_on(content) == "1", f"page cache {state}: figures counted before a submit 108 s ago"


ARABIC_INDIC = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")


@pytest.mark.parametrize("who", ["admin_user", "team_member"])
def test_every_spelling_of_the_round_that_the_view_reads_is_redrawn_by_a_submit(request, who, officer, nomination):
    """?round= as the view reads it (queryset.get(pk=...)) and as the page cache reads it (int()) name the same round,
    however it is written: each page the view draws for the submit's round is redrawn by the submit."""
    pk = nomination.round_id
    spellings = [f"{pk}", f"0{pk}", f"+{pk}", f"%20{pk}", f"{pk}%20", f"{pk}%0A", str(pk).translate(ARABIC_INDIC)]
    spellings += [f"999999&round={pk}", f"x&round={pk}"]  # repeated: the last one counts, for both
    browser = logged_in(request.getfixturevalue(who))
    urls = [reverse("reports:statistics") + f"?round={spelling}" for spelling in spellings]
    for url in urls:
        warm(browser, url)
        assert f'value="{pk}" selected' in cache_state(browser, url)[1], url
    response = logged_in(officer).post(reverse("nominations:submit", args=[nomination.pk]))
    assert response.status_code == 302
    assert [url for url in urls if cache_state(browser, url)[0] == "hit"] == []


def test_a_ranking_is_kept_no_longer_than_the_scorers_calibration_it_shows(scored, chair, diy):
    """The province ranking shows each nomination's mean z-score, from the scorers' calibration kept a minute apart
    (curation.selectors.member_statistics, CALIBRATION_SECONDS): a ranking drawn from a calibration counted 50 s ago
    is kept in the page cache for the 10 s that calibration has left, not 60 s more."""
    from core.page_cache import bump_generations
    from curation.selectors import CALIBRATION_SECONDS

    url = reverse("curation:ranking")
    with freeze_time() as clock:
        browser = logged_in(chair)
        warm(browser, url)  # the calibration is counted and kept now
        clock.tick(timedelta(seconds=CALIBRATION_SECONDS - 10))
        bump_generations({f"province:{diy.pk}"})  # a write in the province: the ranking is drawn again
        assert cache_state(browser, url)[0] == "miss"  # from the calibration counted 50 s ago
        assert cache_state(browser, url)[0] == "hit"
        clock.tick(timedelta(seconds=11))  # the calibration has been replaced since: the ranking is drawn again
        assert cache_state(browser, url)[0] == "miss"
