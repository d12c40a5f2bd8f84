"""Re-evaluation of earlier star holders in a round (ministry admins): choose the holders, follow their entries,
and settle those whose regency did not submit by the deadline by the round's rule."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST

from core.decorators import rule_required
from core.views import ids_from, run_service
from nominations import rules as nomination_rules
from nominations import services as nomination_services
from nominations.models import AwardRound, MissingReevaluation, Nomination
from nominations.selectors import current_star_nominations

from .. import selectors, services
from ..forms import SettleForm


def _holders(award_round):
    """The current star holders of earlier rounds that this round could re-evaluate, with their star, by round."""
    return (
        current_star_nominations()
        .exclude(round=award_round)
        .exclude(ikm__nominations__round=award_round)
        .select_related("round", "regency__province", "commodity", "decision__level")
        .order_by("-round__year", "decision__level__rank", "business_name", "pk")
    )


@require_http_methods(["GET", "POST"])
@rule_required("awards.decide")
def reevaluation(request, round_pk):
    award_round = get_object_or_404(AwardRound, pk=round_pk)
    holders = list(_holders(award_round))
    if request.method == "POST":
        chosen_round = request.POST.get("all_of_round")
        picked = set(ids_from(request.POST.getlist("holders")))
        chosen = [h for h in holders if h.pk in picked or str(h.round_id) == chosen_round]
        if not chosen:
            messages.error(request, _("Choose at least one star holder to re-evaluate."))
        else:
            run_service(
                request,
                nomination_services.start_reevaluation,
                award_round,
                chosen,
                by=request.user,
                success=lambda made: (
                    ngettext(
                        "%(count)s re-evaluation started: the officers of its regency/city are told to update and "
                        "submit it.",
                        "%(count)s re-evaluations started: the officers of their regencies/cities are told to update "
                        "and submit them.",
                        len(made),
                    )
                    % {"count": len(made)}
                ),
            )
        return redirect("awards:reevaluation", round_pk=round_pk)
    entries = selectors.reevaluations(award_round)
    past_deadline = timezone.now() >= award_round.nomination_closes
    deciding_each = award_round.reevaluation_missing_rule == MissingReevaluation.DECIDE
    levels = list(award_round.award_levels.all())
    stopped = services.stopped_short(award_round, entries)
    for entry in entries:
        entry.missing = past_deadline and entry.result is None and entry.pk in stopped
        entry.settle_form = (
            SettleForm(levels=levels, prefix=f"s{entry.pk}") if entry.missing and deciding_each else None
        )
    rounds = {}
    for holder in holders:
        rounds.setdefault(holder.round, []).append(holder)
    return render(
        request,
        "awards/reevaluation.html",
        {
            "award_round": award_round,
            "may_start": nomination_rules.may_start_reevaluation(request.user, award_round),
            "holders_by_round": list(rounds.items()),
            "entries": entries,
            "missing": [entry for entry in entries if entry.missing],
            "outcome_counts": [
                (key, label, sum(1 for entry in entries if entry.outcome == key))
                for key, label in selectors.OUTCOME_LABELS.items()
            ],
        },
    )


@require_POST
@rule_required("awards.decide")
def settle(request, pk):
    """Settle one unsubmitted re-evaluation (or, with `all`, every one of the round) by the round's rule."""
    entry = get_object_or_404(Nomination.objects.filter(reevaluates__isnull=False).select_related("round"), pk=pk)
    award_round = entry.round
    if award_round.reevaluation_missing_rule == MissingReevaluation.DECIDE:
        form = SettleForm(request.POST, levels=list(award_round.award_levels.all()), prefix=f"s{pk}")
        if not form.is_valid():
            messages.error(request, _("Not saved: give the reason for the decision on %(name)s.") % {"name": entry})
            return redirect("awards:reevaluation", round_pk=award_round.pk)
        run_service(
            request,
            services.settle_missing_reevaluation,
            entry,
            by=request.user,
            level=form.cleaned_data["level"],
            reason=form.cleaned_data["reason"],
            success=_("Decision on %(name)s saved.") % {"name": entry},
        )
    else:
        run_service(
            request,
            services.settle_missing_reevaluation,
            entry,
            by=request.user,
            success=_("%(name)s settled by the rule of the round.") % {"name": entry},
        )
    return redirect("awards:reevaluation", round_pk=award_round.pk)
