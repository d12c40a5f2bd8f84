"""Ministry admins edit a round's rubrics (aspects and weighted criteria), one per scoring stage, until frozen."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from core.decorators import rule_required
from core.views import run_service
from nominations.models import AwardRound

from .. import rules, services
from ..forms import AspectFormSet, CriterionFormSet
from ..models import Aspect, Criterion, Stage


@rule_required("curation.rubric")
def rubric(request, round_pk):
    award_round = get_object_or_404(AwardRound, pk=round_pk)
    stages = [s for s in Stage if s != Stage.NATIONAL or award_round.national_assessment]
    stage = next((s for s in stages if s == request.GET.get("stage")), Stage.PROVINCE)
    here = f"{reverse('curation:rubric', args=[round_pk])}?stage={stage}"
    editable = rules.may_edit_rubric(request.user, award_round, stage)
    aspects = Aspect.objects.filter(round=award_round, stage=stage)
    criteria = Criterion.objects.filter(aspect__round=award_round, aspect__stage=stage).select_related("aspect")
    aspect_formset = AspectFormSet(queryset=aspects, prefix="aspects")
    criterion_formset = CriterionFormSet(queryset=criteria, prefix="criteria", award_round=award_round, stage=stage)
    if request.method == "POST":
        if not editable:  # the service refuses too; saying so at once spares validating the forms
            messages.error(request, editable.reason)
            return redirect(here)
        if "default" in request.POST:
            run_service(
                request,
                services.add_default_rubric,
                award_round,
                by=request.user,
                stage=stage,
                success=_("The default OVOP rubric was added."),
            )
            return redirect(here)
        if "aspects" in request.POST:
            formset = aspect_formset = AspectFormSet(request.POST, queryset=aspects, prefix="aspects")
            done = _("Aspects saved.")
        else:
            formset = criterion_formset = CriterionFormSet(
                request.POST, queryset=criteria, prefix="criteria", award_round=award_round, stage=stage
            )
            done = _("Criteria saved; the weights add up to 100%.")
        if formset.is_valid():
            if run_service(
                request, services.save_rubric, award_round, formset, by=request.user, stage=stage, success=done
            ):
                return redirect(here)
        else:
            messages.error(
                request, _("Not saved: please correct what is marked below. Everything you typed is still here.")
            )
    return render(
        request,
        "curation/rubric.html",
        {
            "award_round": award_round,
            "editable": editable,
            "aspect_formset": aspect_formset,
            "criterion_formset": criterion_formset,
            "criteria": criteria,
            "total_weight": rules.total_weight(award_round, stage),
            "stage": stage,
            "stages": [(s.value, s.label) for s in stages],
        },
    )
