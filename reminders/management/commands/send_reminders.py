"""`manage.py send_reminders`: the scheduled reminders due now, and e-mails lost on the way queued again. For
cron where no Celery beat runs (every 10 minutes; running it more often or twice at once sends nothing twice)."""

from django.core.management.base import BaseCommand

from notifications.services import requeue_stalled
from reminders.services import send_due_reminders


class Command(BaseCommand):
    help = "Send the reminders due now (each once) and queue again e-mails that stalled."

    def handle(self, *args, **options):
        sent = send_due_reminders()
        requeued = requeue_stalled()
        self.stdout.write(f"{sent} reminders sent, {requeued} stalled e-mails queued again.")
