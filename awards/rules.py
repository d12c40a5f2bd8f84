"""Who may do what with awards and the cohort.

Page rules (django-rules) say which roles reach a page; object predicates (`may_...`, returning a
core.rules.Verdict) say whether this user may decide, publish or promote now, and why not. Views and
awards.services ask the same predicates.
"""

import rules
from django.utils import timezone
from django.utils.translation import gettext as _

from core.roles import is_ministry_admin
from core.rules import ALLOWED, refused
from nominations.models import RoundStatus
from nominations.rules import round_open_for_changes

from .models import CohortMembership, Decision

rules.add_rule("awards.decide", is_ministry_admin)
rules.add_rule("awards.cohort", rules.is_authenticated)
rules.add_rule("awards.bands", is_ministry_admin)
# The national minutes carry the decisions: ministry admins only, before and after publication.
rules.add_rule("awards.minutes", is_ministry_admin)
# The register of starred IKM across the years: ministry admins only (the IKM pages show each its own stars).
rules.add_rule("awards.register", is_ministry_admin)


def _admin(user):
    if not (user.is_authenticated and user.is_ministry_admin):
        return refused(_("Only ministry admins decide awards."))
    return ALLOWED


def may_decide(user, award_round):
    """Record or change decisions in the round: ministry admins, in curation, before the results are published.
    Which nominations may receive one (forwarded ones) and the level's round are checked by the service."""
    verdict = _admin(user)
    if not verdict:
        return verdict
    if award_round.results_published:
        return refused(
            _("The results of %(round)s are published: decisions can no longer change.") % {"round": award_round}
        )
    if award_round.status != RoundStatus.CURATION:
        return refused(_("Awards are decided while the round is in curation or decision."))
    return ALLOWED


def may_edit_bands(user, award_round):
    """Set a round's score bands: ministry admins, in a round open for changes, until its results are published
    (then they are frozen with the decisions made on them)."""
    for verdict in (_admin_of_bands(user), round_open_for_changes(award_round)):
        if not verdict:
            return verdict
    if award_round.results_published:
        return refused(
            _("The results of %(round)s are published: its score bands are frozen.") % {"round": award_round}
        )
    return ALLOWED


def _admin_of_bands(user):
    if not (user.is_authenticated and user.is_ministry_admin):
        return refused(_("Only ministry admins set the score bands."))
    return ALLOWED


def may_publish(user, award_round, now=None):
    """Publish the round's results: once, in the decision phase, after scoring closes (the national assessment's,
    where the round has one; undecided nominations are checked on publishing)."""
    now = now or timezone.now()
    verdict = _admin(user)
    if not verdict:
        return verdict
    if award_round.results_published:
        return refused(_("The results of %(round)s are already published.") % {"round": award_round})
    if award_round.status != RoundStatus.CURATION or now < award_round.decision_opens:
        return refused(_("Results are published in the decision phase, after scoring closes."))
    return ALLOWED


def may_promote(user, nomination):
    """Put an awarded IKM into its round's Go Global cohort, after publication, while places are left."""
    award_round = nomination.round
    for verdict in (_admin(user), round_open_for_changes(award_round)):
        if not verdict:
            return verdict
    if not award_round.results_published:
        return refused(
            _("Publish the results of %(round)s before promoting winners into Go Global.") % {"round": award_round}
        )
    if award_round.go_global_closed_at is not None:
        return refused(_("The Go Global selection of %(round)s is closed.") % {"round": award_round})
    decision = Decision.objects.filter(nomination=nomination).select_related("level").first()
    if decision is None or not decision.is_awarded:
        return refused(_("Only an awarded IKM can join the Go Global cohort."))
    if not decision.level.eligible_for_go_global:
        return refused(
            _("Holders of %(level)s are not eligible for Go Global in %(round)s.")
            % {"level": decision.level, "round": award_round}
        )
    if CohortMembership.objects.filter(nomination=nomination).exists():
        return refused(_("%(name)s is already in the cohort.") % {"name": nomination})
    members = CohortMembership.objects.filter(nomination__round=award_round).count()
    if members >= award_round.cohort_size:
        return refused(
            _("The Go Global cohort of %(round)s is full: %(count)s of %(size)s places are taken.")
            % {"round": award_round, "count": members, "size": award_round.cohort_size}
        )
    return ALLOWED


def may_close_go_global(user, award_round):
    """Close the round's Go Global selection (its panel's sheets and the promotions freeze; the officers of the
    candidates not selected are told): ministry admins, after publication, once."""
    for verdict in (_admin(user), round_open_for_changes(award_round)):
        if not verdict:
            return verdict
    if not award_round.results_published:
        return refused(_("The Go Global selection begins when the results are published."))
    if award_round.go_global_closed_at is not None:
        return refused(_("The Go Global selection of %(round)s is already closed.") % {"round": award_round})
    return ALLOWED


def may_update_programme(user):
    return _admin(user)
