"""A real Celery worker against the local Redis (127.0.0.1:6379, as in CI) takes an e-mail queued after a commit
and sends it: the path a deployment with CELERY_BROKER_URL takes (notifications/tasks.py)."""

import time
import uuid

import pytest
import redis
from celery import Celery
from celery.contrib.testing.worker import start_worker
from django.core import mail

from notifications.models import Notification
from notifications.services import notify
from ovop_portal.celery import app as portal_app

REDIS = "redis://127.0.0.1:6379/14"


@pytest.fixture
def broker_app(settings):
    """The portal's Celery configuration with a broker: a queue of this test's own on the local Redis (other runs
    may share it), set as the current app while the test runs."""
    try:
        redis.Redis.from_url(REDIS, socket_connect_timeout=1).ping()
    except redis.RedisError:
        pytest.skip("needs Redis on 127.0.0.1:6379 (CI has it)")
    queue = f"ovop-test-{uuid.uuid4().hex[:8]}"
    settings.CELERY_BROKER_URL = REDIS
    settings.CELERY_TASK_ALWAYS_EAGER = False
    settings.CELERY_TASK_DEFAULT_QUEUE = queue
    app = Celery("ovop_portal_test", set_as_current=False)
    app.config_from_object("django.conf:settings", namespace="CELERY")
    app.conf.broker_url, app.conf.task_always_eager, app.conf.task_default_queue = REDIS, False, queue
    app.autodiscover_tasks(force=True)
    app.set_current()
    try:
        yield app
    finally:
        portal_app.set_current()
        redis.Redis.from_url(REDIS).delete(queue)
        app.close()


def wait_for(condition, seconds=20):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.1)
    return False


@pytest.mark.django_db(transaction=True)
def test_a_worker_sends_the_e_mail_queued_after_commit_and_healthz_saw_it_waiting(broker_app, officer, client):
    from notifications.health import queue_status

    (notification,) = notify([officer], "scoring_open", {"round": "Penghargaan IKM OVOP 2030"}, link="/curation/")
    # Autocommit: notify's on-commit hand-over ran at once; the message waits in Redis, no worker yet.
    status = queue_status()
    assert (status["broker"], status["waiting"]) == ("ok", 1) and status["oldest_seconds"] is not None
    queue = client.get("/healthz").json()["queue"]
    assert queue["broker"] == "ok" and queue["waiting"] == 1
    notification.refresh_from_db()
    assert notification.status == Notification.Status.QUEUED and not mail.outbox
    with start_worker(broker_app, pool="solo", perform_ping_check=False, shutdown_timeout=10):
        sent = wait_for(lambda: Notification.objects.get(pk=notification.pk).status == Notification.Status.SENT)
    assert sent
    assert [m.to for m in mail.outbox] == [[officer.email]]
    assert queue_status()["waiting"] == 0
