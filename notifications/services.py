"""Notify users: one in-portal notification per recipient, rendered in the recipient's language, and an
e-mail sent only after the surrounding transaction commits (nothing is sent for a change rolled back).
"""

import logging

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation

from audit.models import record

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
    if not outbox and created:
        ids = [n.pk for n in created]
        transaction.on_commit(lambda: send_notifications(ids))
    return created


def send_notifications(ids):
    """Send the e-mails of these notifications; each records whether it went out."""
    notifications = list(Notification.objects.filter(pk__in=ids).select_related("recipient"))
    if not notifications:
        return 0
    sent = 0
    with get_connection() as connection:
        for notification in notifications:
            address = notification.recipient.email
            if not address:
                notification.status = Notification.Status.NO_ADDRESS
            else:
                body = notification.body + (
                    f"\n\n{settings.PORTAL_URL}{notification.link}"
                    if notification.link and notification.link not in notification.body
                    else ""
                )
                try:
                    EmailMessage(notification.subject, body, to=[address], connection=connection).send()
                except Exception:  # an SMTP failure must not break the page that triggered it
                    logger.exception("Sending notification %s failed", notification.pk)
                    notification.status = Notification.Status.FAILED
                else:
                    notification.status = Notification.Status.SENT
                    notification.sent_at = timezone.now()
                    sent += 1
            notification.save(update_fields=["status", "sent_at"])
    return sent


def send_outbox(*, kind=None):
    """Send every e-mail waiting in the outbox (after an admin's review); returns how many went out."""
    waiting = Notification.objects.filter(status=Notification.Status.OUTBOX)
    if kind:
        waiting = waiting.filter(kind=kind)
    ids = list(waiting.values_list("pk", flat=True))
    Notification.objects.filter(pk__in=ids).update(status=Notification.Status.QUEUED)
    transaction.on_commit(lambda: send_notifications(ids))
    return len(ids)


def mail_address(address, kind, context, *, language):
    """E-mail someone who has no account (an IKM that registered its interest), in their language, after commit.

    Rendered from the same templates as notifications (notifications/email/<kind>_subject.txt and <kind>.txt);
    no in-portal notification is kept, the audit record of the change says what happened.
    """
    with translation.override(language or settings.LANGUAGE_CODE):
        subject = " ".join(render_to_string(f"notifications/email/{kind}_subject.txt", context).split())
        body = render_to_string(f"notifications/email/{kind}.txt", context).strip()

    def send():
        try:
            EmailMessage(subject[:200], body, to=[address]).send()
        except Exception:  # an SMTP failure must not break the page that triggered it
            logger.exception("Sending the %s e-mail failed", kind)

    transaction.on_commit(send)


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
