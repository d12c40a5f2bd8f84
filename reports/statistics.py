"""Figures of a round as the user may see them: nominations by commodity and province, status counts,
the administrative selection (in, passed, not passed, per province and commodity), awards by level, provinces
taking part. Each is one aggregate query."""

from django.db.models import Count, Q

from awards.models import AwardLevel, CohortMembership
from nominations.models import Nomination, NominationStatus
from nominations.models.nomination import QUOTA_STATUSES


def round_statistics(user, award_round):
    visible = Nomination.objects.visible_to(user).filter(round=award_round)
    submitted = visible.filter(status__in=QUOTA_STATUSES)
    by_commodity = list(
        submitted.values("commodity__name_id", "commodity__name_en", "commodity__position")
        .annotate(n=Count("id"))
        .order_by("-n", "commodity__position")
    )
    by_province = list(
        submitted.values("regency__province__code", "regency__province__name")
        .annotate(n=Count("id"))
        .order_by("-n", "regency__province__code")
    )
    labels = dict(NominationStatus.choices)
    status_counts = [
        (labels[row["status"]], row["n"]) for row in visible.values("status").annotate(n=Count("id")).order_by("status")
    ]
    awards = []
    if user.is_ministry_admin or award_round.results_published:
        counts = (
            AwardLevel.objects.filter(round=award_round)
            .annotate(n=Count("decisions", filter=Q(decisions__nomination__in=visible)))
            .order_by("rank")
        )
        awards = [(level, level.n) for level in counts]
    cohort = (
        CohortMembership.objects.filter(nomination__in=visible).count()
        if (user.is_ministry_admin or award_round.results_published)
        else None
    )
    selection = None
    if award_round.admin_selection:
        counts = {
            "n": Count("id"),
            "passed": Count("id", filter=Q(admin_check__passed=True)),
            "failed": Count("id", filter=Q(admin_check__passed=False)),
        }
        selection = {
            **submitted.aggregate(**counts),
            "by_province": list(
                submitted.values("regency__province__name").annotate(**counts).order_by("regency__province__name")
            ),
            "by_commodity": list(
                submitted.values("commodity__name_id", "commodity__name_en", "commodity__position")
                .annotate(**counts)
                .order_by("commodity__position")
            ),
        }
    return {
        "selection": selection,
        "total": submitted.count(),
        "provinces": len(by_province),
        "by_commodity": by_commodity,
        "by_province": by_province,
        "status_counts": status_counts,
        "awards": awards,
        "cohort": cohort,
    }


def bars(rows):
    """(label, value, percent of the largest) for a server-drawn bar chart."""
    top = max((value for _label, value in rows), default=0) or 1
    return [(label, value, round(100 * value / top, 1)) for label, value in rows]
