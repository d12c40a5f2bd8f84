"""Scoped reads of decisions and the cohort: nothing reaches regencies before results are published."""

from nominations.models import Nomination

from .models import CohortMembership, Decision


def visible_cohort(user, award_round=None):
    memberships = CohortMembership.objects.select_related(
        "nomination__regency__province", "nomination__commodity", "nomination__round"
    ).prefetch_related("exhibitions")
    if award_round is not None:
        memberships = memberships.filter(nomination__round=award_round)
    if user.is_ministry_admin:
        return memberships
    visible = Nomination.objects.visible_to(user).filter(round__results_published_at__isnull=False)
    return memberships.filter(nomination__in=visible)


def visible_decision(user, nomination):
    """The nomination's decision if this user may know it (admins always; others once published)."""
    if not (user.is_ministry_admin or nomination.round.results_published):
        return None
    return Decision.objects.filter(nomination=nomination).select_related("level").first()
