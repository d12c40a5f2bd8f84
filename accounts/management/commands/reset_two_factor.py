"""Reset a user's two-factor sign-in from the server: for the last ministry admin who lost their phone and their
recovery codes (any other user is reset by another ministry admin on the portal). Audited, and the user is
e-mailed; the next sign-in sends them to set up a new authenticator app."""

from django.core.management.base import BaseCommand, CommandError

from accounts import services
from accounts.models import User
from core.exceptions import WorkflowError


class Command(BaseCommand):
    help = "Reset a user's two-factor sign-in (lost phone and recovery codes); audited, the user is e-mailed."

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--reason", required=True, help="How you checked it was them (kept in the audit trail).")

    def handle(self, *args, username, reason, **options):
        user = User.objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"No user has the username {username!r}.")
        try:
            services.reset_two_factor_on_server(user, reason=reason)
        except WorkflowError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            self.style.SUCCESS(f"The two-factor sign-in of {username} was reset; they were told by e-mail.")
        )
