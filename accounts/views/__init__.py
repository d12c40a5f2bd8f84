"""The landing page after login: each role has its own home."""

from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import PasswordResetView, redirect_to_login
from django.http import HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache

from core.health import report as health_report
from notifications.health import queue_status

from ..forms import ThrottledPasswordResetForm

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


@never_cache
def health(request):
    """For load balancers and monitoring: each component's state and time as JSON (core/health.py), 200 when the
    database and the file storage work and 503 when one does not. The task queue (notifications/health.py) is
    reported beside them but does not fail the check: the server still serves pages, and the e-mails it queues
    while the broker is away are picked up when it is back."""
    body, healthy = health_report()
    body["queue"] = queue_status()
    return JsonResponse(body, status=200 if healthy else 503)


password_reset = PasswordResetView.as_view(form_class=ThrottledPasswordResetForm)


@login_required
def profile(request):
    return render(request, "accounts/profile.html")


def locked_out(request, response=None, credentials=None, *args, **kwargs):
    """django-axes' lock-out page: says what is locked (this address, or this account from this address) and for
    how long, without blaming a password the visitor may never have typed."""
    from django.conf import settings

    from ..lockout import address_is_locked

    return render(
        request,
        "registration/locked_out.html",
        {
            "address_locked": address_is_locked(request, credentials),
            "lockout_minutes": int(settings.AXES_COOLOFF_TIME.total_seconds() // 60),
        },
        status=429,
    )
