"""The score bands of a round (ministry admins): "a score of at least X recommends this award"."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from core.decorators import rule_required
from core.views import run_service
from nominations.models import AwardRound

from .. import rules, services
from ..forms import ScoreBandFormSet


@require_http_methods(["GET", "POST"])
@rule_required("awards.bands")
def bands(request, round_pk):
    award_round = get_object_or_404(AwardRound, pk=round_pk)
    editable = rules.may_edit_bands(request.user, award_round)
    formset = ScoreBandFormSet(request.POST or None, award_round=award_round, prefix="bands")
    if request.method == "POST":
        if not editable:  # the service refuses too; saying so at once spares validating the forms
            messages.error(request, editable.reason)
            return redirect("awards:bands", round_pk=round_pk)
        if "default" in request.POST:
            run_service(
                request,
                services.add_default_bands,
                award_round,
                by=request.user,
                success=_("The default score bands were added."),
            )
            return redirect("awards:bands", round_pk=round_pk)
        if formset.is_valid():
            if run_service(
                request, services.save_bands, award_round, formset, by=request.user, success=_("Score bands saved.")
            ):
                return redirect("awards:bands", round_pk=round_pk)
        else:
            messages.error(
                request, _("Not saved: please correct what is marked below. Everything you typed is still here.")
            )
    return render(
        request,
        "awards/bands.html",
        {
            "award_round": award_round,
            "editable": editable,
            "formset": formset,
            "bands": formset.get_queryset(),
        },
    )
