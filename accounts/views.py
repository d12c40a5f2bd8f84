"""The landing page after login: each role has its own home."""
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.shortcuts import redirect, render

ROLE_HOMES = {
    "officer": "nominations:list",
    "team_member": "curation:worklist",
    "ministry_admin": "nominations:overview",
}


def home(request):
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    return redirect(ROLE_HOMES[request.user.role])


@login_required
def profile(request):
    return render(request, "accounts/profile.html")


def locked_out(request, response=None, credentials=None, *args, **kwargs):
    """django-axes' lockout page: says why and for how long, with the way out (a password reset)."""
    from django.conf import settings

    return render(request, "registration/locked_out.html", {
        "failure_limit": settings.AXES_FAILURE_LIMIT,
        "lockout_minutes": int(settings.AXES_COOLOFF_TIME.total_seconds() // 60),
    }, status=429)
