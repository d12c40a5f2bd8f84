"""The physical product sample (contoh produk) the ministry receives with each submitted nomination.

A nomination submitted to the selection expects a sample; the ministry records when it arrived, who received it, its
condition and where it is kept, and whether it was returned or kept. A submitted nomination without a record is
"expected" (`SampleStatus.EXPECTED`), so nothing has to be created when a nomination is submitted.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from core.text_limits import TEXT_MAX, length_checks


class SampleStatus(models.TextChoices):
    EXPECTED = "expected", _("Expected")
    RECEIVED = "received", _("Received")
    RETURNED = "returned", _("Returned to the IKM")
    KEPT = "kept", _("Kept by the ministry")


class SampleCondition(models.TextChoices):
    GOOD = "good", _("Good")
    DAMAGED = "damaged", _("Damaged")
    INCOMPLETE = "incomplete", _("Incomplete")


class ProductSample(models.Model):
    nomination = models.OneToOneField(
        "nominations.Nomination", on_delete=models.CASCADE, related_name="sample", verbose_name=_("nomination")
    )
    status = models.CharField(_("status"), max_length=20, choices=SampleStatus.choices, default=SampleStatus.EXPECTED)
    received_on = models.DateField(_("received on"), null=True, blank=True)
    received_by = models.CharField(
        _("received by"), max_length=150, blank=True, help_text=_("The person at the ministry who took it in.")
    )
    condition = models.CharField(_("condition"), max_length=20, choices=SampleCondition.choices, blank=True)
    kept_at = models.CharField(
        _("where it is kept"), max_length=200, blank=True, help_text=_("For example: Ditjen IKMA showroom, shelf B2.")
    )
    returned_on = models.DateField(_("returned on"), null=True, blank=True)
    note = models.TextField(_("note"), blank=True, max_length=TEXT_MAX)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", editable=False
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("product sample")
        verbose_name_plural = _("product samples")
        constraints = [
            *length_checks("sample", note=TEXT_MAX),
            models.CheckConstraint(
                condition=models.Q(status="expected") | models.Q(received_on__isnull=False),
                name="sample_received_has_a_date",
                violation_error_message=_("A received, returned or kept sample has the date it arrived."),
            ),
        ]

    def __str__(self):
        return f"{self.nomination}: {self.get_status_display()}"
