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
