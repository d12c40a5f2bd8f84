"""The Celery app: e-mails and scheduled reminders run as tasks (each app's `tasks.py`, found by autodiscovery).

With `CELERY_BROKER_URL` set (Redis) a worker (`celery -A ovop_portal worker`) runs them and `celery -A ovop_portal
beat` schedules the periodic ones (settings `CELERY_BEAT_SCHEDULE`); without it every task runs in the process that
queued it, right away (`task_always_eager`), so the portal needs nothing else to run. See README, "Task queue and
e-mail".
"""

import os
import time

from celery import Celery
from celery.signals import before_task_publish

from notifications.health import SENT_AT_HEADER

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ovop_portal.settings")

app = Celery("ovop_portal")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@before_task_publish.connect
def stamp_send_time(headers=None, **kwargs):
    """Every message carries the time it was queued: /healthz reads the oldest waiting message's age from it
    (Celery's own headers have no send time)."""
    if headers is not None:
        headers.setdefault(SENT_AT_HEADER, time.time())
