"""Ministry admins' pages: the national overview, award rounds and commodity types."""

from django.contrib import messages
from django.db import transaction
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from accounts.decorators import rule_required
from awards.services import seed_default_levels
from core.exceptions import WorkflowError
from core.views import run_service
from curation.services import seed_default_rubric, send_scoring_reminders

from .. import services
from ..forms import AwardRoundForm, CommodityTypeForm, ReasonForm
from ..models import AwardRound, CommodityType, NominationStatus

ROUND_ACTIONS = {
    "open": (services.open_round_for_nominations, gettext_lazy("The round is open for nominations.")),
    "curation": (
        services.start_curation,
        gettext_lazy("Curation started: submitted nominations are locked for the selection teams."),
    ),
    "close": (services.close_round, gettext_lazy("The round is closed.")),
    "remind": (
        lambda award_round, by: send_scoring_reminders(award_round),
        gettext_lazy("Reminders sent to the team members with nominations left to score."),
    ),
}


def rounds_with_counts():
    counts = {
        f"count_{status}": Count("nominations", filter=Q(nominations__status=status))
        for status in NominationStatus.values
    }
    return AwardRound.objects.prefetch_related("commodity_types").annotate(
        count_all=Count("nominations"),
        provinces=Count(
            "nominations__regency__province", distinct=True, filter=~Q(nominations__status=NominationStatus.DRAFT)
        ),
        **counts,
    )


@rule_required("nominations.overview")
def national_overview(request):
    return render(request, "nominations/overview.html", {"rounds": rounds_with_counts(), "statuses": NominationStatus})


@rule_required("nominations.manage_rounds")
def round_list(request):
    return render(request, "nominations/round_list.html", {"rounds": rounds_with_counts()})


@rule_required("nominations.manage_rounds")
def round_form(request, pk=None):
    award_round = get_object_or_404(AwardRound, pk=pk) if pk else None
    form = AwardRoundForm(request.POST or None, instance=award_round)
    if request.method == "POST":
        if form.is_valid():
            try:
                with transaction.atomic():
                    award_round = services.save_round(form.save(commit=False), by=request.user)
                    form.save_m2m()
                    seed_default_rubric(award_round, by=request.user)
                    seed_default_levels(award_round)
            except WorkflowError as error:
                messages.error(request, str(error))
            else:
                messages.success(request, _("Round “%(name)s” saved.") % {"name": award_round.name})
                return redirect("nominations:round_list")
        else:
            messages.error(request, _("Not saved: please correct the fields marked below."))
    return render(request, "nominations/round_form.html", {"form": form, "award_round": award_round})


@require_POST
@rule_required("nominations.manage_rounds")
def round_action(request, pk, action):
    award_round = get_object_or_404(AwardRound, pk=pk)
    if action not in ROUND_ACTIONS:
        messages.error(request, _("Unknown action."))
        return redirect("nominations:round_list")
    service, done = ROUND_ACTIONS[action]
    run_service(request, service, award_round, by=request.user, success=done)
    return redirect("nominations:round_list")


@require_http_methods(["GET", "POST"])
@rule_required("nominations.manage_rounds")
def round_reopen(request, pk):
    """A closed round goes back to curation only through this page: a ministry admin's reason, audited."""
    award_round = get_object_or_404(AwardRound, pk=pk)
    form = ReasonForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        run_service(
            request,
            services.reopen_round,
            award_round,
            by=request.user,
            reason=form.cleaned_data["reason"],
            success=_("%(round)s is reopened and back in curation.") % {"round": award_round},
        )
        return redirect("nominations:round_list")
    return render(
        request,
        "_reason_page.html",
        {
            "form": form,
            "title": _("Reopen a closed round"),
            "button": _("Reopen the round"),
            "cancel_url": reverse("nominations:round_list"),
            "intro": _(
                "%(round)s goes back to curation: shortlists, minutes and round settings can change again until it "
                "is closed anew. Published results stay published. The reason goes into the audit trail."
            )
            % {"round": award_round},
        },
    )


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
        if form.is_valid():
            form.save()
            messages.success(request, _("Commodity type saved."))
            return redirect("nominations:commodity_list")
        messages.error(request, _("Not saved: please correct the fields marked below."))
    return render(request, "nominations/commodity_form.html", {"form": form, "commodity": commodity})
