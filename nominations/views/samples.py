"""Product samples: the ministry's list of samples per round and province, receipt records, reminders."""

from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST

from accounts.models import Province
from core.decorators import rule_required
from core.views import ids_from, paginate, run_service

from .. import services
from ..forms import ProductSampleForm, SampleFilterForm
from ..models import AwardRound, Nomination, ProductSample, SampleStatus
from ..models.nomination import QUOTA_STATUSES

ARRIVED = [SampleStatus.RECEIVED, SampleStatus.RETURNED, SampleStatus.KEPT]


@rule_required("nominations.samples")
def sample_list(request):
    current = AwardRound.objects.current()
    filters = SampleFilterForm(request.GET or None, initial={"round": current})
    data = filters.cleaned_data if filters.is_valid() else {}
    award_round = data.get("round") or current
    expected = Nomination.objects.filter(round=award_round, status__in=QUOTA_STATUSES)
    if data.get("province"):
        expected = expected.filter(regency__province=data["province"])
    counts = {
        "expected": expected.count(),
        "arrived": expected.filter(sample__status__in=ARRIVED).count(),
    }
    counts["missing"] = counts["expected"] - counts["arrived"]
    shown = expected.exclude(sample__status__in=ARRIVED) if data.get("missing") else expected
    rows = shown.select_related("sample", "regency__province", "commodity").order_by(
        "regency__province__name", "regency__name", "business_name"
    )
    page, query = paginate(request, rows, 50)
    return render(
        request,
        "nominations/sample_list.html",
        {
            "filters": filters,
            "award_round": award_round,
            "province": data.get("province"),
            "counts": counts,
            "page": page,
            "query": query,
        },
    )


@require_http_methods(["GET", "POST"])
@rule_required("nominations.samples")
def sample_edit(request, pk):
    nomination = get_object_or_404(
        Nomination.objects.select_related("round", "regency__province", "commodity").filter(status__in=QUOTA_STATUSES),
        pk=pk,
    )
    stored = ProductSample.objects.filter(nomination=nomination).first()
    form = ProductSampleForm(request.POST or None, instance=stored or ProductSample(nomination=nomination))
    if form.is_valid() and run_service(
        request,
        services.record_sample,
        nomination,
        form.save(commit=False),
        by=request.user,
        success=_("Product sample of %(name)s recorded.") % {"name": nomination},
    ):
        return redirect(f"{reverse('nominations:samples')}?round={nomination.round_id}")
    return render(request, "nominations/sample_form.html", {"nomination": nomination, "form": form})


@require_POST
@rule_required("nominations.samples")
def samples_remind(request):
    award_round = get_object_or_404(AwardRound, pk=next(iter(ids_from([request.POST.get("round", "")])), 0))
    code = request.POST.get("province", "")
    province = Province.objects.filter(pk=code).first() if code.isascii() and code.isdigit() else None
    run_service(
        request,
        services.remind_missing_samples,
        award_round,
        by=request.user,
        province=province,
        success=lambda officers: (
            ngettext("Reminder sent to %(count)s officer.", "Reminder sent to %(count)s officers.", officers)
            % {"count": officers}
        ),
    )
    query = f"?round={award_round.pk}" + (f"&province={province.pk}" if province else "")
    return redirect(reverse("nominations:samples") + query)
