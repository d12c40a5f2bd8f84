"""IKM interests: the public page about OVOP with its interest form, and the regency office's answers."""

from axes.helpers import get_client_ip_address
from django.conf import settings
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from accounts.throttle import within_limit
from core.decorators import rule_required
from core.page_cache import mark_written, regency_scope
from core.views import paginate, run_service

from .. import rules, services
from ..forms import InterestFilterForm, InterestForm, ReasonForm
from ..models import AwardRound, Interest


def _within_limits(request, form):
    address = get_client_ip_address(request)
    return within_limit("interest-address", address, settings.INTEREST_PER_ADDRESS_PER_HOUR) and within_limit(
        "interest-email", form.cleaned_data["email"], settings.INTEREST_PER_EMAIL_PER_HOUR
    )


@require_http_methods(["GET", "POST"])
def about(request):
    """What OVOP is, its criteria and principles, the round's timeline, and the interest form (no login)."""
    form = InterestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if form.is_robot():  # the honeypot: answered like a person, nothing kept or sent
            return redirect("interest_sent")
        if _within_limits(request, form):
            interest = services.register_interest(form.save(commit=False), language=get_language())
            mark_written(request, regency_scope(interest.regency_id))  # the officers' navbar counts it
            return redirect("interest_sent")
        form.add_error(
            None,
            _(
                "Too many interests were sent from this network or e-mail address in the last hour. Nothing was "
                "lost: send the form again later, or contact your regency/city's industry office directly."
            ),
        )
    award_round = AwardRound.objects.current()
    return render(
        request,
        "nominations/about.html",
        {"form": form, "award_round": award_round, "timeline": award_round.timeline() if award_round else []},
    )


@require_safe
def interest_sent(request):
    return render(request, "nominations/interest_sent.html")


@rule_required("nominations.interests")
def interest_list(request):
    filters = InterestFilterForm(request.GET or None)
    interests = filters.filter(
        Interest.objects.visible_to(request.user).select_related("regency__province", "commodity")
    )
    page, query = paginate(request, interests, 20)
    return render(request, "nominations/interest_list.html", {"filters": filters, "page": page, "query": query})


def _visible_interest(request, pk):
    queryset = Interest.objects.visible_to(request.user).select_related("regency__province", "commodity", "nomination")
    return get_object_or_404(queryset, pk=pk)


@rule_required("nominations.interests")
def interest_detail(request, pk):
    interest = _visible_interest(request, pk)
    answer = rules.may_answer_interest(request.user, interest)
    return render(request, "nominations/interest_detail.html", {"interest": interest, "answer": answer})


@require_POST
@rule_required("nominations.answer_interest")
def interest_accept(request, pk):
    interest = _visible_interest(request, pk)
    outcome = run_service(
        request,
        services.accept_interest,
        interest,
        by=request.user,
        success=_("Draft nomination started from the interest of %(name)s: complete it and submit it.")
        % {"name": interest.business_name},
    )
    if outcome:
        return redirect("nominations:edit", pk=outcome.result.pk)
    return redirect("nominations:interest", pk=pk)


@require_http_methods(["GET", "POST"])
@rule_required("nominations.answer_interest")
def interest_decline(request, pk):
    interest = _visible_interest(request, pk)
    form = ReasonForm(request.POST or None)
    if form.is_valid() and run_service(
        request,
        services.decline_interest,
        interest,
        by=request.user,
        reason=form.cleaned_data["reason"],
        success=_("Interest of %(name)s declined; the IKM receives your reason by e-mail.")
        % {"name": interest.business_name},
    ):
        return redirect("nominations:interests")
    return render(
        request,
        "_reason_page.html",
        {
            "title": _("Decline the interest of %(name)s") % {"name": interest.business_name},
            "intro": _("The IKM receives your reason by e-mail, at %(email)s.") % {"email": interest.email},
            "button": _("Decline"),
            "cancel_url": interest.get_absolute_url(),
            "form": form,
        },
    )
