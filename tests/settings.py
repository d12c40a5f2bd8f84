"""The test run's settings: the portal's own, as in production (DEBUG off, its default), with only what the test
client and the live server on plain HTTP need: a key of their own, no redirect to HTTPS, cookies over HTTP."""

import os

os.environ.setdefault("SECRET_KEY", "tests-only-" + "not-a-secret-" * 4)

from ovop_portal.settings import *  # noqa: E402,F403

SECURE_SSL_REDIRECT = False
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = False
# Every /healthz call runs its checks, so that a test breaking the storage sees it at once (tests/core/test_health.py
# checks the production default, which runs them at most every 5 seconds).
HEALTH_CHECK_SECONDS = 0
