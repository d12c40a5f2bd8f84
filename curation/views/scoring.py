"""Team members' pages: the worklist with progress, the score sheet beside the nomination, conflicts."""
from django.contrib import messages
from django.db import transaction
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from accounts.decorators import rule_required
from ovop_portal.page_cache import cached_page
from nominations.models import AwardRound, CommodityType, RoundStatus

from .. import selectors, services
from ..forms import ConflictForm, ScoreSheetForm
from ..models import Criterion, ScoreSheet, SheetStatus
from .common import curated_nomination


@rule_required("curation.score")
@cached_page
def worklist(request):
    award_round = AwardRound.objects.filter(status=RoundStatus.CURATION).first()
    if award_round is None:
        return render(request, "curation/worklist.html", {"award_round": None, "province": request.user.province})
    items = list(selectors.worklist(request.user, award_round))
    progress = selectors.progress(items)
    next_item = next((n for n in items if not n.own_submitted and not n.own_conflict), None)
    commodity, regency = request.GET.get("commodity"), request.GET.get("regency")
    shown = [n for n in items if (not commodity or str(n.commodity_id) == commodity) and (not regency or n.regency_id == regency)]
    return render(request, "curation/worklist.html", {
        "award_round": award_round, "province": request.user.province, "items": shown, "progress": progress,
        "next_item": next_item, "window_open": award_round.scoring_window_open(),
        "commodities": CommodityType.objects.filter(nominations__in=[n.pk for n in items]).distinct(),
        "regencies": sorted({n.regency for n in items}, key=lambda r: r.name),
        "chosen_commodity": commodity or "", "chosen_regency": regency or "",
    })


@rule_required("curation.score")
def score(request, pk):
    nomination = curated_nomination(request, pk)
    criteria = Criterion.objects.filter(aspect__round=nomination.round).select_related("aspect")
    sheet = ScoreSheet.objects.filter(nomination=nomination, member=request.user).prefetch_related("scores").first()
    form = ScoreSheetForm(request.POST or None, criteria=criteria, sheet=sheet)
    if request.method == "POST" and form.is_valid():
        try:
            with transaction.atomic():
                sheet = services.save_sheet(
                    nomination, by=request.user, values=form.values(), comment=form.cleaned_data["comment"],
                    submit="submit" in request.POST, expected_version=form.cleaned_data.get("version"),
                )
        except services.WorkflowError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("Score sheet submitted.") if sheet.status == SheetStatus.SUBMITTED else _("Draft scores saved."))
            return redirect("curation:score", pk=pk)
    elif request.method == "POST":
        messages.error(request, _("Not saved: please correct the scores marked below."))
    own_submitted = sheet is not None and sheet.status == SheetStatus.SUBMITTED
    others = []
    if own_submitted:
        others = ScoreSheet.objects.filter(nomination=nomination, status__in=[SheetStatus.SUBMITTED, SheetStatus.CONFLICT]).exclude(pk=sheet.pk).select_related("member").prefetch_related("scores__criterion")
    return render(request, "curation/score.html", {
        "nomination": nomination, "form": form, "sheet": sheet, "own_submitted": own_submitted, "others": others,
        "window_open": nomination.round.scoring_window_open(),
        "mean": selectors.with_scores(type(nomination).objects.filter(pk=nomination.pk)).get().mean if own_submitted else None,
    })


@rule_required("curation.score")
def conflict(request, pk):
    nomination = curated_nomination(request, pk)
    form = ConflictForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.declare_conflict(nomination, by=request.user, reason=form.cleaned_data["reason"])
        except services.WorkflowError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("Conflict of interest recorded: you will not score this nomination."))
            return redirect("curation:worklist")
    return render(request, "curation/conflict.html", {"nomination": nomination, "form": form})
