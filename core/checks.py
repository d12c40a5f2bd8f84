"""System checks of the portal's own rules (run by `manage.py check`, runserver, migrate and the test suite)."""

from django.core.checks import Error, register
from django.urls import URLPattern, URLResolver, get_resolver

from .page_cache import uncovered_cached_views


def _patterns(resolver, prefix=""):
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            yield from _patterns(entry, prefix + str(entry.pattern))
        elif isinstance(entry, URLPattern):
            yield prefix + str(entry.pattern), entry.callback


@register("urls")
def cached_pages_behind_permission_checks(app_configs=None, **kwargs):
    """`@cached_page` must sit under the view's permission decorator (core/page_cache.py, rule 1)."""
    return [
        Error(
            f"The view of /{route} ({view.__module__}.{view.__qualname__}) is cached without a permission check "
            "above the cache.",
            hint="Put @rule_required(...) above @cached_page, so that the check runs on every request.",
            obj=view,
            id="ovop.E001",
        )
        for route, view in _patterns(get_resolver())
        if uncovered_cached_views(view)
    ]
