"""The IKM (industri kecil dan menengah) as its own record, identified by its NIB.

Its nominations over the years form its history; each nomination keeps that year's figures.

Which regency/city an IKM belongs to: the regency of its first submitted nomination that is still in the workflow
(submitted, returned, in curation, decided; a withdrawn one gives it up), or the regency a ministry admin moved it
to (`nominations.services.move_ikm`, audited). A draft claims nothing: officers of several regencies may hold
drafts with one NIB, and whichever submits first holds it. Another regency's officer who types a held NIB is told
only that it is registered elsewhere, never where.
"""

from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

nib_validator = RegexValidator(r"^\d{13}$", _("The NIB has exactly 13 digits."), code="invalid_nib")

REGISTERED_ELSEWHERE = _(
    "This NIB is registered to another regency/city's IKM. Contact the ministry (Ditjen IKMA) if the IKM has moved."
)


class Ikm(models.Model):
    nib = models.CharField(_("Nomor Induk Berusaha (NIB)"), max_length=13, unique=True, validators=[nib_validator])
    business_name = models.CharField(_("business name"), max_length=200)
    # Where it was first recorded (by any draft), or where a ministry admin moved it (then `moved_at` is set).
    # Who may nominate it is decided by `holder_id`, not by this field alone.
    regency = models.ForeignKey(
        "accounts.Regency", on_delete=models.PROTECT, related_name="ikms", verbose_name=_("regency/city")
    )
    moved_at = models.DateTimeField(_("moved by the ministry at"), null=True, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["business_name"]
        verbose_name = _("IKM")
        verbose_name_plural = _("IKM")

    def __str__(self):
        return f"{self.business_name} ({self.nib})"

    def holder_id(self):
        """The id of the regency the IKM belongs to, or None while only drafts (or withdrawn nominations) name it."""
        if self.moved_at:
            return self.regency_id
        from .nomination import NominationStatus

        holding = self.nominations.exclude(status__in=[NominationStatus.DRAFT, NominationStatus.WITHDRAWN])
        return holding.order_by("submitted_at", "pk").values_list("regency_id", flat=True).first()

    def may_be_nominated_by(self, regency_id):
        holder = self.holder_id()
        return holder is None or holder == regency_id
