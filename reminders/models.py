"""The log of scheduled reminders: one row per reminder sent, unique per (kind, round, recipient, days before the
deadline), so each reminder goes once however often, or however many times at once, the job runs."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ReminderKind(models.TextChoices):
    DRAFTS = "drafts", _("Nominations not submitted")
    SCORING = "scoring", _("Provincial score sheets left")
    NATIONAL = "national", _("National assessment sheets left")
    SHORTLIST = "shortlist", _("Shortlist not forwarded")
    SAMPLES = "samples", _("Product samples not arrived")


class Reminder(models.Model):
    kind = models.CharField(_("kind"), max_length=20, choices=ReminderKind.choices)
    round = models.ForeignKey(
        "nominations.AwardRound", on_delete=models.CASCADE, related_name="+", verbose_name=_("award round")
    )
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", verbose_name=_("recipient")
    )
    days_before = models.PositiveSmallIntegerField(_("days before the deadline"))
    sent_at = models.DateTimeField(_("sent at"), auto_now_add=True)

    class Meta:
        verbose_name = _("reminder")
        verbose_name_plural = _("reminders")
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "round", "recipient", "days_before"], name="reminder_once_per_recipient_and_day"
            )
        ]

    def __str__(self):
        return f"{self.get_kind_display()} ({self.days_before}): {self.recipient}"
