"""Nominations of rounds published before the outcome statuses existed: awarded or not awarded, as their decision says."""

from django.db import migrations


def conclude(apps, schema_editor):
    Nomination = apps.get_model("nominations", "Nomination")
    Decision = apps.get_model("awards", "Decision")
    published = Nomination.objects.filter(round__results_published_at__isnull=False, status="locked")
    awarded = Decision.objects.filter(level__isnull=False).values("nomination_id")
    published.filter(pk__in=awarded).update(status="awarded")
    published.exclude(pk__in=awarded).update(status="not_awarded")


def unconclude(apps, schema_editor):
    Nomination = apps.get_model("nominations", "Nomination")
    Nomination.objects.filter(status__in=["awarded", "not_awarded"]).update(status="locked")


class Migration(migrations.Migration):
    dependencies = [
        ("awards", "0001_initial"),
        ("nominations", "0005_nomination_outcome_statuses"),
    ]

    operations = [migrations.RunPython(conclude, unconclude)]
