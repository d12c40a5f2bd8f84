"""Messages to users: every e-mail the portal sends is also a notification in the portal.

Result e-mails wait in the outbox (status OUTBOX) until a ministry admin reviews and sends them.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from core.text_limits import MESSAGE_MAX, length_checks


class Notification(models.Model):
    class Status(models.TextChoices):
        OUTBOX = "outbox", _("Waiting in the outbox")
        QUEUED = "queued", _("Being sent")
        SENT = "sent", _("Sent")
        NO_ADDRESS = "no_address", _("No e-mail address")
        FAILED = "failed", _("Sending failed")

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications", verbose_name=_("recipient")
    )
    kind = models.CharField(_("kind"), max_length=40, db_index=True)
    subject = models.CharField(_("subject"), max_length=200)
    body = models.TextField(_("message"), max_length=MESSAGE_MAX)
    link = models.CharField(_("link"), max_length=300, blank=True)
    status = models.CharField(_("e-mail"), max_length=10, choices=Status.choices, default=Status.QUEUED)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        indexes = [models.Index(fields=["recipient", "read_at"], name="notification_unread_idx")]
        constraints = length_checks("notification", body=MESSAGE_MAX)

    def __str__(self):
        return f"{self.recipient}: {self.subject}"
