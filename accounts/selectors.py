"""Reads of the Users pages: the list of accounts and who is missing where (the coverage of 514 regencies/cities and
38 provinces), each a fixed number of queries whatever the number of accounts."""

from django.contrib.auth.hashers import UNUSABLE_PASSWORD_PREFIX
from django.db.models import Count, Exists, OuterRef, Q

from .models import Province, Regency, User

TEAM_SIZE = 3  # a province's selection team needs at least this many active members

PENDING = Q(password__startswith=UNUSABLE_PASSWORD_PREFIX)


def users_for_list():
    """Every account with its regions, in the order of the list (by role, region and name)."""
    return User.objects.select_related("regency__province", "province").order_by(
        "role", "province__name", "regency__province__name", "regency__name", "last_name", "first_name", "pk"
    )


def _active_officers():
    return User.objects.filter(role=User.Role.OFFICER, regency=OuterRef("pk"), is_active=True)


def regencies_without_officer(province=None):
    """Regencies/cities with no active officer, each with whether an invitation to one is pending."""
    regencies = Regency.objects.filter(~Exists(_active_officers().exclude(PENDING)))
    if province is not None:
        regencies = regencies.filter(province=province)
    return (
        regencies.select_related("province")
        .annotate(pending=Exists(_active_officers().filter(PENDING)))
        .order_by("province__name", "name")
    )


def provinces_coverage():
    """Every province with its number of regencies/cities, of those without an active officer, its team's active
    members and whether it has a chair; `short` when the team lacks a chair or has fewer than TEAM_SIZE members."""
    uncovered = dict(
        regencies_without_officer()
        .order_by()
        .values_list("province")
        .annotate(n=Count("pk"))
        .values_list("province", "n")
    )
    provinces = Province.objects.annotate(
        regency_count=Count("regencies", distinct=True),
        members=Count(
            "team_members",
            filter=Q(team_members__is_active=True, team_members__role=User.Role.TEAM_MEMBER),
            distinct=True,
        ),
        has_chair=Exists(User.objects.filter(province=OuterRef("pk"), is_team_chair=True, is_active=True)),
    ).order_by("name")
    rows = list(provinces)
    for province in rows:
        province.uncovered = uncovered.get(province.pk, 0)
        province.short = not province.has_chair or province.members < TEAM_SIZE
    return rows
