"""Who is missing where, for ministry admins onboarding the portal's users: regencies/cities without an active
officer, provinces whose team lacks a chair or members, and the commodity types of the rounds under way that no
national assessor covers. It sits in curation (and is joined to the accounts pages' URLs in ovop_portal/urls.py)
because the assessors' coverage is their assignments in curation."""

from django.db.models import Count, Q
from django.shortcuts import render

from accounts import selectors as accounts
from accounts.models import Province
from core.decorators import rule_required
from core.views import object_from_query, paginate
from nominations.models import AwardRound, CommodityType, RoundStatus

from ..models import Stage


def commodities_without_assessor():
    """(round, commodity types of the round no active national assessor is assigned to), for each round under way
    (taking nominations or in curation)."""
    rounds = list(
        AwardRound.objects.filter(status__in=[RoundStatus.NOMINATION, RoundStatus.CURATION]).order_by("-year")
    )
    coverage = []
    for award_round in rounds:
        missing = (
            CommodityType.objects.filter(rounds=award_round)
            .annotate(
                assessors=Count(
                    "assignments",
                    filter=Q(
                        assignments__round=award_round,
                        assignments__stage=Stage.NATIONAL,
                        assignments__assessor__is_active=True,
                    ),
                )
            )
            .filter(assessors=0)
            .order_by("name_id")
        )
        coverage.append((award_round, list(missing)))
    return coverage


@rule_required("accounts.manage_users")
def coverage(request):
    province = object_from_query(request, "province", Province.objects.all())
    page, query = paginate(request, accounts.regencies_without_officer(province), 50)
    provinces = accounts.provinces_coverage()
    return render(
        request,
        "accounts/users/coverage.html",
        {
            "province": province,
            "page": page,
            "query": query,
            "provinces": provinces,
            "uncovered_total": sum(p.uncovered for p in provinces),
            "short_teams": [p for p in provinces if p.short],
            "team_size": accounts.TEAM_SIZE,
            "commodities": commodities_without_assessor(),
        },
    )
