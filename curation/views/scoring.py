"""Scorers' pages (team members in their province's stage, national assessors in the national one): the worklist
with progress, the score sheet beside the nomination, conflicts."""

import logging

from django.contrib import messages
from django.db import OperationalError, transaction
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from accounts.models import Regency
from core.decorators import rule_required
from core.exceptions import WorkflowError
from core.page_cache import cached_page
from core.views import ids_from, paginate, run_service
from nominations.models import AwardRound, CommodityType, RoundStatus

from .. import rules, selectors, services
from ..forms import ConflictForm, ScoreSheetForm
from ..models import Criterion, ScoreSheet, SheetStatus, Shortlist, Stage
from .common import curated_nomination

# A large province has hundreds of nominations in curation: the worklist shows them 50 at a time, while
# the progress and the "next" button count them all.
WORKLIST_PAGE_SIZE = 50


@rule_required("curation.score")
@cached_page(entries=False)  # rounds in curation or closed only
def worklist(request):
    rounds = AwardRound.objects.filter(status=RoundStatus.CURATION)
    # An assessor works in the newest round in curation they are assigned in, in their stage of it (rules.stage_of).
    national = request.user.is_assessor
    if national:  # ?round= picks another of their rounds (the e-mails of the Go Global panel link to theirs)
        chosen = rounds.filter(pk=request.GET["round"]).first() if ids_from([request.GET.get("round", "")]) else None
        award_round = selectors.assessor_round(request.user, rounds, chosen)
    else:
        award_round = rounds.first()
    if award_round is None:
        return render(
            request,
            "curation/worklist.html",
            {"award_round": None, "province": request.user.province, "national": national},
        )
    stage = rules.stage_of(request.user, award_round)
    items = selectors.worklist(request.user, award_round, stage)
    # One light read of the whole worklist (ids and flags) gives the progress, the next to score, the filter
    # options and the page; only the page's nominations are then read whole.
    summary = list(items.values_list("pk", "commodity_id", "regency_id", "own_submitted", "own_conflict"))
    commodity, regency = request.GET.get("commodity", ""), request.GET.get("regency", "")
    shown = [
        pk
        for pk, commodity_id, regency_id, _s, _c in summary
        if (not commodity or str(commodity_id) == commodity) and (not regency or regency_id == regency)
    ]
    page, query = paginate(request, shown, WORKLIST_PAGE_SIZE)
    next_pk = next(
        (pk for pk, _commodity, _regency, submitted, conflict in summary if not submitted and not conflict), None
    )
    read = {n.pk: n for n in items.filter(pk__in=[*page.object_list, next_pk])}
    return render(
        request,
        "curation/worklist.html",
        {
            "award_round": award_round,
            "province": request.user.province,
            "items": [read[pk] for pk in page.object_list],
            "page": page,
            "query": query,
            "shown_count": len(shown),
            "progress": selectors.progress([row[3:] for row in summary]),
            "next_item": read.get(next_pk),
            "national": national,
            "stage": stage,
            "assigned": CommodityType.objects.filter(assignments__assessor=request.user, assignments__round=award_round)
            if stage == Stage.NATIONAL
            else None,
            "window_open": selectors.stage_window_open(award_round, stage),
            "commodities": CommodityType.objects.filter(pk__in={row[1] for row in summary}),
            "regencies": Regency.objects.filter(pk__in={row[2] for row in summary}).order_by("name"),
            "chosen_commodity": commodity,
            "chosen_regency": regency,
        },
    )


@rule_required("curation.score")
def score(request, pk):
    nomination = curated_nomination(request, pk)
    stage = rules.stage_of(request.user, nomination.round)
    criteria = Criterion.objects.filter(aspect__round=nomination.round, aspect__stage=stage).select_related("aspect")
    sheet = (
        ScoreSheet.objects.filter(nomination=nomination, member=request.user, stage=stage)
        .prefetch_related("scores")
        .first()
    )
    form = ScoreSheetForm(request.POST or None, criteria=criteria, sheet=sheet)
    if request.method == "POST" and form.is_valid():
        try:
            with transaction.atomic():
                sheet = services.save_sheet(
                    nomination,
                    by=request.user,
                    values=form.values(),
                    comment=form.cleaned_data["comment"],
                    submit="submit" in request.POST,
                    expected_version=form.cleaned_data.get("version"),
                )
        except WorkflowError as error:
            messages.error(request, str(error))
        except OperationalError:  # e.g. SQLite still locked by other writers after its timeout: nothing saved
            logging.getLogger(__name__).warning(
                "Score sheet of %s not saved: database busy or unreachable", pk, exc_info=True
            )
            messages.error(
                request,
                _(
                    "Not saved: the database was busy with other saves for too long. Everything you typed is still "
                    "here: save again in a moment."
                ),
            )
        else:
            messages.success(
                request,
                _("Score sheet submitted.") if sheet.status == SheetStatus.SUBMITTED else _("Draft scores saved."),
            )
            return redirect("curation:score", pk=pk)
    elif request.method == "POST":
        messages.error(request, _("Not saved: please correct the scores marked below."))
    own_submitted = sheet is not None and sheet.status == SheetStatus.SUBMITTED
    others = []
    if own_submitted:
        others = (
            ScoreSheet.objects.filter(
                nomination=nomination, stage=stage, status__in=[SheetStatus.SUBMITTED, SheetStatus.CONFLICT]
            )
            .exclude(pk=sheet.pk)
            .select_related("member")
            .prefetch_related("scores__criterion")
        )
    return render(
        request,
        "curation/score.html",
        {
            "nomination": nomination,
            "form": form,
            "sheet": sheet,
            "own_submitted": own_submitted,
            "own_total": selectors.own_total(sheet),
            "others": others,
            "scoring": rules.may_score(request.user, nomination, sheet, stage=stage),
            "stage": stage,
            "frozen_since": Shortlist.objects.filter(
                round_id=nomination.round_id, province_id=nomination.regency.province_id
            )
            .values_list("forwarded_at", flat=True)
            .first()
            if stage == Stage.PROVINCE
            else None,
            "mean": selectors.with_scores(type(nomination).objects.filter(pk=nomination.pk), stage).get().mean
            if own_submitted
            else None,
        },
    )


@rule_required("curation.score")
def conflict(request, pk):
    nomination = curated_nomination(request, pk)
    form = ConflictForm(request.POST or None)
    if (
        request.method == "POST"
        and form.is_valid()
        and run_service(
            request,
            services.declare_conflict,
            nomination,
            by=request.user,
            reason=form.cleaned_data["reason"],
            success=_("Conflict of interest recorded: you will not score this nomination."),
        )
    ):
        return redirect("curation:worklist")
    return render(request, "curation/conflict.html", {"nomination": nomination, "form": form})
