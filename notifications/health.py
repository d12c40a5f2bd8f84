"""The task queue's part of /healthz: whether the broker answers, and how long the oldest task has waited.

Kept apart from the other checks of the health page so that each can be read and changed alone.
"""

import json
import time

from django.conf import settings

SENT_AT_HEADER = "sent_at"  # stamped on every message when it is queued (ovop_portal/celery.py)


def queue_status():
    """{"broker": "in-process" | "ok" | "unreachable", "waiting": n, "oldest_seconds": s or None, "failed_emails": n}.

    The waiting messages are read from the Redis list of the default queue (Celery's Redis transport pushes on the
    left and takes from the right, so the oldest is the last). Messages a worker has already taken (retries waiting
    for their countdown) are not counted.
    """
    from .models import Notification

    status = {
        "broker": "in-process",
        "waiting": 0,
        "oldest_seconds": None,
        "failed_emails": Notification.objects.filter(status=Notification.Status.FAILED).count(),
    }
    if settings.CELERY_TASK_ALWAYS_EAGER:
        return status
    import redis

    client = redis.Redis.from_url(settings.CELERY_BROKER_URL, socket_connect_timeout=1, socket_timeout=1)
    queue = settings.CELERY_TASK_DEFAULT_QUEUE
    try:
        with client.pipeline() as pipe:
            waiting, oldest = pipe.llen(queue).lindex(queue, -1).execute()
    except redis.RedisError:
        return {**status, "broker": "unreachable"}
    finally:
        client.close()
    status.update(broker="ok", waiting=waiting)
    if oldest:
        sent_at = json.loads(oldest).get("headers", {}).get(SENT_AT_HEADER)
        if sent_at is not None:
            status["oldest_seconds"] = round(max(0.0, time.time() - float(sent_at)), 1)
    return status
