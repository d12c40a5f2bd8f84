"""Load Indonesia's 38 provinces and 514 regencies/cities (idn-area-data, ODbL; see accounts/data/README.md)."""

import json
from pathlib import Path

from django.db import migrations

DATA_FILE = Path(__file__).resolve().parent.parent / "data" / "wilayah.json"


def load_regions(apps, schema_editor):
    Province = apps.get_model("accounts", "Province")
    Regency = apps.get_model("accounts", "Regency")
    data = json.loads(DATA_FILE.read_text(encoding="utf-8"))
    Province.objects.bulk_create(
        [Province(code=p["code"], name=p["name"]) for p in data["provinces"]], ignore_conflicts=True
    )
    Regency.objects.bulk_create(
        [Regency(code=r["code"], province_id=r["province"], name=r["name"], kind=r["kind"]) for r in data["regencies"]],
        ignore_conflicts=True,
    )


def unload_regions(apps, schema_editor):
    data = json.loads(DATA_FILE.read_text(encoding="utf-8"))
    apps.get_model("accounts", "Regency").objects.filter(code__in=[r["code"] for r in data["regencies"]]).delete()
    apps.get_model("accounts", "Province").objects.filter(code__in=[p["code"] for p in data["provinces"]]).delete()


class Migration(migrations.Migration):
    dependencies = [("accounts", "0001_initial")]
    operations = [migrations.RunPython(load_regions, unload_regions)]
