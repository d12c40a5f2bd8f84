"""Pages of the curation app."""
from django.shortcuts import render
from accounts.decorators import rule_required


@rule_required("accounts.team_home")
def worklist(request):
    return render(request, "curation/worklist.html", {"province": request.user.province})
