"""A private cache of rendered list, ranking and detail pages, emptied by every change to the portal's data.

A cached page is kept per visitor: the key holds the session, the CSRF secret (so the forms on the page
stay valid), the language and the full path, so nobody ever receives a page rendered for someone else,
and the view's permission check still runs on every request (the decorator sits inside `rule_required`).
The key also holds a *data generation*, a counter in the shared cache that goes up
- after every request that may write (any method but GET, HEAD and OPTIONS), once its response is ready,
  which covers forms, services, bulk updates and the admin;
- after the commit of any save or delete of a model of the portal's own apps outside such a request
  (management commands, the shell), through signals.
So a page is served from the cache only while nothing at all has changed since it was rendered; what
depends on the clock alone (a nomination window closing) is at most PAGE_CACHE_SECONDS old. Pages with
pending messages or that set cookies are not cached.

The cache must be shared by every process (REDIS_URL); with the per-process default cache the page cache is
off unless PAGE_CACHE_SECONDS is set explicitly (see settings).
"""
import hashlib
from functools import wraps

from django.conf import settings
from django.contrib.messages.storage.cookie import CookieStorage
from django.contrib.messages.storage.session import SessionStorage
from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.http import HttpResponse

GENERATION_KEY = "page-cache:generation"
SAFE_METHODS = {"GET", "HEAD", "OPTIONS"}
PORTAL_APPS = {"accounts", "audit", "nominations", "curation", "awards", "notifications", "reports"}


def generation():
    value = cache.get(GENERATION_KEY)
    if value is None:
        cache.add(GENERATION_KEY, 1, timeout=None)
        value = cache.get(GENERATION_KEY, 1)
    return value


def bump_generation():
    """Mark every cached page out of date."""
    try:
        cache.incr(GENERATION_KEY)
    except ValueError:  # not there yet (or evicted): any new value is a fresh generation
        cache.add(GENERATION_KEY, 1, timeout=None)


def _enabled():
    return settings.PAGE_CACHE_SECONDS > 0


def _key(request):
    parts = [
        str(generation()), request.session.session_key or "", request.META.get("CSRF_COOKIE", ""),
        request.LANGUAGE_CODE, request.get_full_path(),
    ]
    return "page-cache:" + hashlib.sha256("\n".join(parts).encode()).hexdigest()


def _has_pending_messages(request):
    return bool(request.COOKIES.get(CookieStorage.cookie_name)) or bool(request.session.get(SessionStorage.session_key))


def cached_page(view):
    """Serve this GET view from the visitor's private page cache while the portal's data is unchanged."""
    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if not _enabled() or request.method != "GET" or not request.user.is_authenticated or _has_pending_messages(request):
            return view(request, *args, **kwargs)
        key = _key(request)
        cached = cache.get(key)
        if cached is not None:
            content, content_type = cached
            return HttpResponse(content, content_type=content_type)
        response = view(request, *args, **kwargs)
        if response.status_code == 200 and not response.streaming and not response.cookies:
            cache.set(key, (response.content, response["Content-Type"]), settings.PAGE_CACHE_SECONDS)
        return response

    return wrapped


class WriteRequestMiddleware:
    """Moves the data generation on after every request that may have written something."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if request.method not in SAFE_METHODS and _enabled():
            bump_generation()
        return response


def _on_change(sender, **kwargs):
    if sender._meta.app_label in PORTAL_APPS and _enabled():
        transaction.on_commit(bump_generation)


def connect_signals():
    for name, signal in (("save", post_save), ("delete", post_delete), ("m2m", m2m_changed)):
        signal.connect(_on_change, dispatch_uid=f"page-cache-{name}")
