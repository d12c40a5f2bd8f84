"""An IKM's interest in the OVOP award, typed on the public page (no login) for its regency's office.

The office (an officer of the regency) accepts it, which starts a draft nomination from it, or declines it with a
reason that the IKM receives by e-mail. Nothing an IKM typed is ever shown publicly: only the IKM's regency's
officers and ministry admins read it.
"""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core.text_limits import TEXT_MAX, length_checks

from .ikm import nib_validator


class InterestStatus(models.TextChoices):
    NEW = "new", _("Waiting for the office")
    ACCEPTED = "accepted", _("Accepted: draft nomination started")
    DECLINED = "declined", _("Declined")


class InterestQuerySet(models.QuerySet):
    def visible_to(self, user):
        """An officer reads the interests of their own regency, a ministry admin all; nobody else any."""
        if getattr(user, "is_ministry_admin", False):
            return self
        return self.filter(regency_id=user.regency_id) if getattr(user, "is_officer", False) else self.none()


class Interest(models.Model):
    nib = models.CharField(
        _("Nomor Induk Berusaha (NIB)"), max_length=13, validators=[nib_validator], help_text=_("13 digits, from OSS.")
    )
    business_name = models.CharField(_("business name"), max_length=200)
    product_name = models.CharField(_("product"), max_length=200)
    commodity = models.ForeignKey(
        "nominations.CommodityType",
        on_delete=models.PROTECT,
        related_name="interests",
        verbose_name=_("commodity type"),
    )
    regency = models.ForeignKey(
        "accounts.Regency", on_delete=models.PROTECT, related_name="interests", verbose_name=_("regency/city")
    )
    contact_name = models.CharField(_("contact person"), max_length=150)
    email = models.EmailField(_("e-mail"))
    phone = models.CharField(_("phone or WhatsApp"), max_length=30, blank=True)
    message = models.TextField(_("message to the office"), blank=True, max_length=TEXT_MAX)
    status = models.CharField(
        _("status"), max_length=20, choices=InterestStatus.choices, default=InterestStatus.NEW, editable=False
    )
    decline_reason = models.TextField(_("reason"), blank=True, editable=False, max_length=TEXT_MAX)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+", editable=False
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True, editable=False)
    nomination = models.OneToOneField(
        "nominations.Nomination",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="interest",
        editable=False,
        verbose_name=_("nomination"),
    )
    language = models.CharField(max_length=10, default=settings.LANGUAGE_CODE, editable=False)
    created_at = models.DateTimeField(_("registered at"), auto_now_add=True, db_index=True)

    objects = InterestQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("IKM interest")
        verbose_name_plural = _("IKM interests")
        indexes = [models.Index(fields=["regency", "status"], name="interest_regency_status_idx")]
        constraints = length_checks("interest", message=TEXT_MAX, decline_reason=TEXT_MAX)

    def __str__(self):
        return f"{self.business_name} ({self.nib})"

    def get_absolute_url(self):
        return reverse("nominations:interest", args=[self.pk])
