"""A private cache of rendered list, ranking and detail pages, emptied by every change that could show on them.

A cached page is kept per visitor: the key holds the session, the CSRF secret (so the forms on the page
stay valid), the language and the full path, so nobody ever receives a page rendered for someone else,
and the view's permission check still runs on every request (the decorator sits inside `rule_required`).

The key also holds *data generations*, counters in the shared cache, one per scope of data that a page may show:
- an officer's pages (which show only their own regency's nominations) hold the national counter, their
  regency's and their province team's; a team member's pages (their province's submitted nominations) hold the
  national counter and their province's; a ministry admin's or an assessor's pages hold the counter for
  everything, and, where the page may show drafts (`@cached_page`, unless `drafts=False`), the drafts counter;
- after every request of a logged-in user that may write (any method but GET, HEAD and OPTIONS, and a
  GET whose view says it wrote with `mark_written`), once its response is ready, the writer's counters move:
  an officer's regency and province (an officer can change nothing outside their own regency, and their
  province's team sees it once submitted), a team member's province and province team (their work shows to the
  province's officers), the national one for an admin's or an assessor's request; every write also moves the
  counter for everything. This covers forms, services, bulk updates and the admin;
- a request whose view says it wrote nothing but a draft (`mark_draft_written`: an officer's save of a draft, a
  photo added to one) moves only the regency's counter and the drafts counter: nobody else sees a draft (a team
  member or an assessor never, an admin on the pages that show drafts), so the team's and the ministry's other
  pages stay cached while officers save drafts on deadline day;
- a write by a visitor not logged in moves only what its view names (`mark_written(request, regency_scope(...))`:
  an IKM's interest, which the regency's officers see in their navbar);
- a save or delete of any model of the portal's apps outside a request (management commands, the shell, a
  worker) moves the national counter after its commit, through signals.
So a page is served from the cache only while nothing that it could show has changed since it was
rendered, and a write in one regency leaves the other regencies' cached pages in place (and a draft saved there,
the team's and the ministry's pages that show no drafts). What depends on
the clock alone (a nomination window closing) is at most PAGE_CACHE_SECONDS old. Pages with pending
messages or that set cookies are not cached.

The cache must be shared by every process (REDIS_URL); with the per-process default cache the page cache is
off unless PAGE_CACHE_SECONDS is set explicitly (see settings).

Two rules for views that use it:
1. `@cached_page` sits under the view's permission decorator (`@rule_required(...)` above it), so the permission
   check runs on every request, cached or not. A system check (core/checks.py, `ovop.E001`) walks every URL's view
   and refuses to start when a cached page is not behind a permission check.
2. A GET view that writes (the inbox marks what it shows as read) calls `mark_written(request)`: otherwise the
   writer's cached pages would go on showing the data as it was before. A view that writes for a visitor not
   logged in names the scope it wrote; a view that wrote only a draft says so with `mark_draft_written` (only
   after the write, and only when the nomination is still a draft: anything else a request writes moves the full
   set of the writer's counters).
"""

import contextvars
import hashlib
import time
from functools import partial, wraps

from django.conf import settings
from django.contrib.messages.storage.cookie import CookieStorage
from django.contrib.messages.storage.session import SessionStorage
from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.http import HttpResponse

SAFE_METHODS = {"GET", "HEAD", "OPTIONS"}
# Says whether a page came from the cache ("hit") or was drawn and kept ("miss"); bench/run.py counts it.
STATUS_HEADER = "X-Page-Cache"
PORTAL_APPS = {"accounts", "audit", "nominations", "curation", "awards", "notifications", "reports"}
EVERYTHING, NATIONAL, DRAFTS = "all", "national", "drafts"

_in_request = contextvars.ContextVar("page_cache_in_request", default=False)


def _fresh_generation():
    """The time in microseconds: a counter that was evicted and starts again never repeats a value its
    earlier life reached (that would serve pages drawn before the eviction), as counters move on far
    slower than a million times a second."""
    return time.time_ns() // 1000


def _generation_key(scope):
    return f"page-cache:generation:{scope}"


def generations(scopes):
    keys = [_generation_key(scope) for scope in scopes]
    found = cache.get_many(keys)
    for key in keys:
        if key not in found:
            cache.add(key, _fresh_generation(), timeout=None)
            found[key] = cache.get(key)
    return [found[key] for key in keys]


def bump_generation(scope=NATIONAL):
    """Mark out of date every cached page that shows data of this scope (a regency's, a province's, national)."""
    bump_generations({scope, EVERYTHING})


def bump_generations(scopes):
    for key in map(_generation_key, scopes):
        try:
            cache.incr(key)
        except ValueError:  # not there yet (or evicted)
            cache.add(key, _fresh_generation(), timeout=None)


def regency_scope(code):
    return f"regency:{code}"


def province_of(user):
    """The province whose data this user's pages show, None for a ministry admin.

    An officer's province is the first part of the regency's Kemendagri code ("34.04" lies in "34"), which
    spares a query on every request (tests/core/test_page_cache.py checks the rule against all 514 regencies).
    """
    if user.is_officer and user.regency_id:
        return user.regency_id.split(".")[0]
    if user.is_team_member:
        return user.province_id
    return None


def scopes_shown_to(user, *, drafts=True):
    """The data generations a page of this user depends on (`drafts`: whether the page may show drafts)."""
    province = province_of(user)
    if province is None:
        return (EVERYTHING, DRAFTS) if drafts else (EVERYTHING,)
    if user.is_officer:
        return (NATIONAL, f"team:{province}", regency_scope(user.regency_id))
    return (NATIONAL, f"province:{province}")  # a team member never sees a draft


def scopes_written_by(user, *, draft_only=False):
    """The data generations a write of this user moves (`draft_only`: the request wrote nothing but a draft)."""
    province = province_of(user)
    if province is None:
        return {NATIONAL, EVERYTHING}
    if user.is_officer:
        if draft_only:
            return {regency_scope(user.regency_id), DRAFTS}
        return {regency_scope(user.regency_id), f"province:{province}", EVERYTHING}
    return {f"province:{province}", f"team:{province}", EVERYTHING}


def _enabled():
    return settings.PAGE_CACHE_SECONDS > 0


def _key(request, drafts):
    parts = [
        *map(str, generations(scopes_shown_to(request.user, drafts=drafts))),
        request.session.session_key or "",
        request.META.get("CSRF_COOKIE", ""),
        request.LANGUAGE_CODE,
        request.get_full_path(),
    ]
    return "page-cache:" + hashlib.sha256("\n".join(parts).encode()).hexdigest()


def _has_pending_messages(request):
    return bool(request.COOKIES.get(CookieStorage.cookie_name)) or bool(request.session.get(SessionStorage.session_key))


def cached_page(view=None, *, drafts=True):
    """Serve this GET view from the visitor's private page cache while the data it shows is unchanged.

    `@cached_page(drafts=False)` on a view that never shows a draft to anyone (the curation pages): an admin's
    page of it then stays cached while officers save drafts."""
    if view is None:
        return partial(cached_page, drafts=drafts)

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if (
            not _enabled()
            or request.method != "GET"
            or not request.user.is_authenticated
            or _has_pending_messages(request)
        ):
            return view(request, *args, **kwargs)
        key = _key(request, drafts)
        cached = cache.get(key)
        if cached is not None:
            content, content_type = cached
            response = HttpResponse(content, content_type=content_type)
            response[STATUS_HEADER] = "hit"
            return response
        response = view(request, *args, **kwargs)
        if response.status_code == 200 and not response.streaming and not response.cookies:
            cache.set(key, (response.content, response["Content-Type"]), settings.PAGE_CACHE_SECONDS)
            response[STATUS_HEADER] = "miss"
        return response

    # The wrapper names itself (an outer functools.wraps copies the attribute, pointing at this inner function):
    # core/checks.py tells by identity which level of a view's decorators caches.
    wrapped.page_cached = wrapped
    return wrapped


def permission_checked(wrapper):
    """Mark `wrapper` as the level of a view's decorators that checks the user's permission (core.decorators)."""
    wrapper.permission_checked = wrapper
    return wrapper


def uncovered_cached_views(view):
    """The levels of `view`'s decorators that cache the page without a permission check above them."""
    found, checked = [], False
    while view is not None:
        checked = checked or getattr(view, "permission_checked", None) is view
        if getattr(view, "page_cached", None) is view and not checked:
            found.append(view)
        view = getattr(view, "__wrapped__", None)
    return found


WRITTEN, DRAFT_ONLY = "_page_cache_written", "_page_cache_draft_only"


def mark_written(request, *scopes):
    """Say that this request changed data: a GET that writes (as the inbox does, marking what it shows as read),
    or a request of a visitor not logged in, naming the scopes it wrote (`regency_scope(code)`)."""
    setattr(request, WRITTEN, {*getattr(request, WRITTEN, ()), *scopes})


def mark_draft_written(request):
    """Say that this request wrote nothing but the draft it saved (call it after the write, when the nomination is
    still a draft): only the officer's regency and the drafts counter move (module docstring)."""
    setattr(request, DRAFT_ONLY, True)


class WriteRequestMiddleware:
    """Moves the writer's data generations on after every request that may have written something."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        # Asked before the view runs, as a login changes it. Someone not logged in can change nothing that
        # the cached pages show (a login only notes its time, a password reset only the password) but what the
        # view names with mark_written, so a flood of login attempts does not empty the cache.
        logged_in = user is not None and user.is_authenticated
        token = _in_request.set(True)
        try:
            response = self.get_response(request)
        finally:
            _in_request.reset(token)
        if not _enabled():
            return response
        named = getattr(request, WRITTEN, None)
        scopes = set(named or ())
        if logged_in and (request.method not in SAFE_METHODS or named is not None):
            scopes |= scopes_written_by(user, draft_only=getattr(request, DRAFT_ONLY, False))
        if scopes:
            bump_generations(scopes | ({EVERYTHING} if named else set()))
        return response


def _on_change(sender, **kwargs):
    # Inside a request the middleware above knows the writer's scope; elsewhere any page may show the change.
    if sender._meta.app_label in PORTAL_APPS and _enabled() and not _in_request.get():
        transaction.on_commit(bump_generation)


def connect_signals():
    for name, signal in (("save", post_save), ("delete", post_delete), ("m2m", m2m_changed)):
        signal.connect(_on_change, dispatch_uid=f"page-cache-{name}")
