"""The page cache's scopes (core/page_cache.py) against writes an adversarial review found that moved no counter
a page depends on: another regency taking or releasing an IKM that a draft names, and the scheduled reminders'
notifications made outside a request. Each test warms a page, makes one write as the portal makes it, and asks
for the page again: the README promises "a page comes from the cache only while nothing it could show has
changed"."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.models import Regency
from nominations.models import Nomination, NominationStatus
from notifications.models import Notification
from reminders.services import send_due_reminders
from tests.core.test_page_cache_scopes import cache_state, logged_in, warm
from tests.factories import AwardRoundFactory, NominationFactory, OfficerFactory

pytestmark = pytest.mark.django_db

READY = "Semua yang diperlukan sudah terisi."  # "Everything needed is filled in."
NIB_HELD_ELSEWHERE = "NIB yang tidak terdaftar untuk IKM kabupaten/kota lain"  # the completeness box's missing NIB


@pytest.fixture(autouse=True)
def page_cache_on(settings):
    settings.PAGE_CACHE_SECONDS = 60


# 1. Who holds an IKM is decided across regencies (nominations/models/ikm.py: whichever regency submits first);
#    an officer's detail page of a draft says whether its NIB is still free (its completeness box), but depends
#    only on national, team:<province> and its own regency's counters.


def test_another_regencys_submit_of_the_same_ikm_redraws_the_draft_that_can_no_longer_be_submitted(
    officer, other_officer, nomination
):
    # Bantul's complete draft of the same IKM (NIB): drafts claim nothing, so it is ready to submit.
    rival = NominationFactory(
        round=nomination.round,
        regency=other_officer.regency,
        created_by=other_officer,
        nib=nomination.nib,
        with_photo=True,
    )
    browser = logged_in(other_officer)
    url = reverse("nominations:detail", args=[rival.pk])
    warm(browser, url)
    assert READY in cache_state(browser, url)[1]

    # Sleman (same province) submits first: Sleman now holds the IKM, Bantul's draft can no longer be submitted.
    response = logged_in(officer).post(reverse("nominations:submit", args=[nomination.pk]))
    assert response.status_code == 302
    nomination.refresh_from_db()
    assert nomination.status == NominationStatus.SUBMITTED
    rival.refresh_from_db()
    assert not rival.ikm.may_be_nominated_by(rival.regency_id)
    assert any(NIB_HELD_ELSEWHERE in missing for missing in rival.missing_for_submit())

    state, content = cache_state(browser, url)
    assert NIB_HELD_ELSEWHERE in content, f"Bantul's officer still sees the cached page ({state}): ready to submit"


def test_the_holders_withdrawal_redraws_another_provinces_draft_that_may_now_be_submitted(officer, nomination):
    Nomination.objects.filter(pk=nomination.pk).update(status=NominationStatus.SUBMITTED, submitted_at=timezone.now())
    far_regency = Regency.objects.filter(province_id="32").order_by("code").first()  # Jawa Barat
    far_officer = OfficerFactory(username="far_officer", regency=far_regency)
    rival = NominationFactory(
        round=nomination.round, regency=far_regency, created_by=far_officer, nib=nomination.nib, with_photo=True
    )
    browser = logged_in(far_officer)
    url = reverse("nominations:detail", args=[rival.pk])
    warm(browser, url)
    assert NIB_HELD_ELSEWHERE in cache_state(browser, url)[1]  # Sleman holds the IKM

    # Sleman withdraws its nomination (a full officer write: Sleman's regency, DIY's province, everything).
    response = logged_in(officer).post(reverse("nominations:withdraw", args=[nomination.pk]), {"reason": "Batal"})
    assert response.status_code == 302
    nomination.refresh_from_db()
    assert nomination.status == NominationStatus.WITHDRAWN
    rival.refresh_from_db()
    assert rival.ikm.may_be_nominated_by(rival.regency_id)

    state, content = cache_state(browser, url)
    assert READY in content, f"the far officer still sees the cached page ({state}): the NIB registered elsewhere"


# 2. The scheduled reminders (Celery beat's task, `manage.py send_reminders`) run outside any request: their
#    notifications are made with bulk_create (no post_save) and the Reminder rows belong to `reminders`, not one of
#    PORTAL_APPS, so no signal moves any counter, and the recipients' navbar badge stays as it was.


def test_a_scheduled_reminder_redraws_the_navbar_badge_of_its_recipient(officer, django_capture_on_commit_callbacks):
    closing = AwardRoundFactory(nomination_closes=timezone.now() + timedelta(hours=12))
    NominationFactory(round=closing, regency=officer.regency, created_by=officer)  # a draft left: reminded
    browser = logged_in(officer)
    url = reverse("nominations:list")
    warm(browser, url)
    assert 'badge bg-warning text-dark">' not in cache_state(browser, url)[1]

    with django_capture_on_commit_callbacks(execute=True):  # as committed by the worker or the command
        assert send_due_reminders() == 1
    assert Notification.objects.filter(recipient=officer, kind="drafts_reminder", read_at__isnull=True).count() == 1

    state, content = cache_state(browser, url)
    assert 'badge bg-warning text-dark">1<' in content, f"the officer's navbar still shows no unread ({state})"
