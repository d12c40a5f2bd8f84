"""Sending e-mails through the task queue (notifications/services.py `deliver`, notifications/tasks.py): retried
with backoff against a real SMTP server, sent at most once per claim, failed ones listed for the admins with their
error and sent again; private messages never shown on admin pages; the queue on /healthz."""

from datetime import timedelta

import pytest
from django.core import mail
from django.core.mail.backends.locmem import EmailBackend
from django.urls import reverse
from django.utils import timezone
from freezegun import freeze_time

from audit.models import AuditRecord
from notifications.health import queue_status
from notifications.models import Notification
from notifications.services import deliver, enqueue, notify, requeue_stalled
from tests.factories import OfficerFactory

from .smtp_server import FlakySMTPServer, use_smtp

pytestmark = pytest.mark.django_db


def scoring_open_for(user):
    return notify([user], "scoring_open", {"round": "Penghargaan IKM OVOP 2030"}, link="/curation/")


def test_an_e_mail_refused_twice_by_the_smtp_server_is_delivered_once_on_the_third_attempt(
    officer, settings, django_capture_on_commit_callbacks
):
    with FlakySMTPServer(failures=2) as server:
        use_smtp(settings, server)
        with django_capture_on_commit_callbacks(execute=True):
            (notification,) = scoring_open_for(officer)
    assert len(server.delivered) == 1
    assert f"To: {officer.email}" in server.delivered[0]
    notification.refresh_from_db()
    assert (notification.status, notification.attempts, notification.error) == (Notification.Status.SENT, 3, "")
    assert notification.sent_at is not None


def test_after_the_last_retry_the_e_mail_is_failed_with_the_smtp_error(
    officer, settings, django_capture_on_commit_callbacks
):
    with FlakySMTPServer(failures=100) as server:
        use_smtp(settings, server)
        with django_capture_on_commit_callbacks(execute=True):
            (notification,) = scoring_open_for(officer)
    assert server.delivered == []
    notification.refresh_from_db()
    assert notification.status == Notification.Status.FAILED
    assert notification.attempts == settings.EMAIL_MAX_RETRIES + 1
    assert "451" in notification.error and "Try again later" in notification.error


class SecondWorkerBackend(EmailBackend):
    """While the first worker talks to the mail server, a second one picks up the same notification."""

    second_worker_sent = None

    def send_messages(self, messages):
        SecondWorkerBackend.second_worker_sent = deliver(SecondWorkerBackend.pk)
        return super().send_messages(messages)


def test_a_second_worker_picking_up_a_notification_being_sent_sends_nothing(officer, settings):
    settings.EMAIL_BACKEND = f"{__name__}.SecondWorkerBackend"
    notification = Notification.objects.create(recipient=officer, kind="k", subject="Once", body="B")
    SecondWorkerBackend.pk = notification.pk
    assert deliver(notification.pk) is True
    assert SecondWorkerBackend.second_worker_sent is False
    assert deliver(notification.pk) is False  # a redelivered task after it was sent
    assert [m.subject for m in mail.outbox] == ["Once"]
    notification.refresh_from_db()
    assert (notification.status, notification.attempts) == (Notification.Status.SENT, 1)


def test_an_e_mail_whose_worker_died_is_queued_again_after_the_stall_time_and_sent(officer, settings):
    notification = Notification.objects.create(
        recipient=officer, kind="k", subject="Stalled", body="B", status=Notification.Status.SENDING, attempts=1
    )
    Notification.objects.filter(pk=notification.pk).update(sending_since=timezone.now())
    later = timezone.now() + timedelta(minutes=settings.EMAIL_STALLED_MINUTES - 1)
    assert requeue_stalled(now=later) == 0 and not mail.outbox
    with freeze_time(timezone.now() + timedelta(minutes=settings.EMAIL_STALLED_MINUTES + 1)):
        assert requeue_stalled() == 1
    assert [m.subject for m in mail.outbox] == ["Stalled"]
    notification.refresh_from_db()
    assert (notification.status, notification.attempts) == (Notification.Status.SENT, 2)


def test_an_e_mail_never_handed_to_the_queue_is_handed_over_by_the_sweep(officer):
    notification = Notification.objects.create(recipient=officer, kind="k", subject="Lost", body="B")
    assert requeue_stalled() == 0  # just created: its own on-commit hand-over is still to come
    with freeze_time(timezone.now() + timedelta(minutes=5)):
        assert requeue_stalled() == 1
    assert [m.subject for m in mail.outbox] == ["Lost"]
    notification.refresh_from_db()
    assert notification.status == Notification.Status.SENT and notification.queued_at is not None


def failed(recipient=None, **fields):
    return Notification.objects.create(
        recipient=recipient,
        kind=fields.pop("kind", "scoring_open"),
        subject=fields.pop("subject", "Penilaian dibuka"),
        body=fields.pop("body", "Silakan menilai."),
        status=Notification.Status.FAILED,
        attempts=7,
        error="SMTPRecipientsRefused: 550 mailbox unavailable",
        **fields,
    )


def test_the_admin_sees_failed_e_mails_with_their_error_and_sends_one_again(
    client, admin_user, officer, django_capture_on_commit_callbacks
):
    one = failed(officer, subject="Scoring open for you")
    other = failed(address="ikm@example.org", subject="Interest received")
    client.force_login(admin_user)
    page = client.get(reverse("notifications:outbox")).content.decode()
    assert "2 e-mail tidak dapat dikirim setelah semua percobaan ulang." in page
    assert "550 mailbox unavailable" in page and "7 percobaan" in page
    assert "Scoring open for you" in page and "&lt;ikm@example.org&gt;" in page
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("notifications:outbox_send_again"), {"pk": one.pk}, follow=True)
    assert "1 e-mail diantrekan ulang." in response.content.decode()
    assert [(m.subject, m.to) for m in mail.outbox] == [("Scoring open for you", [officer.email])]
    one.refresh_from_db()
    other.refresh_from_db()
    assert (one.status, one.attempts, one.error) == (Notification.Status.SENT, 8, "")
    assert other.status == Notification.Status.FAILED
    assert AuditRecord.objects.filter(action="outbox.sent_again", target_id=str(one.pk)).count() == 1
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("notifications:outbox_send_again"))
    assert [m.to for m in mail.outbox][1:] == [["ikm@example.org"]]


def test_only_ministry_admins_send_failed_e_mails_again(client, officer, team_member):
    notification = failed(officer)
    client.force_login(team_member)
    assert client.post(reverse("notifications:outbox_send_again"), {"pk": notification.pk}).status_code == 403
    notification.refresh_from_db()
    assert notification.status == Notification.Status.FAILED and not mail.outbox


def test_a_private_message_is_hidden_on_the_outbox_page_and_cannot_be_opened_for_editing(client, admin_user, officer):
    secret = "https://portal.example/accounts/set-password/MQ/secret-token-5f3a/"
    invitation = failed(officer, kind="invitation", subject="Your account", body=f"Set your password: {secret}")
    waiting = Notification.objects.create(
        recipient=officer, kind="invitation", subject="Invite", body=secret, status=Notification.Status.OUTBOX
    )
    client.force_login(admin_user)
    page = client.get(reverse("notifications:outbox")).content.decode()
    assert "Your account" in page and "secret-token-5f3a" not in page
    assert page.count('class="small text-muted fst-italic"') == 2  # "hidden", once per private message
    assert reverse("notifications:outbox_edit", args=[waiting.pk]) not in page
    assert client.get(reverse("notifications:outbox_edit", args=[waiting.pk])).status_code == 404
    assert invitation.is_private


def test_healthz_reports_the_in_process_queue_and_the_failed_e_mails(client, officer):
    failed(officer)
    response = client.get(reverse("health"))
    assert response.status_code == 200
    queue = response.json()["queue"]
    assert queue["broker"] == "in-process" and queue["failed_emails"] == 1


def test_healthz_says_when_the_broker_cannot_be_reached(client, settings):
    settings.CELERY_BROKER_URL = "redis://127.0.0.1:6397/0"  # nothing listens there
    settings.CELERY_TASK_ALWAYS_EAGER = False
    assert queue_status()["broker"] == "unreachable"
    response = client.get(reverse("health"))
    assert response.status_code == 200 and response.json()["queue"]["broker"] == "unreachable"


def test_a_queued_notification_is_handed_over_once(officer):
    notification = Notification.objects.create(recipient=officer, kind="k", subject="S", body="B")
    assert enqueue([notification.pk]) == 1
    assert enqueue([notification.pk]) == 1  # handed again (a sweep racing the first): the claim sends it once
    assert len(mail.outbox) == 1


def test_the_outbox_page_takes_as_many_queries_for_many_failed_e_mails_as_for_two(client, admin_user, officer):
    from tests.test_query_counts import count_queries

    client.force_login(admin_user)
    for _ in range(2):
        failed(officer)
    few = count_queries(client, reverse("notifications:outbox"))
    for index in range(20):
        failed(OfficerFactory(username=f"failing_{index}", regency=officer.regency))
    assert count_queries(client, reverse("notifications:outbox")) == few
