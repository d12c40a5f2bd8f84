"""The landing page after login: each role has its own home."""

from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import PasswordResetView, redirect_to_login
from django.db import DatabaseError, connection
from django.http import HttpResponse
from django.shortcuts import redirect, render

from notifications.health import describe, queue_status

from .forms import ThrottledPasswordResetForm

ROLE_HOMES = {
    "officer": "nominations:list",
    "team_member": "curation:worklist",
    "ministry_admin": "nominations:overview",
    "assessor": "curation:worklist",
}


def home(request):
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    return redirect(ROLE_HOMES[request.user.role])


@login_required
def ping(request):
    """The smallest page behind the full middleware and a session login (the benchmark's baseline)."""
    return HttpResponse("ok", content_type="text/plain")


def health(request):
    """For load balancers: 200 when this app server can reach its database, 503 when it cannot. A second line
    reports the task queue (notifications/health.py); an unreachable broker does not fail the check, since the
    server still serves pages and the e-mails it queues are picked up when the broker is back."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except DatabaseError:
        return HttpResponse("database unavailable", status=503, content_type="text/plain")
    return HttpResponse(f"ok\n{describe(queue_status())}", content_type="text/plain")


password_reset = PasswordResetView.as_view(form_class=ThrottledPasswordResetForm)


@login_required
def profile(request):
    return render(request, "accounts/profile.html")


def locked_out(request, response=None, credentials=None, *args, **kwargs):
    """django-axes' lock-out page: says what is locked (this address, or this account from this address) and for
    how long, without blaming a password the visitor may never have typed."""
    from django.conf import settings

    from .lockout import address_is_locked

    return render(
        request,
        "registration/locked_out.html",
        {
            "address_locked": address_is_locked(request, credentials),
            "lockout_minutes": int(settings.AXES_COOLOFF_TIME.total_seconds() // 60),
        },
        status=429,
    )
