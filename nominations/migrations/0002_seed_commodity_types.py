"""Seed the OVOP commodity types; admins add or retire types in the portal afterwards."""

from django.db import migrations

COMMODITY_TYPES = [
    ("makanan-minuman", "Makanan dan minuman", "Food and beverages"),
    ("kain-tenun", "Kain tenun", "Woven fabric (tenun)"),
    ("kain-batik", "Kain batik", "Batik fabric"),
    ("anyaman", "Anyaman", "Woven crafts (anyaman)"),
    ("gerabah", "Gerabah", "Pottery (gerabah)"),
    ("kerajinan-kayu", "Kerajinan kayu", "Wood crafts"),
    ("kerajinan-logam", "Kerajinan logam", "Metal crafts"),
    ("fesyen-aksesori", "Fesyen dan aksesori", "Fashion and accessories"),
    ("kosmetik-herbal", "Kosmetik dan herbal", "Cosmetics and herbal products"),
]


def seed(apps, schema_editor):
    CommodityType = apps.get_model("nominations", "CommodityType")
    for position, (code, name_id, name_en) in enumerate(COMMODITY_TYPES, start=1):
        CommodityType.objects.update_or_create(
            code=code, defaults={"name_id": name_id, "name_en": name_en, "position": position}
        )


def unseed(apps, schema_editor):
    apps.get_model("nominations", "CommodityType").objects.filter(
        code__in=[code for code, _, _ in COMMODITY_TYPES], nominations__isnull=True
    ).delete()


class Migration(migrations.Migration):
    dependencies = [("nominations", "0001_initial")]
    operations = [migrations.RunPython(seed, unseed)]
