"""Scoped reads of nominations and rounds that more than one page uses."""

from dataclasses import dataclass

from django.db.models import Count, IntegerField, OuterRef, Q, Subquery

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


# Stars ----------------------------------------------------------------------------------------------------------
# An IKM's stars are the awarded decisions on its nominations in rounds whose results are published; a decision of a
# round not yet published never counts, for anyone, ministry admins included. Its current star is decided by its
# latest published decision alone (the latest round by year, then by publication): an award there is the current
# star; "not awarded" there means no current star, whatever it held before. A nomination without a decision (one
# withdrawn, say) changes nothing. Decisions are awards' (Decision, reverse relation `decision`): read here by
# string lookups, so that nominations does not import awards; awards.selectors builds the register on these.

LATEST_ROUND_FIRST = ("-round__year", "-round__results_published_at", "-pk")


def published_decided(nominations=None):
    """The nominations (of `nominations`, else all) decided in a round whose results are published."""
    nominations = Nomination.objects.all() if nominations is None else nominations
    return nominations.filter(round__results_published_at__isnull=False, decision__isnull=False)


def latest_decided_of_ikm(ikm_ref):
    """The id of the IKM's nomination whose decision sets its current star (a subquery; `ikm_ref` an OuterRef to the
    IKM's id); its decision may be "not awarded"."""
    return Subquery(
        published_decided().filter(ikm_id=ikm_ref).order_by(*LATEST_ROUND_FIRST).values("pk")[:1],
        output_field=IntegerField(),
    )


def current_star_nominations():
    """The nominations that hold their IKM's current star: one per starred IKM, awarded, in a published round."""
    return published_decided().filter(
        ikm__isnull=False,
        decision__level__isnull=False,
        pk=latest_decided_of_ikm(OuterRef("ikm_id")),
    )


@dataclass
class StarHistory:
    """An IKM's `stars` (awarded nominations in published rounds, latest first, each with `decision.level` and
    `round`) and its `current` one (a nomination of `stars`, or None)."""

    current: Nomination | None
    stars: list


def star_history(ikm):
    """The IKM's stars and its current star; only published decisions are read, whoever asks."""
    decided = list(
        published_decided(Nomination.objects.filter(ikm=ikm))
        .select_related("round", "commodity", "decision__level")
        .order_by(*LATEST_ROUND_FIRST)
    )
    stars = [nomination for nomination in decided if nomination.decision.level_id is not None]
    current = decided[0] if decided and decided[0].decision.level_id is not None else None
    return StarHistory(current, stars)
