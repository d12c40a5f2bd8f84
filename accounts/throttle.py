"""Requests counted per key in Django's cache, so that an action can be limited per hour (locmem or Redis alike)."""

import hashlib
import logging

from django.core.cache import cache

log = logging.getLogger(__name__)


def within_limit(scope, key, limit, seconds=3600):
    """Count one more request for `key` in `scope`; False when more than `limit` came within `seconds`.

    The window starts with the first request. When the cache cannot be reached (Redis down, errors ignored),
    the request is allowed: a throttle must not take the portal down with it.
    """
    digest = hashlib.sha256(str(key).strip().lower().encode()).hexdigest()
    cache_key = f"throttle:{scope}:{digest}"
    cache.add(cache_key, 0, timeout=seconds)
    try:
        count = cache.incr(cache_key)
    except ValueError:  # the window ended between add() and incr()
        cache.set(cache_key, 1, timeout=seconds)
        count = 1
    if count is None:
        log.warning("Throttle %s not counted: the cache did not answer.", scope)
        return True
    return count <= limit
