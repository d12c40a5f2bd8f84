"""Notify users: one in-portal notification per recipient, rendered in the recipient's language, and an
e-mail queued only after the surrounding transaction commits (nothing is sent for a change rolled back).

Each e-mail is a task (notifications/tasks.py): sent by a Celery worker when a broker is configured, else in this
process; retried with backoff, sent at most once per claim (`deliver`), FAILED with its error after the last try,
and sent again from the outbox page by an admin (`send_again`).
"""

import logging
from datetime import timedelta

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.db.models import F, Value
from django.db.models.functions import Coalesce
from django.template.loader import render_to_string
from django.utils import timezone, translation

from audit.models import record
from core.page_cache import changed_outside_request
from core.text_limits import TEXT_MAX

from . import rules
from .models import Notification

logger = logging.getLogger(__name__)


def notify(recipients, kind, context, *, link="", outbox=False):
    """Create notifications of `kind` (templates notifications/email/<kind>_subject.txt and <kind>.txt).

    With outbox=True the e-mails wait for an admin's review (see send_outbox) instead of going out.
    """
    created = []
    seen = set()
    for user in recipients:
        if user.pk in seen or not user.is_active:
            continue
        seen.add(user.pk)
        with translation.override(user.language or settings.LANGUAGE_CODE):
            full_context = {**context, "recipient": user, "link": f"{settings.PORTAL_URL}{link}" if link else ""}
            subject = " ".join(render_to_string(f"notifications/email/{kind}_subject.txt", full_context).split())
            body = render_to_string(f"notifications/email/{kind}.txt", full_context).strip()
        created.append(
            Notification(
                recipient=user,
                kind=kind,
                subject=subject[:200],
                body=body,
                link=link,
                status=Notification.Status.OUTBOX if outbox else Notification.Status.QUEUED,
            )
        )
    Notification.objects.bulk_create(created)  # sets the primary keys on PostgreSQL and SQLite 3.35+
    changed_outside_request()  # bulk_create sends no signal: a reminder's recipients see their unread badge
    if not outbox and created:
        ids = [n.pk for n in created]
        transaction.on_commit(lambda: enqueue(ids))
    return created


def enqueue(ids):
    """Hand each notification to the task queue (a worker, or this process when no broker is configured).

    Called after commit. If the broker cannot be reached the notifications stay queued without `queued_at`, and
    `requeue_stalled` hands them over later: the page that sent them goes on.
    """
    from .tasks import send_notification

    handed = []
    for pk in ids:
        try:
            send_notification.delay(pk)
        except Exception:  # the broker is down: the sweep retries (logged, the user's change is saved)
            logger.exception("Queueing notification %s failed", pk)
        else:
            handed.append(pk)
    if not settings.CELERY_TASK_ALWAYS_EAGER:  # in-process, the task has run: its claim stamped queued_at
        Notification.objects.filter(pk__in=handed, queued_at__isnull=True).update(queued_at=timezone.now())
    return len(handed)


def email_message(notification, connection=None):
    body = notification.body + (
        f"\n\n{settings.PORTAL_URL}{notification.link}"
        if notification.link and notification.link not in notification.body
        else ""
    )
    return EmailMessage(notification.subject, body, to=[notification.to_address], connection=connection)


def deliver(pk, *, last_attempt=True):
    """Send one notification's e-mail, at most once: returns True when this call sent it.

    The notification is claimed with a conditional update (QUEUED → SENDING, committed before talking to SMTP), so
    of two workers, or a task and its redelivered copy, only one sends. On an error it goes back to QUEUED with the
    error text (FAILED after the last attempt) and the error is raised again for the task to retry. The one window
    left: a worker that dies after the SMTP server accepted the message but before SENT is stored; the sweep
    (`requeue_stalled`) queues it again after EMAIL_STALLED_MINUTES, and that e-mail may arrive twice.
    """
    now = timezone.now()
    claimed = Notification.objects.filter(pk=pk, status=Notification.Status.QUEUED).update(
        status=Notification.Status.SENDING,
        sending_since=now,
        queued_at=Coalesce(F("queued_at"), Value(now)),
        attempts=F("attempts") + 1,
    )
    if not claimed:
        return False  # sent, being sent by another worker, failed for good, or gone
    notification = Notification.objects.select_related("recipient").get(pk=pk)
    mine = Notification.objects.filter(pk=pk, status=Notification.Status.SENDING)
    if not notification.to_address:
        mine.update(status=Notification.Status.NO_ADDRESS, sending_since=None)
        return False
    try:
        email_message(notification).send()
    except Exception as error:
        logger.warning("Sending notification %s failed (attempt %s): %s", pk, notification.attempts, error)
        mine.update(
            status=Notification.Status.FAILED if last_attempt else Notification.Status.QUEUED,
            error=f"{type(error).__name__}: {error}"[:TEXT_MAX],
            sending_since=None,
        )
        raise
    mine.update(status=Notification.Status.SENT, sent_at=timezone.now(), sending_since=None, error="")
    return True


def requeue_stalled(now=None):
    """Queue again what was lost on the way: e-mails claimed by a worker that never finished (after
    EMAIL_STALLED_MINUTES; these may have gone out, see `deliver`), and e-mails never handed to the queue (the
    broker was down). Run every 10 minutes by beat, and by `manage.py send_reminders`. Returns how many."""
    now = now or timezone.now()
    stalled = Notification.objects.filter(
        status=Notification.Status.SENDING, sending_since__lt=now - timedelta(minutes=settings.EMAIL_STALLED_MINUTES)
    )
    stalled_ids = list(stalled.values_list("pk", flat=True))
    Notification.objects.filter(pk__in=stalled_ids, status=Notification.Status.SENDING).update(
        status=Notification.Status.QUEUED, sending_since=None
    )
    never_queued = (
        Notification.objects.filter(
            status=Notification.Status.QUEUED, queued_at__isnull=True, created_at__lt=now - timedelta(minutes=2)
        )
        .exclude(pk__in=stalled_ids)
        .values_list("pk", flat=True)
    )
    ids = stalled_ids + list(never_queued)
    enqueue(ids)
    return len(ids)


def send_outbox(*, kind=None):
    """Send every e-mail waiting in the outbox (after an admin's review); returns how many went out."""
    waiting = Notification.objects.filter(status=Notification.Status.OUTBOX)
    if kind:
        waiting = waiting.filter(kind=kind)
    ids = list(waiting.values_list("pk", flat=True))
    Notification.objects.filter(pk__in=ids).update(status=Notification.Status.QUEUED)
    transaction.on_commit(lambda: enqueue(ids))
    return len(ids)


@transaction.atomic
def send_again(notifications, *, by):
    """An admin's "send again" of failed e-mails (a fresh round of attempts), audited; returns how many."""
    rules.may_send_again(by).enforce()
    failed = list(
        Notification.objects.select_for_update().filter(
            pk__in=[n.pk for n in notifications], status=Notification.Status.FAILED
        )
    )
    ids = [n.pk for n in failed]
    Notification.objects.filter(pk__in=ids).update(status=Notification.Status.QUEUED, queued_at=None)
    for notification in failed:
        record(by, "outbox.sent_again", notification, before={"error": notification.error})
    if ids:
        transaction.on_commit(lambda: enqueue(ids))
    return len(ids)


def mail_address(address, kind, context, *, language):
    """E-mail someone who has no account (an IKM that registered its interest), in their language, after commit.

    Rendered from the same templates as notifications (notifications/email/<kind>_subject.txt and <kind>.txt) and
    kept as a notification without recipient (never shown in the portal), so that it is retried and, failed, listed
    for the admins like the others.
    """
    with translation.override(language or settings.LANGUAGE_CODE):
        subject = " ".join(render_to_string(f"notifications/email/{kind}_subject.txt", context).split())
        body = render_to_string(f"notifications/email/{kind}.txt", context).strip()
    notification = Notification.objects.create(address=address, kind=kind, subject=subject[:200], body=body)
    transaction.on_commit(lambda: enqueue([notification.pk]))
    return notification


@transaction.atomic
def mark_read(user, ids):
    """The user's own notifications (`ids`), read now. Not audited: reading one's inbox changes no record."""
    Notification.objects.filter(recipient=user, pk__in=ids, read_at__isnull=True).update(read_at=timezone.now())


@transaction.atomic
def edit_outbox_message(notification, *, subject, body, by):
    """An admin's edit of a result e-mail waiting in the outbox, audited with the text before and after."""
    notification = Notification.objects.select_for_update().get(pk=notification.pk)
    rules.may_edit_outbox_message(by, notification).enforce()
    before = {"subject": notification.subject, "body": notification.body}
    notification.subject, notification.body = subject, body
    notification.save(update_fields=["subject", "body"])
    record(by, "outbox.edited", notification, before=before, after={"subject": subject, "body": body})
    return notification
