"""Helpers shared by the curation pages."""

import re

from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, render

from nominations.models import AwardRound, Nomination, RoundStatus
from nominations.models.nomination import CURATED_STATUSES


def rounds_in_curation():
    return AwardRound.objects.filter(status__in=[RoundStatus.CURATION, RoundStatus.CLOSED])


class NoRoundInCuration(Exception):
    """No round has reached curation yet: the page says so instead of failing."""


# A database id as typed into a query string or ticked in a form: ASCII digits (str.isdigit() also accepts '²',
# which int() refuses), at most 18 of them (below 2**63; 99999999999999999999999 overflows SQLite's integers).
DATABASE_ID = re.compile(r"[0-9]{1,18}")


def ids_from(values):
    """The database ids among `values`, in their order; anything else is dropped."""
    return [int(value) for value in values if DATABASE_ID.fullmatch(value)]


def object_from_query(request, key, queryset):
    """The object of `queryset` that ?key= names; None without the key; 404 for a value that names none of them,
    whatever it is (huge, negative, '²', text with a NUL character, which PostgreSQL refuses)."""
    value = request.GET.get(key)
    if not value:
        return None
    try:
        return queryset.get(pk=value)
    except (queryset.model.DoesNotExist, ValueError, ValidationError):
        raise Http404 from None


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
