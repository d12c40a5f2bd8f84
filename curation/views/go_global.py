"""The Go Global selection for ministry admins: its expert panel (named, removed, reminded, with progress), the
ranking of the candidates by Go Global score with their star level and the score of their award beside it, where
the admin promotes into the cohort (awards), and the calibration of the panel."""

from django.db.models import Count
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from core.decorators import rule_required
from core.views import run_service
from nominations.models import AwardRound

from .. import rules, selectors, services
from ..forms import PanelMemberForm
from ..models import Assignment, ScoreSheet, SheetStatus, Stage


def _panel(award_round, candidates):
    """The panel's assignments, each with `done` (candidates scored or declined) and `total` (candidates)."""
    done = dict(
        ScoreSheet.objects.filter(
            nomination__in=[row.pk for row in candidates],
            stage=Stage.GO_GLOBAL,
            status__in=[SheetStatus.SUBMITTED, SheetStatus.CONFLICT],
        )
        .values("member_id")
        .annotate(n=Count("id"))
        .values_list("member_id", "n")
    )
    panel = list(
        Assignment.objects.filter(round=award_round, stage=Stage.GO_GLOBAL)
        .select_related("assessor")
        .order_by("assessor__last_name", "assessor__first_name", "pk")
    )
    for assignment in panel:
        assignment.done, assignment.total = done.get(assignment.assessor_id, 0), len(candidates)
    return panel


@rule_required("curation.go_global")
def go_global(request, round_pk):
    award_round = get_object_or_404(AwardRound, pk=round_pk)
    form = PanelMemberForm(request.POST or None, award_round=award_round)
    if request.method == "POST" and form.is_valid():
        assessor = form.cleaned_data["assessor"]
        if run_service(
            request,
            services.name_panel_member,
            award_round,
            assessor,
            by=request.user,
            success=_("%(assessor)s joins the Go Global panel and was told by e-mail.") % {"assessor": assessor},
        ):
            return redirect("curation:go_global", round_pk=round_pk)
    rows = selectors.go_global_ranking(award_round)
    panel = _panel(award_round, rows)
    members, _z = selectors.calibration(award_round, stage=Stage.GO_GLOBAL)
    return render(
        request,
        "curation/go_global.html",
        {
            "award_round": award_round,
            "form": form,
            "panel": panel,
            "rows": rows,
            "cohort_count": sum(1 for row in rows if row.in_cohort),
            "can_name": rules.may_name_panel(request.user, award_round),
            "window": rules.go_global_window(award_round),
            "has_rubric": award_round.aspects.filter(stage=Stage.GO_GLOBAL).exists(),
            "calibration": members,
            "sheets_done": sum(a.done for a in panel),
        },
    )


@require_POST
@rule_required("curation.go_global")
def remind(request, round_pk):
    award_round = get_object_or_404(AwardRound, pk=round_pk)
    run_service(
        request,
        services.send_go_global_reminders,
        award_round,
        success=lambda count: (
            ngettext("Reminder sent to %(count)s panel member.", "Reminder sent to %(count)s panel members.", count)
            % {"count": count}
        ),
    )
    return redirect("curation:go_global", round_pk=round_pk)
