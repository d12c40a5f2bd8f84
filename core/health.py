"""What `/healthz` reports: one check per component the portal needs, each timed, with the overall status.

Each check is a function that raises when its component does not work; `COMPONENTS` names them in the order
they run, and each name becomes a key of the JSON: `{"status": "ok", "database": {"ok": true, "ms": 0.4}, ...}`.
A failed component carries the exception's class name (the details go to the log, not to a public page) and
makes the whole answer a 503, so that a load balancer takes the server out.
"""

import logging
import time
import uuid

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import connection

logger = logging.getLogger(__name__)

PROBE = b"OVOP Portal health probe\n"


def database_status():
    """One query through this app server's connection."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")


def storage_status(storage=default_storage):
    """Write, read back and delete a small file through the uploads' storage (local disk or the bucket)."""
    name = storage.save(f"healthz/{uuid.uuid4().hex}.txt", ContentFile(PROBE))
    try:
        with storage.open(name, "rb") as probe:
            if probe.read() != PROBE:
                raise OSError("the probe file read back differs from the one written")
    finally:
        storage.delete(name)


COMPONENTS = {"database": database_status, "storage": storage_status}


def timed(name, check):
    started = time.perf_counter()
    try:
        check()
    except Exception as error:
        logger.exception("Health check of the %s failed", name)
        return {"ok": False, "ms": round((time.perf_counter() - started) * 1000, 1), "error": type(error).__name__}
    return {"ok": True, "ms": round((time.perf_counter() - started) * 1000, 1)}


# The last report of this process and when it was made: /healthz is public, and each check writes to the storage
# (three requests to the bucket), so a flood of calls runs the checks at most once every HEALTH_CHECK_SECONDS.
_last = {"at": None, "report": None}


def report():
    """(the JSON-ready report, whether every component works), at most HEALTH_CHECK_SECONDS old."""
    now = time.monotonic()
    if _last["at"] is None or now - _last["at"] >= settings.HEALTH_CHECK_SECONDS:
        components = {name: timed(name, check) for name, check in COMPONENTS.items()}
        healthy = all(component["ok"] for component in components.values())
        _last.update(at=now, report=({"status": "ok" if healthy else "fail", **components}, healthy))
    body, healthy = _last["report"]
    return dict(body), healthy
