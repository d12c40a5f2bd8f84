"""The nomination pages: list, detail, the sectioned form, submit/withdraw/return, files, IKM history."""

import logging
from decimal import Decimal

from django.contrib import messages
from django.contrib.humanize.templatetags.humanize import intcomma
from django.db import OperationalError
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.defaultfilters import floatformat
from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST

from accounts.models import Regency
from core.decorators import check_rule, rule_required
from core.exceptions import WorkflowError
from core.page_cache import cached_page, mark_entry_written, mark_written, regency_scope
from core.views import paginate, run_service

from .. import rules, services
from ..forms import (
    IKM_FIELDS,
    PRODUCT_FIELDS,
    CertificationFormSet,
    IkmMoveForm,
    NominationFilterForm,
    NominationForm,
    OptionalReasonForm,
    PhotoAttachForm,
    ReasonForm,
    missing_links,
)
from ..models import (
    AwardRound,
    Ikm,
    Nomination,
    NominationDocument,
    NominationPhoto,
    NominationStatus,
    ProductSample,
    RoundStatus,
)
from ..models.ikm import nib_validator
from ..models.nomination import QUOTA_STATUSES
from ..renditions import RENDITION_FORMATS, RENDITION_WIDTHS
from ..selectors import history_for, star_history, visible_decision
from ..uploads import file_response

PAGE_SIZE = 20
log = logging.getLogger(__name__)


def visible_nomination(request, pk):
    """The nomination if this user may see it; someone else's is a 404."""
    queryset = Nomination.objects.visible_to(request.user).select_related(
        "round", "regency__province", "commodity", "ikm"
    )
    return get_object_or_404(queryset, pk=pk)


@rule_required("nominations.browse")
@cached_page
def nomination_list(request):
    filters = NominationFilterForm(request.GET or None)
    queryset = filters.filter(Nomination.objects.visible_to(request.user).with_list_data()).order_by(
        "-updated_at", "-id"
    )
    page, query = paginate(request, queryset, PAGE_SIZE)
    return render(
        request,
        "nominations/list.html",
        {
            "filters": filters,
            "page": page,
            "query": query,
            "open_round": AwardRound.objects.taking_nominations(),
        },
    )


@rule_required("nominations.browse")
@cached_page
def nomination_detail(request, pk):
    nomination = visible_nomination(request, pk)
    return render(
        request,
        "nominations/detail.html",
        {
            "nomination": nomination,
            "ikm_rows": [(nomination._meta.get_field(n).verbose_name, _display(nomination, n)) for n in IKM_FIELDS],
            "product_rows": [
                (nomination._meta.get_field(n).verbose_name, _display(nomination, n)) for n in PRODUCT_FIELDS
            ],
            "history": history_for(request.user, nomination),
            "missing": missing_links(nomination) if nomination.is_editable else None,
            "decision": visible_decision(request.user, nomination),
            "expects_sample": nomination.status in QUOTA_STATUSES,
            "sample": ProductSample.objects.filter(nomination=nomination).first(),
            "actions": {
                "edit": rules.may_edit(request.user, nomination),
                "submit": rules.may_submit(request.user, nomination),
                "withdraw": rules.may_withdraw(request.user, nomination),
                "return": rules.may_return(request.user, nomination),
            },
        },
    )


def no_open_round(request):
    messages.error(request, _("No award round is taking nominations now."))
    return redirect("nominations:list")


RUPIAH_FIELDS = {"yearly_turnover", "price_min", "price_max"}


def _display(nomination, name):
    """A field's value as people read it: choice labels, rupiah and thousands grouped, dash for empty."""
    getter = getattr(nomination, f"get_{name}_display", None)
    value = getter() if getter else getattr(nomination, name)
    if value in (None, ""):
        return "—"
    if name in RUPIAH_FIELDS:
        return f"Rp {intcomma(value)}"
    if isinstance(value, Decimal):
        return floatformat(value, "-2g")
    if isinstance(value, int) and name != "year_founded":
        return intcomma(value)
    return value


def _initial_from_last_nomination(regency, nib):
    """Fields of the IKM's last nomination, for a new nomination of a known IKM (none for what is not a NIB)."""
    if not nib_validator.regex.search(nib):
        return {}
    last = Nomination.objects.filter(regency=regency, nib=nib).order_by("-created_at").first()
    if not last:
        return {}
    return {name: getattr(last, name) for name in IKM_FIELDS + PRODUCT_FIELDS if name != "commodity"} | {
        "commodity": last.commodity_id
    }


@rule_required("nominations.create")
def nomination_create(request):
    award_round = AwardRound.objects.taking_nominations()
    if award_round is None:
        return no_open_round(request)
    nomination = Nomination(round=award_round, regency=request.user.regency)
    initial = {}
    if request.method == "GET" and request.GET.get("nib"):
        initial = _initial_from_last_nomination(request.user.regency, request.GET["nib"].strip())
        if initial:
            messages.info(request, _("Filled in from this IKM's last nomination: check and update the figures."))
        else:
            messages.warning(
                request,
                _("No earlier nomination of NIB %(nib)s in your regency/city: start from an empty form.")
                % {"nib": request.GET["nib"]},
            )
            initial = {"nib": request.GET["nib"].strip()[:13]}
    return _edit(request, nomination, initial=initial)


@rule_required("nominations.browse")
def nomination_edit(request, pk):
    nomination = visible_nomination(request, pk)
    check_rule(request, "nominations.edit", nomination)
    return _edit(request, nomination)


def _ikm_holder_may_have_changed(request, *ikm_ids):
    """A submit, a withdrawal or a returned nomination's new NIB may change which regency holds an IKM
    (Ikm.holder_id), which the draft pages of the other regencies naming it show ("NIB registered for another
    regency/city"): move their officers' and their teams' cached pages (core.page_cache.mark_written)."""
    regencies = (
        Nomination.objects.filter(ikm_id__in=[pk for pk in ikm_ids if pk])
        .exclude(regency_id=request.user.regency_id)
        .values_list("regency_id", flat=True)
        .distinct()
    )
    mark_written(
        request, *(scope for code in regencies for scope in (regency_scope(code), f"province:{code.split('.')[0]}"))
    )


def _entry_written(request, nomination):
    """Tell the page cache that this request wrote only this nomination (core.page_cache.mark_entry_written), as
    written: a draft, or an entry of a round taking nominations (a submit, a returned nomination saved again).
    Anything else (a returned nomination saved once curation started) moves all of the officer's scopes."""
    if nomination.status == NominationStatus.DRAFT:
        mark_entry_written(request, draft=True, round_pk=nomination.round_id)
    elif nomination.round.status == RoundStatus.NOMINATION:
        mark_entry_written(request, draft=False, round_pk=nomination.round_id)


def _keep_chosen_photos(request, nomination, form):
    """The photos the form accepted although other fields had errors are not lost (services.keep_chosen_photos)."""
    photos = form.cleaned_data.get("new_photos") or []
    if not photos:
        return
    try:
        kept = services.keep_chosen_photos(request.session, nomination, photos, by=request.user)
    except WorkflowError as error:
        messages.error(request, str(error))
    else:
        messages.info(
            request,
            ngettext(
                "%(count)s photo is kept: you do not need to choose it again.",
                "%(count)s photos are kept: you do not need to choose them again.",
                kept,
            )
            % {"count": kept},
        )


def _edit(request, nomination, initial=None):
    kwargs = {"award_round": nomination.round, "regency": nomination.regency, "instance": nomination}
    held_before = nomination.ikm_id  # the form may change the NIB, and with it the IKM
    if request.method == "POST":
        form = NominationForm(request.POST, request.FILES, **kwargs)
        formset = CertificationFormSet(request.POST, instance=nomination, prefix="cert")
        if form.is_valid() and formset.is_valid():
            try:
                nomination = services.save_nomination(
                    form.save(commit=False),
                    by=request.user,
                    expected_version=form.cleaned_data.get("version"),
                    certifications=formset,
                    files=form.file_changes(),
                )
            except WorkflowError as error:
                messages.error(request, str(error))
            except OperationalError:  # e.g. SQLite still locked by other writers after its timeout: nothing saved
                log.warning("Nomination %s not saved: database busy or unreachable", nomination.pk, exc_info=True)
                messages.error(
                    request,
                    _(
                        "Not saved: the database was busy with other saves for too long. Everything you typed is "
                        "still here (files to add must be chosen again): save again in a moment."
                    ),
                )
            else:
                services.attach_kept_photos(request.session, nomination, by=request.user)
                _entry_written(request, nomination)
                if nomination.status != NominationStatus.DRAFT:  # a returned one: its NIB may have changed
                    _ikm_holder_may_have_changed(request, held_before, nomination.ikm_id)
                if "submit" in request.POST:
                    return redirect("nominations:submit", pk=nomination.pk)
                messages.success(request, _("Draft saved."))
                return redirect("nominations:edit", pk=nomination.pk)
        else:
            messages.error(
                request, _("Not saved: please correct the fields marked below. Everything you typed is still here.")
            )
            _keep_chosen_photos(request, nomination, form)
    else:
        form = NominationForm(initial=initial, **kwargs)
        formset = CertificationFormSet(instance=nomination, prefix="cert")
    return render(
        request,
        "nominations/form.html",
        {
            "form": form,
            "formset": formset,
            "nomination": nomination,
            "missing": missing_links(nomination) if nomination.pk else None,
            "sections": form.sections(formset),
            "kept_photos": [] if nomination.pk else services.kept_photos(request.session),
        },
    )


@require_http_methods(["GET", "POST"])
@rule_required("nominations.browse")
def nomination_submit(request, pk):
    nomination = visible_nomination(request, pk)
    check_rule(request, "nominations.submit", nomination)
    if request.method == "POST":
        submitted = run_service(
            request,
            services.submit_nomination,
            nomination,
            by=request.user,
            success=_("Nomination submitted to the selection team of %(province)s.")
            % {"province": nomination.regency.province},
        )
        if not submitted:
            return redirect("nominations:edit" if nomination.is_editable else "nominations:detail", pk=pk)
        _entry_written(request, submitted.result)
        _ikm_holder_may_have_changed(request, submitted.result.ikm_id)
        return redirect("nominations:detail", pk=pk)
    return render(
        request,
        "nominations/confirm.html",
        {
            "nomination": nomination,
            "action": "submit",
            "verdict": rules.may_submit(request.user, nomination),
            "missing": missing_links(nomination),
            "used": nomination.round.nominations.filter(
                regency=nomination.regency, status__in=services.QUOTA_STATUSES, reevaluates__isnull=True
            ).count(),
        },
    )


def _reason_action(request, pk, *, action, rule, may, form_class, service, done):
    """A transition that asks for a reason on a confirmation page (withdraw, return for revision); the page says
    why not when the predicate `may` refuses (the service refuses a POST with the same reason)."""
    nomination = visible_nomination(request, pk)
    check_rule(request, rule, nomination)
    form = form_class(request.POST if request.method == "POST" else None)
    if form.is_bound and form.is_valid():
        if run_service(request, service, nomination, by=request.user, reason=form.cleaned_data["reason"], success=done):
            _ikm_holder_may_have_changed(request, nomination.ikm_id)  # a withdrawal releases the IKM
        return redirect("nominations:detail", pk=pk)
    return render(
        request,
        "nominations/confirm.html",
        {"nomination": nomination, "action": action, "form": form, "verdict": may(request.user, nomination)},
    )


@require_http_methods(["GET", "POST"])
@rule_required("nominations.browse")
def nomination_withdraw(request, pk):
    return _reason_action(
        request,
        pk,
        action="withdraw",
        rule="nominations.withdraw",
        may=rules.may_withdraw,
        form_class=OptionalReasonForm,
        service=services.withdraw_nomination,
        done=lambda n: _("Nomination withdrawn."),
    )


@require_http_methods(["GET", "POST"])
@rule_required("nominations.browse")
def nomination_return(request, pk):
    return _reason_action(
        request,
        pk,
        action="return",
        rule="nominations.return",
        may=rules.may_return,
        form_class=ReasonForm,
        service=services.return_for_revision,
        done=lambda n: _("Nomination returned to %(regency)s for revision.") % {"regency": n.regency},
    )


@rule_required("nominations.browse")
def nomination_file(request, kind, pk):
    """Serve a photo or document only to users who may see its nomination."""
    model = {"photo": NominationPhoto, "document": NominationDocument}.get(kind)
    if model is None:
        raise Http404
    item = get_object_or_404(model.objects.filter(nomination__in=Nomination.objects.visible_to(request.user)), pk=pk)
    stored = item.image if kind == "photo" else item.file
    return file_response(stored, filename=item.original_name or None)


@rule_required("nominations.browse")
def photo_rendition(request, pk, width, extension):
    """A smaller copy of a photo (nominations/renditions.py), to exactly the users who may fetch the original."""
    if width not in RENDITION_WIDTHS or extension not in RENDITION_FORMATS:
        raise Http404
    photo = get_object_or_404(
        NominationPhoto.objects.filter(nomination__in=Nomination.objects.visible_to(request.user)), pk=pk
    )
    return file_response(services.rendition_of(photo, width, extension))


@require_POST
@rule_required("nominations.browse")
def photo_attach(request, pk):
    """Attach one photo to a draft as soon as the officer chooses it (static/js/photo_upload.js sends it, made
    smaller in the browser): a form that comes back with errors keeps it. Answers JSON: the photo's thumbnail, or
    why not. Who may: whoever may save the draft (rules.may_edit), the form's validation for the file."""
    nomination = visible_nomination(request, pk)
    verdict = rules.may_edit(request.user, nomination)
    if not verdict:
        return JsonResponse({"errors": [verdict.reason]}, status=403)
    form = PhotoAttachForm(request.POST, request.FILES)
    if not form.is_valid():
        return JsonResponse({"errors": form.errors["photo"]}, status=400)
    try:
        photo = services.attach_photo(nomination, form.cleaned_data["photo"], by=request.user)
    except WorkflowError as error:
        return JsonResponse({"errors": [str(error)]}, status=409)
    _entry_written(request, photo.nomination)  # as locked while the photo was added
    html = render_to_string("nominations/_photo.html", {"photo": photo}, request=request)
    return JsonResponse({"id": photo.pk, "name": photo.original_name, "size": photo.size, "html": html}, status=201)


@rule_required("nominations.browse")
def ikm_detail(request, pk):
    """The IKM's nominations that this user may see. Only ministry admins are told which regency holds it: an
    officer may have a draft of an IKM that another regency holds (models/ikm.py)."""
    nominations = (
        Nomination.objects.visible_to(request.user).filter(ikm_id=pk).with_list_data().order_by("-round__year")
    )
    ikm = get_object_or_404(Ikm.objects.filter(nominations__in=nominations).distinct(), pk=pk)
    holder, name = None, ikm.business_name
    if request.user.is_ministry_admin:
        holder = Regency.objects.select_related("province").filter(pk=ikm.holder_id()).first()
    else:  # the name as this user's own nominations give it, never as another regency's draft typed it
        name = nominations[0].business_name or ikm.nib
    return render(
        request,
        "nominations/ikm_detail.html",
        {"ikm": ikm, "name": name, "nominations": nominations, "holder": holder, "stars": star_history(ikm)},
    )


@require_http_methods(["GET", "POST"])
@rule_required("nominations.move_ikm")
def ikm_move(request, pk):
    ikm = get_object_or_404(Ikm, pk=pk)
    form = IkmMoveForm(request.POST or None)
    if form.is_valid() and run_service(
        request,
        services.move_ikm,
        ikm,
        form.cleaned_data["regency"],
        by=request.user,
        reason=form.cleaned_data["reason"],
        success=_("%(ikm)s now belongs to %(regency)s.")
        % {"ikm": ikm.business_name, "regency": form.cleaned_data["regency"]},
    ):
        return redirect("nominations:ikm", pk=pk)
    return render(request, "nominations/ikm_move.html", {"ikm": ikm, "form": form})
