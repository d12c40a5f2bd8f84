"""Administrative selection: the province's team checks each nomination against the round's requirements; the
ministry sets the requirements per round."""

from django.db.models import Count, Q
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from core.decorators import rule_required
from core.views import object_from_query, paginate, run_service
from nominations.models import AwardRound, Nomination, NominationStatus, RoundStatus

from .. import rules, services
from ..forms import AdminCheckForm, RequirementFormSet
from ..models import AdminCheck, Requirement

FILTERS = {
    "todo": Q(admin_check__isnull=True),
    "passed": Q(admin_check__passed=True),
    "failed": Q(admin_check__passed=False),
}


def _selection_round(request):
    rounds = AwardRound.objects.filter(admin_selection=True, status__in=[RoundStatus.CURATION, RoundStatus.CLOSED])
    return object_from_query(request, "round", rounds) or rounds.order_by("-nomination_opens").first()


@rule_required("curation.select")
def selection_list(request):
    award_round = _selection_round(request)
    province = request.user.province
    if award_round is None:
        return render(request, "curation/selection_list.html", {"award_round": None, "province": province})
    nominations = Nomination.objects.filter(round=award_round, regency__province=province).exclude(
        status__in=[NominationStatus.DRAFT, NominationStatus.WITHDRAWN, NominationStatus.RETURNED]
    )
    counts = nominations.aggregate(
        total=Count("pk"),
        todo=Count("pk", filter=FILTERS["todo"]),
        passed=Count("pk", filter=FILTERS["passed"]),
        failed=Count("pk", filter=FILTERS["failed"]),
    )
    shown = request.GET.get("show", "")
    if shown in FILTERS:
        nominations = nominations.filter(FILTERS[shown])
    rows = nominations.select_related("regency", "commodity", "admin_check").order_by("regency__name", "business_name")
    page, query = paginate(request, rows, 50)
    return render(
        request,
        "curation/selection_list.html",
        {
            "award_round": award_round,
            "province": province,
            "counts": counts,
            "page": page,
            "query": query,
            "shown": shown,
        },
    )


@require_http_methods(["GET", "POST"])
@rule_required("curation.select")
def selection_check(request, pk):
    nomination = get_object_or_404(
        Nomination.objects.filter(
            regency__province=request.user.province, round__admin_selection=True, status=NominationStatus.LOCKED
        ).select_related("round", "regency__province", "commodity"),
        pk=pk,
    )
    requirements = services.requirements_for(nomination)
    stored = AdminCheck.objects.filter(nomination=nomination).prefetch_related("failed").first()
    initial = None
    if stored:
        failed = {r.pk for r in stored.failed.all()}
        initial = {"met": [r for r in requirements if r.pk not in failed], "reason": stored.reason}
    form = AdminCheckForm(request.POST or None, requirements=requirements, initial=initial)
    if form.is_valid() and run_service(
        request,
        services.check_nomination,
        nomination,
        by=request.user,
        met=form.cleaned_data["met"],
        reason=form.cleaned_data["reason"],
        success=lambda check: (
            (
                _("%(name)s passes the administrative selection.")
                if check.passed
                else _("%(name)s does not pass the administrative selection; its officers read why.")
            )
            % {"name": nomination}
        ),
    ):
        return redirect(f"{reverse('curation:selection')}?round={nomination.round_id}")
    return render(
        request,
        "curation/selection_check.html",
        {"nomination": nomination, "form": form, "stored": stored, "requirements": requirements},
    )


@require_http_methods(["GET", "POST"])
@rule_required("curation.requirements")
def requirements(request, round_pk):
    award_round = get_object_or_404(AwardRound, pk=round_pk)
    queryset = Requirement.objects.filter(round=award_round).prefetch_related("commodities")
    formset = RequirementFormSet(request.POST or None, queryset=queryset, prefix="requirements")
    if request.method == "POST":
        if "default" in request.POST:
            run_service(
                request,
                services.add_default_requirements,
                award_round,
                by=request.user,
                success=_("The default requirements were added."),
            )
            return redirect("curation:requirements", round_pk=round_pk)
        if formset.is_valid() and run_service(
            request,
            services.save_requirements,
            award_round,
            formset,
            by=request.user,
            success=_("Requirements saved."),
        ):
            return redirect("curation:requirements", round_pk=round_pk)
    return render(
        request,
        "curation/requirements.html",
        {"award_round": award_round, "formset": formset, "frozen": rules.requirements_frozen(award_round)},
    )
