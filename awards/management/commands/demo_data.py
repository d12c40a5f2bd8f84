"""Create the demo: accounts of every role and award rounds in every phase (see awards/demo.py).

Running it twice does not duplicate anything. It refuses to run with DEBUG off (a production
database) unless --force is given.
"""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.test import override_settings
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.demo import DEMO_PASSWORD, DEMO_RECOVERY_CODES, DEMO_TOTP_KEY, create_users
from accounts.models import User
from awards import demo


class Command(BaseCommand):
    help = "Create demo accounts and award rounds in every phase (a 2022-like round included)."

    def add_arguments(self, parser):
        parser.add_argument("--force", action="store_true", help="Run even when DEBUG is off.")

    def handle(self, *args, force=False, **options):
        if not settings.DEBUG and not force:
            raise CommandError(
                "DEBUG is off: this looks like a production database. Demo accounts have a published "
                "password; run with --force only if you really want them here."
            )
        # Demo e-mails go nowhere: the dummy backend is kept until after the commit, when they are sent.
        with override_settings(EMAIL_BACKEND="django.core.mail.backends.dummy.EmailBackend"), transaction.atomic():
            rows = create_users()
            rounds = demo.create_demo(User.objects.get(username="admin"))
        self.stdout.write(self.style.SUCCESS(f"Demo accounts ready (password for all: {DEMO_PASSWORD}):"))
        for username, role, place in rows:
            self.stdout.write(f"  {username:<22} {role:<40} {place}")
        self.stdout.write(
            f"The admin signs in with two factors: add the key {DEMO_TOTP_KEY} to an authenticator app (or open "
            f"{TOTPDevice.objects.get(user__username='admin', confirmed=True).config_url} on the phone), or use "
            f"one of the recovery codes {', '.join(DEMO_RECOVERY_CODES)} (each once; the command brings them back)."
        )
        self.stdout.write(
            "Team members of the 2022 demo provinces: team.<province code>.chair/.1/.2; officers: officer.<regency "
            "code>."
        )
        for award_round in rounds:
            own = award_round.nominations.filter(reevaluates__isnull=True).count()
            again = award_round.nominations.filter(reevaluates__isnull=False).count()
            self.stdout.write(
                f"  {award_round.name:<30} {award_round.get_phase_display():<18} {own} nominations"
                + (f" and {again} re-evaluations" if again else "")
            )
