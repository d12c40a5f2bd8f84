"""Rankings (province and national), the chair's shortlist, selection minutes, comparison, calibration."""

from collections import defaultdict

from django.contrib import messages
from django.db.models import Count, Q
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from accounts.models import Province
from core.decorators import rule_required
from core.exceptions import WorkflowError
from core.page_cache import cached_page
from core.views import ids_from, object_from_query, paginate, run_service
from nominations.forms import ReasonForm
from nominations.models import Nomination

from .. import rules, selectors, services
from ..forms import RankingFilterForm
from ..minutes import minutes_context, minutes_pdf
from ..models import Score, ScoreSheet, SheetStatus, Shortlist, Stage
from ..rules import may_see_team_results
from .common import chosen_round, curated_nomination, results_hidden


def _province_for(request):
    """A team member's own province; an admin picks one with ?province=."""
    if request.user.is_team_member:
        return request.user.province
    return object_from_query(request, "province", Province.objects.all())


# Rankings are shown 50 rows a page, ranked in the database: a large province has hundreds of nominations
# in curation, and the page then reads and draws only its own rows.
RANKING_PAGE_SIZE = 50


def _ranking_page(request, queryset, filters, award_round, province=None):
    """One page of the ranking of `queryset`, its rows with rank, flags and z-score, and the query for its links."""
    page, query = paginate(
        request,
        selectors.ranked(queryset, filters.cleaned_data.get("sort") if filters.is_valid() else "mean"),
        RANKING_PAGE_SIZE,
        count=queryset.count(),  # the same rows, counted without the ranking's aggregates and window
    )
    rows = selectors.ranked_rows(page.object_list)
    z_scores = selectors.z_scores(award_round, province, [row.pk for row in rows])
    for row in rows:
        row.z = z_scores.get(row.pk)
    return page, rows, query


@rule_required("curation.ranking")
@cached_page(entries=False)  # rounds in curation or closed only
def province_ranking(request):
    award_round = chosen_round(request)
    province = _province_for(request)
    if province is None:
        return redirect("curation:national")
    verdict = may_see_team_results(request.user, award_round, province)
    if not verdict.allowed:
        return results_hidden(request, verdict)
    filters = RankingFilterForm(request.GET or None, award_round=award_round)
    queryset = selectors.in_curation(award_round, province)
    if filters.is_valid() and filters.cleaned_data["commodity"]:
        queryset = queryset.filter(commodity=filters.cleaned_data["commodity"])
    page, rows, query = _ranking_page(request, queryset, filters, award_round, province)
    # Read, not created: a GET changes nothing (services.set_shortlist makes the shortlist on the first save).
    shortlist = Shortlist.objects.filter(round=award_round, province=province).first()
    shortlisted_rows = (
        list(shortlist.nominations.select_related("regency").order_by("business_name", "pk")) if shortlist else []
    )
    back_here = request.GET.copy()  # the chair's save returns to this page of the ranking, with its filters
    back_here["round"], back_here["page"] = award_round.pk, page.number
    return render(
        request,
        "curation/ranking.html",
        {
            "award_round": award_round,
            "province": province,
            "rows": rows,
            "page": page,
            "query": query,
            "filters": filters,
            "shortlist": shortlist,
            "shortlisted": {n.pk for n in shortlisted_rows},
            "shortlisted_rows": shortlisted_rows,
            "can_shortlist": rules.may_shortlist(request.user, award_round, province, shortlist).allowed,
            "back_here": back_here.urlencode(),
        },
    )


@require_POST
@rule_required("curation.shortlist")
def shortlist_save(request):
    """The chair's choice on one page of the ranking: what was ticked there, plus what was chosen on other pages."""
    award_round = chosen_round(request)
    province = request.user.province
    picked = set(ids_from(request.POST.getlist("nominations")))
    if "shown" in request.POST:
        shown = set(ids_from(request.POST.getlist("shown")))
        current = Shortlist.objects.filter(round=award_round, province=province).values_list("nominations", flat=True)
        picked |= {pk for pk in current if pk is not None and pk not in shown}
    chosen = Nomination.objects.filter(pk__in=picked, round=award_round, regency__province=province)
    run_service(
        request,
        services.set_shortlist,
        award_round,
        province,
        chosen,
        by=request.user,
        success=lambda _shortlist: (
            _("Shortlist saved: %(count)s of %(quota)s places used.")
            % {"count": chosen.count(), "quota": award_round.province_shortlist_quota}
        ),
    )
    back = request.GET.copy()  # the page of the ranking the chair was on, with its filters
    back["round"] = award_round.pk
    return redirect(f"{reverse('curation:ranking')}?{back.urlencode()}")


@require_POST
@rule_required("curation.shortlist")
def shortlist_forward(request):
    """Forward the chair's shortlist; with sheets still missing, a page lists them and asks for confirmation."""
    award_round = chosen_round(request)
    shortlist = Shortlist.objects.filter(round=award_round, province=request.user.province).first()
    if shortlist is None:  # nothing is created by a forward that cannot happen (a closed round, say)
        messages.error(request, _("Shortlist at least one nomination before forwarding."))
        return redirect(f"{reverse('curation:ranking')}?round={award_round.pk}")
    try:
        services.forward_shortlist(
            shortlist, by=request.user, confirm_missing=request.POST.get("confirm_missing") == "1"
        )
    except services.MissingSheets as missing:
        return render(
            request,
            "curation/forward_confirm.html",
            {"award_round": award_round, "shortlist": shortlist, "message": str(missing), "missing": missing.missing},
        )
    except WorkflowError as error:
        messages.error(request, str(error))
        return redirect(f"{reverse('curation:ranking')}?round={award_round.pk}")
    messages.success(
        request, _("Shortlist forwarded to the ministry. The selection minutes are ready to print and sign.")
    )
    return redirect("curation:minutes", pk=shortlist.pk)


@require_http_methods(["GET", "POST"])
@rule_required("curation.national")
def shortlist_reopen(request, pk):
    """A ministry admin reopens a forwarded shortlist, with a reason (audited): its sheets are no longer frozen."""
    shortlist = get_object_or_404(Shortlist.objects.select_related("round", "province"), pk=pk)
    form = ReasonForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        run_service(
            request,
            services.reopen_shortlist,
            shortlist,
            by=request.user,
            reason=form.cleaned_data["reason"],
            success=_("Shortlist of %(province)s reopened: its chair can change and forward it again.")
            % {"province": shortlist.province},
        )
        return redirect(f"{reverse('curation:national')}?round={shortlist.round_id}")
    return render(
        request,
        "_reason_page.html",
        {
            "form": form,
            "title": _("Reopen a forwarded shortlist"),
            "button": _("Reopen the shortlist"),
            "intro": _(
                "The shortlist of %(province)s in %(round)s goes back to its chair, and the team's score sheets "
                "are no longer frozen. The reason goes into the audit trail."
            )
            % {"province": shortlist.province, "round": shortlist.round},
            "cancel_url": f"{reverse('curation:national')}?round={shortlist.round_id}",
        },
    )


def _visible_shortlist(request, pk):
    """The shortlist if this user may see it (their province's, or any for admins); someone else's is a 404."""
    return get_object_or_404(
        Shortlist.objects.visible_to(request.user).select_related("round", "province", "forwarded_by"), pk=pk
    )


def _minutes_verdict(request, shortlist):
    """The minutes show every member's figures: they follow the blind-scoring rule, forwarded or not (a member
    with sheets left who read forwarded minutes could score with them after an admin reopened the shortlist)."""
    return may_see_team_results(request.user, shortlist.round, shortlist.province)


@rule_required("curation.minutes")
def minutes(request, pk):
    shortlist = _visible_shortlist(request, pk)
    if not (verdict := _minutes_verdict(request, shortlist)):
        return results_hidden(request, verdict)
    return render(request, "curation/minutes.html", minutes_context(shortlist))


@rule_required("curation.minutes")
def minutes_download(request, pk):
    shortlist = _visible_shortlist(request, pk)
    if not (verdict := _minutes_verdict(request, shortlist)):
        return results_hidden(request, verdict)
    response = HttpResponse(minutes_pdf(shortlist), content_type="application/pdf")
    response["Content-Disposition"] = (
        f'attachment; filename="berita-acara-{shortlist.round.year}-{shortlist.province_id}.pdf"'
    )
    return response


@rule_required("curation.national")
@cached_page(entries=False)  # rounds in curation or closed only
def national(request):
    award_round = chosen_round(request)
    filters = RankingFilterForm(
        request.GET or None,
        award_round=award_round,
        provinces=Province.objects.filter(shortlists__round=award_round).distinct(),
    )
    queryset = selectors.forwarded(award_round)
    if filters.is_valid():
        if filters.cleaned_data["commodity"]:
            queryset = queryset.filter(commodity=filters.cleaned_data["commodity"])
        if filters.cleaned_data.get("province"):
            queryset = queryset.filter(regency__province=filters.cleaned_data["province"])
    page, rows, query = _ranking_page(request, queryset, filters, award_round)
    shortlists = (
        Shortlist.objects.filter(round=award_round)
        .select_related("province", "forwarded_by")
        .annotate(size=Count("nominations"))
        .order_by("province__name")
    )
    return render(
        request,
        "curation/national.html",
        {
            "award_round": award_round,
            "rows": rows,
            "page": page,
            "query": query,
            "filters": filters,
            "shortlists": shortlists,
            "can_reopen": rules.shortlists_open(award_round).allowed,
        },
    )


@rule_required("curation.national")
def sheets(request, pk):
    nomination = curated_nomination(request, pk)
    all_sheets = (
        ScoreSheet.objects.filter(nomination=nomination)
        .select_related("member")
        .prefetch_related("scores__criterion__aspect")
        .order_by("-stage", "member__last_name")
    )
    return render(request, "curation/sheets.html", {"nomination": nomination, "sheets": all_sheets})


def aspect_scores(nomination_ids):
    """Mean points per aspect for each nomination, over submitted sheets (each aspect's share of 100)."""
    points = (
        Score.objects.filter(
            sheet__nomination_id__in=nomination_ids, sheet__stage=Stage.PROVINCE, sheet__status=SheetStatus.SUBMITTED
        )
        .values("sheet__nomination_id", "criterion__aspect_id")
        .annotate(points=services.sheet_total_expression())
    )
    counts = dict(
        ScoreSheet.objects.filter(nomination_id__in=nomination_ids, stage=Stage.PROVINCE, status=SheetStatus.SUBMITTED)
        .values("nomination_id")
        .annotate(n=Count("id"))
        .values_list("nomination_id", "n")
    )
    result = defaultdict(dict)
    for row in points:
        nomination_id = row["sheet__nomination_id"]
        result[nomination_id][row["criterion__aspect_id"]] = row["points"] / counts[nomination_id]
    return result


@rule_required("curation.national")
def compare(request):
    ids = ids_from(request.GET.getlist("ids"))[:4]
    if len(ids) < 2:
        messages.error(request, _("Choose two to four nominations to compare."))
        return redirect("curation:national")
    rows = selectors.with_scores(Nomination.objects.filter(pk__in=ids)).prefetch_related("photos")
    rows = sorted(rows, key=lambda n: ids.index(n.pk))
    if not rows:
        raise Http404
    aspects = list(rows[0].round.aspects.filter(stage=Stage.PROVINCE))
    scores = aspect_scores(ids)
    for row in rows:
        row.first_photo = next(iter(row.photos.all()), None)
    aspect_rows = [(aspect, [scores.get(row.pk, {}).get(aspect.pk) for row in rows]) for aspect in aspects]
    return render(request, "curation/compare.html", {"rows": rows, "aspect_rows": aspect_rows})


@rule_required("curation.ranking")
def calibration(request):
    award_round = chosen_round(request)
    province = _province_for(request)
    verdict = may_see_team_results(request.user, award_round, province)
    if not verdict.allowed:
        return results_hidden(request, verdict)
    members, _z = selectors.calibration(award_round, province)
    return render(
        request,
        "curation/calibration.html",
        {
            "award_round": award_round,
            "province": province,
            "members": members,
            "provinces": Province.objects.filter(Q(regencies__nominations__round=award_round)).distinct()
            if request.user.is_ministry_admin
            else None,
        },
    )
