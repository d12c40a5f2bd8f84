"""Ministry admins decide and publish; the Go Global cohort and its programme; the public showcase."""

from django.contrib import messages
from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from accounts.models import Province
from core.decorators import rule_required
from core.views import paginate, run_service
from nominations import services as nomination_services
from nominations.forms import OptionalReasonForm
from nominations.models import AwardRound, CommodityType, Nomination, NominationPhoto
from nominations.renditions import RENDITION_FORMATS, RENDITION_WIDTHS
from nominations.uploads import file_response

from .. import selectors, services
from ..forms import DecisionForm, ExhibitionFormSet, ProgrammeForm, ShowcaseFilterForm
from ..models import CohortMembership


def _decisions_page(request, award_round, typed=None):
    """The decisions page: the decision table (awards.selectors.decision_table) with a form per row, the level
    defaulting to the recommended one where there is no decision yet; `typed` (nomination id, bound form) keeps what
    was typed in a form that was not saved."""
    groups, rows = selectors.decision_table(award_round)
    members = set(
        CohortMembership.objects.filter(nomination__round=award_round).values_list("nomination_id", flat=True)
    )
    levels = list(award_round.award_levels.all())
    for row in rows:
        result = row.result
        if typed and typed[0] == row.pk:
            row.form = typed[1]
        else:
            row.form = DecisionForm(
                levels=levels,
                prefix=f"n{row.pk}",
                initial={
                    "level": result.level_id if result else getattr(row.recommended, "pk", None),
                    "reason": result.reason if result else "",
                },
            )
        row.in_cohort = row.pk in members
    return render(
        request,
        "awards/decisions.html",
        {
            "award_round": award_round,
            "groups": groups,
            "rows": rows,
            "has_bands": award_round.score_bands.exists(),
            "undecided": sum(1 for r in rows if r.result is None),
            "cohort_count": len(members),
        },
    )


@rule_required("awards.decide")
def decisions(request, round_pk):
    return _decisions_page(request, get_object_or_404(AwardRound, pk=round_pk))


@require_POST
@rule_required("awards.decide")
def decide(request, pk):
    """Save one decision and go back to its row; a decision not saved (a reason missing where it differs from the
    recommendation, say) shows the page again with what was typed."""
    nomination = get_object_or_404(Nomination.objects.select_related("round"), pk=pk)
    form = DecisionForm(request.POST, levels=list(nomination.round.award_levels.all()), prefix=f"n{pk}")
    if form.is_valid():
        if run_service(
            request,
            services.decide,
            nomination,
            level=form.cleaned_data["level"],
            reason=form.cleaned_data["reason"],
            by=request.user,
            success=_("Decision on %(name)s saved.") % {"name": nomination},
        ):
            return redirect(reverse("awards:decisions", args=[nomination.round_id]) + f"#n{pk}")
    else:
        messages.error(
            request,
            _("Not saved: please correct the decision on %(name)s. What you typed is still here.")
            % {"name": nomination},
        )
    return _decisions_page(request, nomination.round, typed=(pk, form))


@require_POST
@rule_required("awards.decide")
def publish(request, round_pk):
    award_round = get_object_or_404(AwardRound, pk=round_pk)
    published = run_service(
        request,
        services.publish_results,
        award_round,
        by=request.user,
        success=_("Results published. The result e-mails wait in the outbox for your review."),
    )
    return redirect("notifications:outbox") if published else redirect("awards:decisions", round_pk=round_pk)


@require_POST
@rule_required("awards.decide")
def promote(request, pk):
    """Promote into the cohort, from the decisions page or the Go Global ranking (`from_ranking`, back to it), with
    the reason for passing over higher-ranked candidates where there are."""
    nomination = get_object_or_404(Nomination, pk=pk)
    form = OptionalReasonForm(request.POST)
    if not form.is_valid():  # too long (not cut short), or a NUL character (which PostgreSQL refuses)
        messages.error(request, form.errors["reason"][0])
    else:
        run_service(
            request,
            services.promote,
            nomination,
            by=request.user,
            reason=form.cleaned_data["reason"],
            success=_("%(name)s joins the Go Global cohort.") % {"name": nomination},
        )
    if "from_ranking" in request.POST:
        return redirect(reverse("curation:go_global", args=[nomination.round_id]) + f"#n{pk}")
    return redirect("awards:cohort", round_pk=nomination.round_id)


@require_POST
@rule_required("awards.decide")
def close_go_global(request, round_pk):
    award_round = get_object_or_404(AwardRound, pk=round_pk)
    run_service(
        request,
        services.close_go_global,
        award_round,
        by=request.user,
        success=lambda count: (
            ngettext(
                "The Go Global selection is closed; the officers of %(count)s candidate not selected are told.",
                "The Go Global selection is closed; the officers of %(count)s candidates not selected are told.",
                count,
            )
            % {"count": count}
        ),
    )
    return redirect("curation:go_global", round_pk=round_pk)


@rule_required("awards.cohort")
def cohort(request, round_pk):
    award_round = get_object_or_404(AwardRound, pk=round_pk)
    memberships = selectors.visible_cohort(request.user, award_round)
    return render(request, "awards/cohort.html", {"award_round": award_round, "memberships": memberships})


@rule_required("awards.cohort")
def cohort_detail(request, pk):
    membership = get_object_or_404(selectors.visible_cohort(request.user), pk=pk)
    form = formset = None
    if request.user.is_ministry_admin:
        form = ProgrammeForm(request.POST or None, request.FILES or None, instance=membership)
        formset = ExhibitionFormSet(request.POST or None, instance=membership, prefix="ex")
        if request.method == "POST":
            if form.is_valid() and formset.is_valid():
                services.update_programme(membership, form, by=request.user, exhibitions=formset)
                messages.success(request, _("Programme of %(name)s saved.") % {"name": membership})
                return redirect("awards:cohort_detail", pk=pk)
            messages.error(
                request, _("Not saved: please correct the fields marked below. Everything you typed is still here.")
            )
    return render(request, "awards/cohort_detail.html", {"membership": membership, "form": form, "formset": formset})


@rule_required("awards.cohort")
def export_plan(request, pk):
    """The export marketing plan, only to those who may see the participant."""
    membership = get_object_or_404(selectors.visible_cohort(request.user), pk=pk)
    if not membership.export_plan:
        raise Http404
    return file_response(
        membership.export_plan, filename=f"rencana-ekspor-{membership.nomination.nib or membership.pk}.pdf"
    )


# Public showcase -----------------------------------------------------------------------------------


def showcase_queryset():
    """Published awarded nominations, with only what the public may see."""
    return (
        Nomination.objects.filter(round__results_published_at__isnull=False, decision__level__isnull=False)
        .select_related("round", "regency__province", "commodity", "decision__level", "cohort_membership")
        .prefetch_related(Prefetch("photos", queryset=NominationPhoto.objects.order_by("uploaded_at", "id")))
        .only(
            "pk",
            "ikm_id",
            "business_name",
            "product_name",
            "product_description",
            "round__name",
            "round__year",
            "round__results_published_at",
            "regency__name",
            "regency__province__name",
            "regency__province__code",
            "commodity__name_id",
            "commodity__name_en",
            "decision__level__name_id",
            "decision__level__name_en",
            "decision__level__rank",
            "cohort_membership__id",
        )
        .order_by("-round__year", "decision__level__rank", "business_name")
    )


def showcase(request):
    filters = ShowcaseFilterForm(request.GET)
    page, query = paginate(request, filters.filter(showcase_queryset()), 24)
    page.object_list = selectors.attach_current_stars(page.object_list)
    return render(
        request,
        "awards/showcase.html",
        {
            "page": page,
            "query": query,
            "provinces": Province.objects.filter(
                regencies__nominations__in=showcase_queryset().values("pk")
            ).distinct(),
            "commodities": CommodityType.objects.filter(nominations__in=showcase_queryset().values("pk")).distinct(),
            "chosen": filters.chosen(),
        },
    )


def showcase_photo(request, pk, width=None, extension=None):
    """A product photo of a published, awarded nomination, the only files the public can fetch: one of its copies
    made by nominations/renditions.py (upright, without EXIF: no GPS position or camera data of the IKM's
    premises). Without a width and format, the largest JPEG copy stands for the original, which the public never
    gets."""
    if width is None:
        width, extension = max(RENDITION_WIDTHS), "jpg"
    if width not in RENDITION_WIDTHS or extension not in RENDITION_FORMATS:
        raise Http404
    photo = get_object_or_404(NominationPhoto.objects.filter(nomination__in=showcase_queryset().values("pk")), pk=pk)
    stored = nomination_services.rendition_of(photo, width, extension)
    return file_response(stored, cache_control="public, max-age=86400")
