"""The IKM (industri kecil dan menengah) as its own record, identified by its NIB.

Its nominations over the years form its history; each nomination keeps that year's figures.
"""
from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

nib_validator = RegexValidator(r"^\d{13}$", _("The NIB has exactly 13 digits."), code="invalid_nib")


class Ikm(models.Model):
    nib = models.CharField(_("Nomor Induk Berusaha (NIB)"), max_length=13, unique=True, validators=[nib_validator])
    business_name = models.CharField(_("business name"), max_length=200)
    regency = models.ForeignKey("accounts.Regency", on_delete=models.PROTECT, related_name="ikms", verbose_name=_("regency/city"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["business_name"]
        verbose_name = _("IKM")
        verbose_name_plural = _("IKM")

    def __str__(self):
        return f"{self.business_name} ({self.nib})"
