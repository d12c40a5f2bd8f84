"""The national assessment minutes of a round, as a page and as a PDF: ministry admins only (they carry the
decisions, which nobody else sees before publication), for rounds with a national assessment."""

from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render

from core.decorators import rule_required
from nominations.models import AwardRound

from ..minutes import national_minutes_context, national_minutes_pdf


def _national_round(round_pk):
    """The round, if it has a national assessment; any other is a 404 (it has no national minutes)."""
    return get_object_or_404(AwardRound.objects.filter(national_assessment=True), pk=round_pk)


@rule_required("awards.minutes")
def minutes(request, round_pk):
    return render(request, "awards/minutes.html", national_minutes_context(_national_round(round_pk)))


@rule_required("awards.minutes")
def minutes_download(request, round_pk):
    award_round = _national_round(round_pk)
    response = HttpResponse(national_minutes_pdf(award_round), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="berita-acara-nasional-{award_round.year}.pdf"'
    return response
