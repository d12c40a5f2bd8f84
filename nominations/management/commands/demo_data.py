"""Create the demo: accounts of every role, an award round taking nominations, sample nominations.

Running it twice does not duplicate anything. It refuses to run with DEBUG off (a production
database) unless --force is given.
"""
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from accounts.demo import DEMO_PASSWORD, create_users
from accounts.models import User
from nominations import demo


class Command(BaseCommand):
    help = "Create demo accounts, an open award round and sample nominations."

    def add_arguments(self, parser):
        parser.add_argument("--force", action="store_true", help="Run even when DEBUG is off.")

    def handle(self, *args, force=False, **options):
        if not settings.DEBUG and not force:
            raise CommandError(
                "DEBUG is off: this looks like a production database. Demo accounts have a published "
                "password; run with --force only if you really want them here."
            )
        with transaction.atomic():
            rows = create_users()
            award_round = demo.create_open_round(User.objects.get(username="admin"))
            created = demo.create_nominations(award_round)
        self.stdout.write(self.style.SUCCESS(f"Demo accounts ready (password for all: {DEMO_PASSWORD}):"))
        for username, role, place in rows:
            self.stdout.write(f"  {username:<22} {role:<40} {place}")
        self.stdout.write(f"Round “{award_round}” ({award_round.get_phase_display()}): {created} new sample nominations.")
