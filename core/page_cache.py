"""A private cache of rendered list, ranking and detail pages, emptied by every change that could show on them.

A cached page is kept per visitor: the key holds the session, the CSRF secret (so the forms on the page
stay valid), the language and the full path, so nobody ever receives a page rendered for someone else,
and the view's permission check still runs on every request (the decorator sits inside `rule_required`).

The key also holds *data generations*, counters in the shared cache, one per scope of data that a page may show:
- an officer's pages (which show only their own regency's nominations) hold the national counter, their
  regency's and their province team's; a team member's pages (their province's submitted nominations) hold the
  national counter, their province's and, where the page may show a nomination of a round taking nominations
  (`@cached_page`, unless `entries=False`), their province's entries counter; a ministry admin's or an
  assessor's pages hold the counter for everything, and an admin's, where the page may show such a nomination,
  the (national) entries counter;
- after every request of a logged-in user that may write (any method but GET, HEAD and OPTIONS, and a
  GET whose view says it wrote with `mark_written`), once its response is ready, the writer's counters move:
  an officer's regency and province (an officer can change nothing outside their own regency, and their
  province's team sees it once submitted), a team member's province and province team (their work shows to the
  province's officers), the national one for an admin's or an assessor's request; every write also moves the
  counter for everything. This covers forms, services, bulk updates and the admin;
- a request whose view says it wrote nothing but one entry (`mark_entry_written`: an officer's save of a draft,
  a photo added to one, a submit, which only a round taking nominations accepts) moves the regency's counter, the
  entries counter and, for an entry that is no longer a draft, the province's entries counter (its team sees it
  now): nobody else sees a draft, and no curation page shows a round that takes nominations (they show rounds in
  curation or closed), so the team's and the ministry's curation pages stay cached while officers save and submit
  on deadline day. Each entries counter has one for each round beside it, moved with it: a page that shows one
  round's nominations (`@cached_page(round_query="round")`: the statistics of ?round=) holds its round's counter,
  and stays cached while officers save and submit in another round. The notification a submit sends the team
  shows in the navbar's unread count, which is a *fresh part* of every page (below): drawn afresh into a page
  served from the cache, so no notification redraws a page;
- a write by a visitor not logged in moves only what its view names (`mark_written(request, regency_scope(...))`:
  an IKM's interest, which the regency's officers see in their navbar);
- a view may name more scopes it wrote (`mark_written(request, *scopes)`): a submit, a withdrawal or a returned
  nomination's new NIB names every other regency (and its province) with a nomination of the same IKM, whose draft
  pages say whether another regency holds it (nominations.views.nominations._ikm_holder_may_have_changed);
- a save or delete of any model of the portal's apps outside a request (management commands, the shell, a
  worker) moves the national counter after its commit, through signals; code that writes there without signals
  calls `changed_outside_request()` (notify()'s bulk_create for the scheduled reminders; a restore bumps itself).
So a page is served from the cache only while nothing that it could show has changed since it was
rendered, and a write in one regency leaves the other regencies' cached pages in place (and an entry saved or
submitted there, the curation pages). What depends on
the clock alone (a nomination window closing) is at most PAGE_CACHE_SECONDS old; a page that shows data kept
apart for a while (the statistics' figures, the scorers' calibration) is kept no longer than that data
(`keep_page_until`). Pages with pending
messages or that set cookies are not cached.

The cache must be shared by every process (REDIS_URL); with the per-process default cache the page cache is
off unless PAGE_CACHE_SECONDS is set explicitly (see settings).

Two rules for views that use it:
1. `@cached_page` sits under the view's permission decorator (`@rule_required(...)` above it), so the permission
   check runs on every request, cached or not. A system check (core/checks.py, `ovop.E001`) walks every URL's view
   and refuses to start when a cached page is not behind a permission check.
2. A GET view that writes (the inbox marks what it shows as read) calls `mark_written(request)`: otherwise the
   writer's cached pages would go on showing the data as it was before. A view that writes for a visitor not
   logged in names the scope it wrote; a view that wrote only one entry says so with `mark_entry_written`, after
   the write, saying whether it is still a draft (module docstring; anything else a request writes moves the full
   set of the writer's counters). A view that never shows a nomination of a round taking nominations says so with
   `@cached_page(entries=False)`.
"""

import contextvars
import hashlib
import re
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
EVERYTHING, NATIONAL, ENTRIES = "all", "national", "entries"

_in_request = contextvars.ContextVar("page_cache_in_request", default=False)
# While a cached page is drawn: the moments until which the data it shows, kept apart, is good (keep_page_until).
_keep_until = contextvars.ContextVar("page_cache_keep_until", default=None)


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


def round_entries(scope, round_pk):
    """The counter of `scope`'s entries ("entries", "entries:<province>") of one round: a page that shows one round
    holds it instead of the counter of every round's entries, so a save or submit in the round taking nominations
    does not redraw a page of an earlier round."""
    return f"{scope}@round:{round_pk}"


def scopes_shown_to(user, *, entries=True, round_pk=None):
    """The data generations a page of this user depends on (`entries`: whether the page may show a nomination of a
    round taking nominations; `round_pk`: the one round whose nominations it shows, if it shows one round only)."""
    province = province_of(user)
    if province is None:
        # An assessor sees only what reached curation (Nomination.objects.visible_to).
        if not (entries and user.is_ministry_admin):
            return (EVERYTHING,)
        return (EVERYTHING, ENTRIES if round_pk is None else round_entries(ENTRIES, round_pk))
    if user.is_officer:
        return (NATIONAL, f"team:{province}", regency_scope(user.regency_id))
    # A team member never sees a draft; a submit moves their province's entries (a curation page shows none).
    if not entries:
        return (NATIONAL, f"province:{province}")
    shown = f"entries:{province}"
    return (NATIONAL, f"province:{province}", shown if round_pk is None else round_entries(shown, round_pk))


def scopes_written_by(user, *, entry=None):
    """The data generations a write of this user moves (`entry`: the request wrote nothing but one entry, (DRAFT or
    SUBMITTED, its round's pk), as mark_entry_written said)."""
    province = province_of(user)
    if province is None:
        return {NATIONAL, EVERYTHING}
    if user.is_officer:
        kind, round_pk = entry or (None, None)
        if kind == DRAFT:
            return {regency_scope(user.regency_id), ENTRIES, round_entries(ENTRIES, round_pk)}
        if kind == SUBMITTED:
            shown = f"entries:{province}"
            return {
                regency_scope(user.regency_id),
                *(ENTRIES, round_entries(ENTRIES, round_pk)),
                *(shown, round_entries(shown, round_pk)),
            }
        return {regency_scope(user.regency_id), f"province:{province}", EVERYTHING}
    return {f"province:{province}", f"team:{province}", EVERYTHING}


def _enabled():
    return settings.PAGE_CACHE_SECONDS > 0


def _round_named(request, parameter):
    """The pk of the round that ?parameter= names, as the view reads it (queryset.get(pk=value): " 07" is 7), or None
    (not named, or not a number: the view then shows another round or none, and the page holds every round's
    counter)."""
    try:
        return int(request.GET[parameter]) if parameter else None
    except (KeyError, ValueError):
        return None


def _key(request, entries, round_query):
    scopes = scopes_shown_to(request.user, entries=entries, round_pk=_round_named(request, round_query))
    parts = [
        *map(str, generations(scopes)),
        request.session.session_key or "",
        request.META.get("CSRF_COOKIE", ""),
        request.LANGUAGE_CODE,
        request.get_full_path(),
    ]
    return "page-cache:" + hashlib.sha256("\n".join(parts).encode()).hexdigest()


def keep_page_until(moment):
    """Say that the page being drawn shows data kept apart until `moment` (a time.time()), whose writes move no
    counter (the statistics' figures, kept a minute, which the page says are "at most 60 seconds old"; the scorers'
    calibration in the rankings, kept a minute): the page cache keeps the page no longer. Without it a page drawn
    just after a write, from data kept from before it, would stay cached for PAGE_CACHE_SECONDS after that data was
    replaced. Code that keeps data apart reads it through `kept_apart`, which calls it; outside the drawing of a
    cached page it does nothing."""
    kept = _keep_until.get()
    if kept is not None:
        kept.append(moment)


def kept_apart(key, compute, seconds):
    """`compute()`, kept `seconds` in the shared cache under `key`; a page drawn from it is kept in the page cache no
    longer than it (keep_page_until). For data whose writes move no counter (the statistics' figures, the scorers'
    calibration)."""
    counted_at, value = cache.get_or_set(key, lambda: (time.time(), compute()), seconds)
    keep_page_until(counted_at + seconds)
    return value


def _seconds_to_keep(kept):
    if not kept:
        return settings.PAGE_CACHE_SECONDS
    return min(settings.PAGE_CACHE_SECONDS, int(min(kept) - time.time()))  # whole seconds, rounded down


def _has_pending_messages(request):
    return bool(request.COOKIES.get(CookieStorage.cookie_name)) or bool(request.session.get(SessionStorage.session_key))


def cached_page(view=None, *, entries=True, round_query=None):
    """Serve this GET view from the visitor's private page cache while the data it shows is unchanged.

    `@cached_page(entries=False)` on a view that never shows a nomination of a round taking nominations (the
    curation pages, which show rounds in curation or closed): an admin's page of it then stays cached while
    officers save and submit their entries. `@cached_page(round_query="round")` on a view that shows the
    nominations of the one round its ?round= names, when it names one (the statistics): the page then holds that
    round's entries counter only, and stays cached while officers save and submit in another round."""
    if view is None:
        return partial(cached_page, entries=entries, round_query=round_query)

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if (
            not _enabled()
            or request.method != "GET"
            or not request.user.is_authenticated
            or _has_pending_messages(request)
        ):
            return view(request, *args, **kwargs)
        key = _key(request, entries, round_query)
        cached = cache.get(key)
        if cached is not None:
            content, content_type = cached
            response = HttpResponse(_refreshed(request, content), content_type=content_type)
            response[STATUS_HEADER] = "hit"
            return response
        token = _keep_until.set([])
        try:
            response = view(request, *args, **kwargs)
            seconds = _seconds_to_keep(_keep_until.get())
        finally:
            _keep_until.reset(token)
        if response.status_code == 200 and not response.streaming and not response.cookies and seconds > 0:
            cache.set(key, (response.content, response["Content-Type"]), seconds)
            response[STATUS_HEADER] = "miss"
        return response

    # The wrapper names itself (an outer functools.wraps copies the attribute, pointing at this inner function):
    # core/checks.py tells by identity which level of a view's decorators caches.
    wrapped.page_cached = wrapped
    return wrapped


# Parts of a page drawn afresh on every request, a cached page included: {name: function(request) -> HTML}. A
# template of its own draws one between <!--fresh:name--> and <!--/fresh:name--> (the markers included); the app
# registers the function that draws that template (`@fresh_part(name)`), whose output replaces the part in a page
# served from the cache. So the navbar's unread count follows every notification without redrawing the page.
FRESH_PARTS = {}
FRESH = re.compile(rb"<!--fresh:(\w+)-->.*?<!--/fresh:\1-->", re.DOTALL)


def fresh_part(name):
    def register(render):
        FRESH_PARTS[name] = render
        return render

    return register


def _refreshed(request, content):
    def draw(match):
        render = FRESH_PARTS.get(match.group(1).decode())
        if render is None:
            return match.group(0)
        drawn = FRESH.search(render(request).encode())  # the part, markers included, of what its template draws
        return drawn.group(0) if drawn else match.group(0)

    return FRESH.sub(draw, content)


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


WRITTEN, ENTRY = "_page_cache_written", "_page_cache_entry"
DRAFT, SUBMITTED = "draft", "submitted"


def mark_written(request, *scopes):
    """Say that this request changed data: a GET that writes (as the inbox does, marking what it shows as read);
    with `scopes` (`regency_scope(code)`, `"province:<code>"`), data beyond the writer's own scopes (an IKM that
    another regency's drafts name), or, for a visitor not logged in, the only data it changed."""
    setattr(request, WRITTEN, {*getattr(request, WRITTEN, ()), *scopes})


def mark_entry_written(request, *, draft, round_pk):
    """Say that this officer's request wrote nothing but one nomination (and what hangs on it: its files,
    certifications, audit records, notifications to its regency's officers and province's team), either a draft
    (`draft=True`, in any round) or an entry of a round taking nominations now (a submit). Call it after the write,
    with the nomination as written: the officer's regency, the entries counter and, unless a draft, the province's
    counter move, each also for the entry's round (`round_pk`), module docstring."""
    setattr(request, ENTRY, (DRAFT if draft else SUBMITTED, round_pk))


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
            scopes |= scopes_written_by(user, entry=getattr(request, ENTRY, None))
        elif scopes:  # a visitor not logged in: what the view named, and the ministry's pages
            scopes.add(EVERYTHING)
        if scopes:
            bump_generations(scopes)
        return response


def changed_outside_request():
    """Outside a request (a command, a worker, beat's reminders), any page may show a change: move the national
    counter after the commit. Signals call it for saves and deletes; code that writes without them (bulk_create,
    update, a restored database) calls it itself. Inside a request the middleware knows the writer's scopes."""
    if _enabled() and not _in_request.get():
        transaction.on_commit(bump_generation)


def _on_change(sender, **kwargs):
    if sender._meta.app_label in PORTAL_APPS:
        changed_outside_request()


def connect_signals():
    for name, signal in (("save", post_save), ("delete", post_delete), ("m2m", m2m_changed)):
        signal.connect(_on_change, dispatch_uid=f"page-cache-{name}")
