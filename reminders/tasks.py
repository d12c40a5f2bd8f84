"""The reminder job as a Celery task, scheduled every 10 minutes by beat (settings CELERY_BEAT_SCHEDULE)."""

from celery import shared_task

from . import services


@shared_task
def send_reminders():
    return services.send_due_reminders()
