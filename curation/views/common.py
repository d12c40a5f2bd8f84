"""Helpers shared by the curation pages."""

from django.shortcuts import get_object_or_404, render

from core.views import object_from_query
from nominations.models import AwardRound, Nomination, RoundStatus
from nominations.models.nomination import CURATED_STATUSES


def rounds_in_curation():
    return AwardRound.objects.filter(status__in=[RoundStatus.CURATION, RoundStatus.CLOSED])


class NoRoundInCuration(Exception):
    """No round has reached curation yet: the page says so instead of failing."""


def chosen_round(request):
    """The round picked with ?round= (404 if not in curation), else the newest round in curation."""
    rounds = rounds_in_curation()
    award_round = (
        object_from_query(request, "round", rounds)
        or rounds.filter(status=RoundStatus.CURATION).first()
        or rounds.first()
    )
    if award_round is None:
        raise NoRoundInCuration
    return award_round


def curated_nomination(request, pk):
    """A nomination in curation that this user may see (their province's, or any for admins)."""
    queryset = Nomination.objects.visible_to(request.user).filter(
        round__in=rounds_in_curation(), status__in=CURATED_STATUSES
    )
    return get_object_or_404(queryset.select_related("round", "regency__province", "commodity"), pk=pk)


def results_hidden(request, verdict):
    """The page a team member gets instead of the team's figures (blind scoring), saying why and what is left."""
    return render(request, "curation/results_hidden.html", {"verdict": verdict}, status=403)
