"""core/checks.py: a cached page must sit behind its permission check, or the portal refuses to start."""

import pytest
from django.core.checks import run_checks
from django.http import HttpResponse
from django.test import override_settings
from django.urls import path

from core.checks import cached_pages_behind_permission_checks
from core.decorators import rule_required
from core.page_cache import cached_page


@rule_required("nominations.browse")
@cached_page
def guarded(request):
    return HttpResponse("ok")


@cached_page
@rule_required("nominations.browse")
def cached_before_its_check(request):
    return HttpResponse("not ok")


@cached_page
def cached_without_check(request):
    return HttpResponse("not ok")


urlpatterns = [
    path("guarded/", guarded),
    path("wrong-order/", cached_before_its_check),
    path("unguarded/", cached_without_check),
]


@override_settings(ROOT_URLCONF=__name__)
def test_a_cached_view_above_or_without_its_permission_check_is_refused():
    errors = cached_pages_behind_permission_checks()
    assert sorted(error.obj.__name__ for error in errors) == ["cached_before_its_check", "cached_without_check"]
    assert {error.id for error in errors} == {"ovop.E001"}
    assert "/wrong-order/" in errors[0].msg or "/wrong-order/" in errors[1].msg


def test_every_cached_page_of_the_portal_sits_behind_its_permission_check():
    assert [error for error in run_checks(tags=["urls"]) if error.id == "ovop.E001"] == []


@pytest.mark.django_db
def test_the_check_runs_on_the_portals_own_urls_and_finds_the_cached_pages():
    from django.urls import get_resolver

    from core.checks import _patterns

    cached = [route for route, view in _patterns(get_resolver()) if getattr(view, "page_cached", None) is not None]
    assert any(route.startswith("nominations/") for route in cached)
