"""Pages of the nominations app."""
from django.shortcuts import render
from accounts.decorators import rule_required


@rule_required("accounts.officer_home")
def nomination_list(request):
    return render(request, "nominations/list.html", {"regency": request.user.regency})


@rule_required("accounts.admin_home")
def national_overview(request):
    return render(request, "nominations/overview.html")
