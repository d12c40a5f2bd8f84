"""Ministry admins' pages kept in nominations: the national overview and commodity types.

The round pages (list, set-up, phases, reopening) reach into curation and awards and so live in awards/views/rounds.py,
under the same URLs and names.
"""

from django.contrib import messages
from django.db.models import Count
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from core.decorators import rule_required
from core.views import run_service

from .. import services
from ..forms import CommodityTypeForm
from ..models import CommodityType, NominationStatus
from ..selectors import rounds_with_counts


@rule_required("nominations.overview")
def national_overview(request):
    return render(request, "nominations/overview.html", {"rounds": rounds_with_counts(), "statuses": NominationStatus})


@rule_required("nominations.manage_rounds")
def commodity_list(request):
    return render(
        request,
        "nominations/commodity_list.html",
        {
            "commodities": CommodityType.objects.annotate(nomination_count=Count("nominations")),
        },
    )


@rule_required("nominations.manage_rounds")
def commodity_form(request, pk=None):
    commodity = get_object_or_404(CommodityType, pk=pk) if pk else None
    form = CommodityTypeForm(request.POST or None, instance=commodity)
    if request.method == "POST":
        if not form.is_valid():
            messages.error(request, _("Not saved: please correct the fields marked below."))
        elif run_service(
            request,
            services.save_commodity_type,
            form.save(commit=False),
            by=request.user,
            success=_("Commodity type saved."),
        ):
            return redirect("nominations:commodity_list")
    return render(request, "nominations/commodity_form.html", {"form": form, "commodity": commodity})
