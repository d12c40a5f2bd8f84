"""Scoped reads of the cohort: nothing reaches regencies before results are published (a nomination's own
decision is read by nominations.selectors.visible_decision)."""

from nominations.models import Nomination

from .models import CohortMembership


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
