"""View guards: anonymous visitors go to the login page, signed-in users without the right get 403."""

from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from rules import test_rule

from .page_cache import permission_checked


def rule_required(rule):
    """Like rules' decorator, but a signed-in user without the right gets 403, not a login loop."""

    def decorator(view_func):
        @wraps(view_func)
        def wrapped(request, *args, **kwargs):
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if not test_rule(rule, request.user):
                raise PermissionDenied
            return view_func(request, *args, **kwargs)

        return permission_checked(wrapped)

    return decorator


def check_rule(request, rule, obj):
    """Refuse with 403 unless the signed-in user passes `rule` for `obj` (fetched through a scoped queryset)."""
    if not test_rule(rule, request.user, obj):
        raise PermissionDenied
