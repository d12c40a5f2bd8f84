"""Ministry admins' pages of an award round's life: the list, set-up (dates, quotas, commodity types, with the
default rubric and award levels), phase changes, scoring reminders and reopening.

They sit in awards, the top domain app, because a round's set-up and phases reach into curation and awards, which
nominations (the home of AwardRound) does not import. Their URLs keep the nominations namespace
(`nominations:round_list`, ...): awards.urls.round_urlpatterns, joined to it in ovop_portal/urls.py.
"""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from core.decorators import rule_required
from core.views import run_service
from curation.services import send_scoring_reminders
from nominations import services as nomination_services
from nominations.forms import AwardRoundForm, ReasonForm
from nominations.models import AwardRound
from nominations.selectors import rounds_with_counts

from .. import services

ROUND_ACTIONS = {
    "open": (nomination_services.open_round_for_nominations, gettext_lazy("The round is open for nominations.")),
    "curation": (
        nomination_services.start_curation,
        gettext_lazy("Curation started: submitted nominations are locked for the selection teams."),
    ),
    "close": (nomination_services.close_round, gettext_lazy("The round is closed.")),
    "remind": (
        lambda award_round, by: send_scoring_reminders(award_round),
        gettext_lazy("Reminders sent to the team members with nominations left to score."),
    ),
}


@rule_required("nominations.manage_rounds")
def round_list(request):
    return render(request, "nominations/round_list.html", {"rounds": rounds_with_counts()})


@rule_required("nominations.manage_rounds")
def round_form(request, pk=None):
    award_round = get_object_or_404(AwardRound, pk=pk) if pk else None
    form = AwardRoundForm(request.POST or None, instance=award_round)
    if request.method == "POST":
        if not form.is_valid():
            messages.error(request, _("Not saved: please correct the fields marked below."))
        elif run_service(
            request,
            services.set_up_round,
            form.save(commit=False),
            by=request.user,
            commodity_types=form.cleaned_data["commodity_types"],
            success=lambda saved: _("Round “%(name)s” saved.") % {"name": saved.name},
        ):
            return redirect("nominations:round_list")
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
            nomination_services.reopen_round,
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
