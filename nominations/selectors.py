"""Scoped reads of nominations and rounds that more than one page uses."""

from django.db.models import Count, Q

from audit.models import AuditRecord

from .models import AwardRound, Nomination, NominationStatus

# Audit actions that tell something of an award decision: before the round's results are published only
# ministry admins may know any of it (level, reason, who decided, even that a decision exists).
DECISION_ACTIONS_PREFIX = "award."


def history_for(user, nomination):
    """The nomination's audit history as this user may know it: decisions only for admins until publication."""
    history = AuditRecord.objects.for_object(nomination)
    if not (user.is_ministry_admin or nomination.round.results_published):
        history = history.exclude(action__startswith=DECISION_ACTIONS_PREFIX)
    return history


def visible_decision(user, nomination):
    """The nomination's award decision if this user may know it (admins always; others once published).

    Read through the reverse relation of awards' Decision (`nomination.decision`), so that nominations, below
    awards, does not import it."""
    if not (user.is_ministry_admin or nomination.round.results_published):
        return None
    found = Nomination.objects.filter(pk=nomination.pk).select_related("decision__level").first()
    return getattr(found, "decision", None)


def rounds_with_counts():
    """Every round with its commodity types and its nominations counted by status (the admins' round pages)."""
    counts = {
        f"count_{status}": Count("nominations", filter=Q(nominations__status=status))
        for status in NominationStatus.values
    }
    return AwardRound.objects.prefetch_related("commodity_types").annotate(
        count_all=Count("nominations"),
        provinces=Count(
            "nominations__regency__province", distinct=True, filter=~Q(nominations__status=NominationStatus.DRAFT)
        ),
        **counts,
    )
