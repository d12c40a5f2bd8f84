"""notifications/services.py: one notification per active recipient, in their language; the e-mail leaves only
after the change commits (or after an admin's review for the outbox), and each notification records how it went."""

from datetime import timedelta
from types import SimpleNamespace

import pytest
from django.core import mail
from django.core.mail.backends.base import BaseEmailBackend
from django.utils import timezone

from notifications.models import Notification
from notifications.services import enqueue, mail_address, mark_read, notify, send_outbox
from tests.factories import OfficerFactory

pytestmark = pytest.mark.django_db


class FailingBackend(BaseEmailBackend):
    def send_messages(self, messages):
        raise OSError("SMTP down")


def submitted_to(recipients, **kwargs):
    return notify(recipients, "nomination_submitted", {"nomination": "Tenun Ikat"}, link="/nominations/7/", **kwargs)


def test_each_active_recipient_gets_one_notification_queued(officer, other_officer):
    gone = OfficerFactory(username="gone", is_active=False)
    created = submitted_to([officer, other_officer, officer, gone])
    assert [n.recipient for n in created] == [officer, other_officer]
    stored = Notification.objects.order_by("pk")
    assert [(n.recipient, n.kind, n.status, n.link) for n in stored] == [
        (officer, "nomination_submitted", Notification.Status.QUEUED, "/nominations/7/"),
        (other_officer, "nomination_submitted", Notification.Status.QUEUED, "/nominations/7/"),
    ]


def test_the_text_is_in_the_recipients_language_with_the_portal_link(officer, other_officer, settings):
    settings.PORTAL_URL = "https://ovop.example.id"
    other_officer.language = "en"
    other_officer.save()
    officer.language = ""
    officer.save()
    indonesian, english = submitted_to([officer, other_officer])
    assert english.subject == "Nomination submitted: Tenun Ikat"
    assert indonesian.subject != english.subject and "Tenun Ikat" in indonesian.subject
    assert "https://ovop.example.id/nominations/7/" in english.body and english.body == english.body.strip()
    assert str(other_officer) in english.body


def test_a_notification_without_link_shows_none(officer):
    created = notify([officer], "nomination_submitted", {"nomination": "Tenun Ikat"})
    assert created[0].link == "" and "http" not in created[0].body


def test_the_e_mail_leaves_only_when_the_change_commits(officer, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        submitted_to([officer])
    assert len(mail.outbox) == 0 and len(callbacks) == 1
    callbacks[0]()
    assert [m.to for m in mail.outbox] == [[officer.email]]
    sent = Notification.objects.get()
    assert sent.status == Notification.Status.SENT and sent.sent_at is not None


def test_outbox_notifications_wait_for_review(officer, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        created = submitted_to([officer], outbox=True)
    assert not callbacks and not mail.outbox
    assert created[0].status == Notification.Status.OUTBOX


def test_nobody_to_notify_queues_nothing(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        assert submitted_to([]) == []
    assert not callbacks


def test_sending_appends_the_link_unless_the_body_has_it(officer, settings):
    settings.PORTAL_URL = "https://ovop.example.id"
    with_link, without_link = (
        Notification.objects.create(recipient=officer, kind="k", subject="S", body=body, link="/n/1/")
        for body in ("Lihat /n/1/ sekarang", "Lihat portal")
    )
    assert enqueue([with_link.pk, without_link.pk]) == 2
    bodies = sorted(m.body for m in mail.outbox)
    assert bodies == ["Lihat /n/1/ sekarang", "Lihat portal\n\nhttps://ovop.example.id/n/1/"]
    assert mail.outbox[0].subject == "S"


def test_a_recipient_without_address_is_recorded_as_such(officer):
    officer.email = ""
    officer.save()
    notification = Notification.objects.create(recipient=officer, kind="k", subject="S", body="B")
    enqueue([notification.pk])
    notification.refresh_from_db()
    assert notification.status == Notification.Status.NO_ADDRESS and notification.sent_at is None
    assert not mail.outbox


def test_a_failed_e_mail_is_retried_then_recorded_with_its_error_and_breaks_nothing(officer, settings):
    settings.EMAIL_BACKEND = f"{__name__}.FailingBackend"
    notification = Notification.objects.create(recipient=officer, kind="k", subject="S", body="B")
    enqueue([notification.pk])  # in-process (no broker): the retries run at once
    notification.refresh_from_db()
    assert notification.status == Notification.Status.FAILED and notification.sent_at is None
    assert notification.attempts == settings.EMAIL_MAX_RETRIES + 1
    assert notification.error == "OSError: SMTP down"


def test_sending_nothing_sends_nothing():
    assert enqueue([]) == 0 and not mail.outbox


def test_the_outbox_is_sent_after_review_by_kind(officer, django_capture_on_commit_callbacks):
    results = Notification.objects.create(
        recipient=officer, kind="results_published", subject="R", body="B", status=Notification.Status.OUTBOX
    )
    other = Notification.objects.create(
        recipient=officer, kind="other", subject="O", body="B", status=Notification.Status.OUTBOX
    )
    with django_capture_on_commit_callbacks(execute=True):
        assert send_outbox(kind="results_published") == 1
    results.refresh_from_db()
    other.refresh_from_db()
    assert results.status == Notification.Status.SENT and other.status == Notification.Status.OUTBOX
    assert [m.subject for m in mail.outbox] == ["R"]
    with django_capture_on_commit_callbacks(execute=True):
        assert send_outbox() == 1
    assert [m.subject for m in mail.outbox] == ["R", "O"]


IKM = SimpleNamespace(business_name="Bakpia Kurnia", contact_name="Ibu Sari", regency="Kabupaten Sleman")


def test_someone_without_an_account_is_mailed_in_their_language_after_commit(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        mail_address("ikm@example.org", "interest_received", {"interest": IKM}, language="en")
    assert len(mail.outbox) == 0 and len(callbacks) == 1
    callbacks[0]()
    (sent,) = mail.outbox
    assert (sent.to, sent.subject) == (["ikm@example.org"], "OVOP award: interest of Bakpia Kurnia received")
    assert sent.body.startswith("Hello Ibu Sari,") and "Kabupaten Sleman" in sent.body
    assert sent.body == sent.body.strip()
    kept = Notification.objects.get()  # kept for retries and the failed list, shown in nobody's inbox
    assert (kept.recipient, kept.address, kept.status) == (None, "ikm@example.org", Notification.Status.SENT)


def test_without_a_language_the_mail_is_in_indonesian(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        mail_address("ikm@example.org", "interest_received", {"interest": IKM}, language="")
    (sent,) = mail.outbox
    assert "Bakpia Kurnia" in sent.subject and "interest of" not in sent.subject and "Ibu Sari" in sent.body


def test_a_failed_mail_to_someone_without_an_account_breaks_nothing(settings, django_capture_on_commit_callbacks):
    settings.EMAIL_BACKEND = f"{__name__}.FailingBackend"
    with django_capture_on_commit_callbacks(execute=True):
        mail_address("ikm@example.org", "interest_received", {"interest": IKM}, language="en")
    assert len(mail.outbox) == 0
    failed = Notification.objects.get()
    assert failed.status == Notification.Status.FAILED and failed.error == "OSError: SMTP down"


def test_marking_read_touches_only_the_users_own_unread_notifications(officer, other_officer):
    earlier = timezone.now() - timedelta(days=3)
    mine, already, theirs, unopened = (
        Notification.objects.create(recipient=user, kind="k", subject="S", body="B", read_at=read_at)
        for user, read_at in ((officer, None), (officer, earlier), (other_officer, None), (officer, None))
    )
    mark_read(officer, [mine.pk, already.pk, theirs.pk])
    for notification in (mine, already, theirs, unopened):
        notification.refresh_from_db()
    assert mine.read_at is not None and already.read_at == earlier
    assert theirs.read_at is None and unopened.read_at is None  # not the user's, or not among those shown


def test_an_inactive_or_repeated_recipient_is_skipped_and_the_others_still_notified(officer, other_officer):
    gone = OfficerFactory(username="gone", is_active=False)
    created = submitted_to([gone, officer, officer, other_officer])
    assert [n.recipient for n in created] == [officer, other_officer]


def test_a_notification_without_a_link_prints_no_link_in_its_text(team_member, award_round):
    (created,) = notify([team_member], "scoring_open", {"round": award_round})
    assert created.link == "" and created.body.endswith(".")  # the text ends where the link would stand
