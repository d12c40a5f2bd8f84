"""The national assessment for ministry admins: who assesses which commodity type, their progress and reminders,
and the national ranking per commodity type with the provincial mean beside it."""

from django.db.models import Count
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from core.decorators import rule_required
from core.views import run_service
from nominations.models import AwardRound

from .. import rules, selectors, services
from ..forms import AssignAssessorForm
from ..models import Assignment, ScoreSheet, SheetStatus, Stage, national_nominations


def _progress(award_round):
    """(assessor id, commodity id) -> (sheets submitted or declined, nominations) of the national stage, on the
    nominations forwarded now (a shortlist reopened and forwarded without one leaves its sheets behind)."""
    forwarded = national_nominations(award_round)
    to_assess = dict(forwarded.values("commodity_id").annotate(n=Count("id")).values_list("commodity_id", "n"))
    done = {
        (row["member_id"], row["nomination__commodity_id"]): row["n"]
        for row in ScoreSheet.objects.filter(
            nomination__in=forwarded,
            stage=Stage.NATIONAL,
            status__in=[SheetStatus.SUBMITTED, SheetStatus.CONFLICT],
        )
        .values("member_id", "nomination__commodity_id")
        .annotate(n=Count("id"))
    }
    return to_assess, done


@rule_required("curation.assessment")
def assessment(request, round_pk):
    award_round = get_object_or_404(AwardRound, pk=round_pk)
    form = AssignAssessorForm(request.POST or None, award_round=award_round)
    if request.method == "POST" and form.is_valid():
        outcome = run_service(
            request,
            services.assign_assessor,
            award_round,
            form.cleaned_data["assessor"],
            form.cleaned_data["commodities"],
            by=request.user,
            success=lambda new: (
                ngettext(
                    "%(assessor)s assigned to %(count)s commodity type and told by e-mail.",
                    "%(assessor)s assigned to %(count)s commodity types and told by e-mail.",
                    len(new),
                )
                % {"assessor": form.cleaned_data["assessor"], "count": len(new)}
            ),
        )
        if outcome:
            return redirect("curation:assessment", round_pk=round_pk)
    assignments = list(
        Assignment.objects.filter(round=award_round, stage=Stage.NATIONAL)
        .select_related("assessor", "commodity")
        .order_by("commodity__name_id", "assessor__last_name", "assessor__first_name", "pk")
    )
    to_assess, done = _progress(award_round)
    for assignment in assignments:
        assignment.total = to_assess.get(assignment.commodity_id, 0)
        assignment.done = done.get((assignment.assessor_id, assignment.commodity_id), 0)
    commodities = list(award_round.commodity_types.all())
    rows = selectors.national_ranking(award_round)
    by_commodity = {c.pk: {"commodity": c, "assignments": [], "rows": []} for c in commodities}
    for assignment in assignments:
        by_commodity.setdefault(
            assignment.commodity_id, {"commodity": assignment.commodity, "assignments": [], "rows": []}
        )["assignments"].append(assignment)
    for row in rows:
        by_commodity.setdefault(row.commodity_id, {"commodity": row.commodity, "assignments": [], "rows": []})[
            "rows"
        ].append(row)
    for group in by_commodity.values():  # the rank within the commodity type: the national ranking is per type
        for position, row in enumerate(group["rows"], start=1):
            row.commodity_rank = position if row.mean is not None else None
    members, _z = selectors.calibration(award_round, stage=Stage.NATIONAL)
    return render(
        request,
        "curation/assessment.html",
        {
            "award_round": award_round,
            "form": form,
            "groups": [group for group in by_commodity.values() if group["rows"] or group["assignments"]],
            "idle": [g["commodity"] for g in by_commodity.values() if not (g["rows"] or g["assignments"])],
            "uncovered": [c for c in commodities if not by_commodity[c.pk]["assignments"]],
            "can_assign": rules.may_assign_assessors(request.user, award_round),
            "window_open": award_round.national_window_open(),
            "calibration": members,
            "forwarded_count": len(rows),
            "sheets_done": sum(done.values()),
        },
    )


@require_POST
@rule_required("curation.assessment")
def unassign(request, pk):
    assignment = get_object_or_404(Assignment.objects.select_related("assessor", "commodity"), pk=pk)
    run_service(
        request,
        services.unassign_assessor,
        assignment,
        by=request.user,
        success=_("%(assessor)s leaves the Go Global panel.") % {"assessor": assignment.assessor}
        if assignment.stage == Stage.GO_GLOBAL
        else _("%(assessor)s no longer assesses %(commodity)s.")
        % {"assessor": assignment.assessor, "commodity": assignment.commodity},
    )
    page = "curation:go_global" if assignment.stage == Stage.GO_GLOBAL else "curation:assessment"
    return redirect(page, round_pk=assignment.round_id)


@require_POST
@rule_required("curation.assessment")
def remind(request, round_pk):
    award_round = get_object_or_404(AwardRound, pk=round_pk)
    run_service(
        request,
        services.send_assessment_reminders,
        award_round,
        success=lambda count: (
            ngettext("Reminder sent to %(count)s assessor.", "Reminder sent to %(count)s assessors.", count)
            % {"count": count}
        ),
    )
    return redirect(reverse("curation:assessment", args=[round_pk]))
