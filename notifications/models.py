"""Messages to users: every e-mail the portal sends is also a notification in the portal.

Result e-mails wait in the outbox (status OUTBOX) until a ministry admin reviews and sends them. An e-mail to
someone without an account (an IKM that registered its interest) is a notification with an `address` and no
recipient: it is never shown in the portal, but it is queued, retried and listed when it failed like the others.

Sending (notifications/services.py `deliver`): QUEUED → SENDING (claimed by one worker with a conditional update)
→ SENT, or back to QUEUED with the error for a retry, or FAILED with the error after the last one.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core.text_limits import MESSAGE_MAX, TEXT_MAX, length_checks

# Kinds whose text carries a secret (an invitation's one-time set-password link): admin pages never show their
# body, only that it is hidden.
PRIVATE_KINDS = {"invitation"}


class Notification(models.Model):
    class Status(models.TextChoices):
        OUTBOX = "outbox", _("Waiting in the outbox")
        QUEUED = "queued", _("Being sent")
        SENDING = "sending", _("Being sent")
        SENT = "sent", _("Sent")
        NO_ADDRESS = "no_address", _("No e-mail address")
        FAILED = "failed", _("Sending failed")

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="notifications",
        verbose_name=_("recipient"),
        null=True,
        blank=True,
    )
    address = models.EmailField(_("e-mail address"), blank=True, help_text=_("For someone without an account."))
    kind = models.CharField(_("kind"), max_length=40, db_index=True)
    subject = models.CharField(_("subject"), max_length=200)
    body = models.TextField(_("message"), max_length=MESSAGE_MAX)
    link = models.CharField(_("link"), max_length=300, blank=True)
    status = models.CharField(_("e-mail"), max_length=10, choices=Status.choices, default=Status.QUEUED)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0, editable=False)
    error = models.TextField(_("last error"), max_length=TEXT_MAX, blank=True, editable=False)
    queued_at = models.DateTimeField(null=True, blank=True, editable=False)  # handed to the task queue
    sending_since = models.DateTimeField(null=True, blank=True, editable=False)  # claimed by a worker
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        indexes = [
            models.Index(fields=["recipient", "read_at"], name="notification_unread_idx"),
            models.Index(fields=["status", "created_at"], name="notification_status_idx"),
        ]
        constraints = [
            *length_checks("notification", body=MESSAGE_MAX, error=TEXT_MAX),
            models.CheckConstraint(
                condition=Q(recipient__isnull=False) | ~Q(address=""),
                name="notification_has_a_recipient_or_address",
            ),
        ]

    def __str__(self):
        return f"{self.recipient or self.address}: {self.subject}"

    @property
    def to_address(self):
        """Where the e-mail goes: the recipient's current address, or the address of someone without an account."""
        return self.recipient.email if self.recipient_id else self.address

    @property
    def is_private(self):
        """Its text carries a secret: admin pages show "hidden" instead of the body."""
        return self.kind in PRIVATE_KINDS
