"""Commodity types (jenis komoditas) that the ministry opens for the award; data, managed by admins."""

from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _


def in_english():
    return (get_language() or "id").startswith("en")


class BilingualName:
    """`name` in the language of the request, from the `name_id` and `name_en` fields."""

    @property
    def name(self):
        return self.name_en if in_english() else self.name_id


class CommodityType(BilingualName, models.Model):
    code = models.SlugField(_("code"), max_length=40, unique=True)
    name_id = models.CharField(_("name (Indonesian)"), max_length=100, unique=True)
    name_en = models.CharField(_("name (English)"), max_length=100)
    is_active = models.BooleanField(
        _("active"), default=True, help_text=_("Inactive types cannot be opened in new rounds.")
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        ordering = ["position", "name_id"]
        verbose_name = _("commodity type")
        verbose_name_plural = _("commodity types")

    def __str__(self):
        return self.name
