"""Existing rounds: Go Global takes Bintang 2 and 3 holders, so the default Bintang 1 level is not eligible."""

from django.db import migrations


def bintang_1_not_eligible(apps, schema_editor):
    apps.get_model("awards", "AwardLevel").objects.filter(name_id="Bintang 1").update(eligible_for_go_global=False)


def all_eligible(apps, schema_editor):
    apps.get_model("awards", "AwardLevel").objects.filter(name_id="Bintang 1").update(eligible_for_go_global=True)


class Migration(migrations.Migration):
    dependencies = [("awards", "0005_level_eligible_for_go_global")]

    operations = [migrations.RunPython(bintang_1_not_eligible, all_eligible)]
