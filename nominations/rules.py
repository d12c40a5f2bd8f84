"""Who may do what with rounds and nominations.

Page rules (django-rules, in rules' own registry) say which roles reach a page; object predicates (`may_...`,
returning a core.rules.Verdict) say whether this user may do this to this nomination or round now, and why not.
Views, templates (through the view) and the services in nominations.services ask the same predicates.
"""

import rules
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from core.roles import is_ministry_admin, is_officer, is_team_member
from core.rules import ALLOWED, refused

from .models import InterestStatus, NominationStatus, RoundStatus
from .models.nomination import QUOTA_STATUSES


@rules.predicate
def is_nomination_officer(user, nomination):
    return user.is_authenticated and user.is_officer and nomination.regency_id == user.regency_id


@rules.predicate
def is_nomination_team(user, nomination):
    return user.is_authenticated and user.is_team_member and nomination.regency.province_id == user.province_id


@rules.predicate
def is_editable(user, nomination):
    return nomination.is_editable


rules.add_rule("nominations.browse", rules.is_authenticated)
rules.add_rule("nominations.create", is_officer)
rules.add_rule("nominations.edit", is_nomination_officer & is_editable)
rules.add_rule("nominations.submit", is_nomination_officer)
rules.add_rule("nominations.withdraw", is_nomination_officer)
rules.add_rule("nominations.return", is_nomination_team)
rules.add_rule("nominations.manage_rounds", is_ministry_admin)
rules.add_rule("nominations.move_ikm", is_ministry_admin)
rules.add_rule("nominations.overview", is_ministry_admin)
rules.add_rule("nominations.team_list", is_team_member)
rules.add_rule("nominations.interests", is_officer | is_ministry_admin)
rules.add_rule("nominations.answer_interest", is_officer)
rules.add_rule("nominations.samples", is_ministry_admin)


def when(value):
    """A moment as the reasons show it (local time, the user's language)."""
    return formats.date_format(timezone.localtime(value), "DATETIME_FORMAT")


# Rounds --------------------------------------------------------------------------------------------


def round_open_for_changes(award_round):
    """Nothing in a closed round changes: only a ministry admin's audited reopening (`reopen_round`) allows one."""
    if award_round.status == RoundStatus.CLOSED:
        return refused(
            _(
                "%(round)s is closed: nothing in it can change any more. A ministry admin can reopen the round, "
                "with a reason, first."
            )
            % {"round": award_round}
        )
    return ALLOWED


def may_manage_rounds(user):
    """Set up rounds (dates, quotas, commodity types, rubric) and commodity types, and move them through phases."""
    if not (user.is_authenticated and user.is_ministry_admin):
        return refused(_("Only ministry admins set up award rounds and commodity types."))
    return ALLOWED


def may_edit_round(user, award_round):
    """Create a round (award_round None or unsaved) or edit one that is not closed."""
    verdict = may_manage_rounds(user)
    if verdict and award_round is not None and award_round.pk is not None:
        return round_open_for_changes(award_round)
    return verdict


def may_start_reevaluation(user, award_round, now=None):
    """Choose the earlier star holders a round re-evaluates: ministry admins, before the round's nominations close."""
    now = now or timezone.now()
    verdict = may_edit_round(user, award_round)
    if not verdict:
        return verdict
    if award_round.status not in (RoundStatus.DRAFT, RoundStatus.NOMINATION) or now >= award_round.nomination_closes:
        return refused(
            _(
                "Re-evaluations are started before the nominations of %(round)s close, so that the regencies can "
                "update them."
            )
            % {"round": award_round}
        )
    return ALLOWED


def may_reopen_round(user, award_round):
    if not (user.is_authenticated and user.is_ministry_admin):
        return refused(_("Only a ministry admin can reopen a round."))
    if award_round.status != RoundStatus.CLOSED:
        return refused(_("Only a closed round can be reopened."))
    return ALLOWED


# Nominations ---------------------------------------------------------------------------------------


def may_edit(user, nomination):
    """Save the nomination's draft (a new one, or one in draft or returned for revision) with its files."""
    if not is_nomination_officer(user, nomination):
        return refused(_("Only an officer of %(regency)s can edit this nomination.") % {"regency": nomination.regency})
    verdict = round_open_for_changes(nomination.round)
    if not verdict:
        return verdict
    if nomination.pk is not None and not nomination.is_editable:
        return refused(
            _("This nomination is %(status)s and can no longer be edited.")
            % {"status": nomination.get_status_display().lower()}
        )
    return ALLOWED


def may_submit(user, nomination, now=None):
    """Submit (or resubmit) now: the officer of its regency, a draft or returned nomination, the window open.
    What the nomination still lacks and the regency's quota are checked by the service on submitting."""
    now = now or timezone.now()
    award_round = nomination.round
    if not is_nomination_officer(user, nomination):
        return refused(
            _("Only an officer of %(regency)s can submit this nomination.") % {"regency": nomination.regency}
        )
    if nomination.status not in (NominationStatus.DRAFT, NominationStatus.RETURNED):
        return refused(
            _("This nomination is already %(status)s.") % {"status": nomination.get_status_display().lower()}
        )
    if not award_round.nomination_window_open(now):
        if award_round.status == RoundStatus.NOMINATION and now < award_round.nomination_opens:
            return refused(
                _("Nominations for %(round)s open on %(when)s.")
                % {"round": award_round, "when": when(award_round.nomination_opens)}
            )
        return refused(
            _("The nomination window of %(round)s closed on %(when)s: nominations can no longer be submitted.")
            % {"round": award_round, "when": when(award_round.nomination_closes)}
        )
    return ALLOWED


def may_withdraw(user, nomination):
    if not is_nomination_officer(user, nomination):
        return refused(
            _("Only an officer of %(regency)s can withdraw this nomination.") % {"regency": nomination.regency}
        )
    if nomination.round.status not in (RoundStatus.DRAFT, RoundStatus.NOMINATION):
        return refused(_("Curation has started: the nomination can no longer be withdrawn."))
    if nomination.status == NominationStatus.WITHDRAWN:
        return refused(_("This nomination is already withdrawn."))
    return ALLOWED


def may_return(user, nomination):
    """Return for revision: the selection team of its province, while the round takes nominations."""
    if not is_nomination_team(user, nomination):
        return refused(_("Only the selection team of the nomination's province can return it."))
    if nomination.status not in (NominationStatus.SUBMITTED, NominationStatus.RESUBMITTED):
        return refused(
            _("Only a submitted nomination can be returned (this one is %(status)s).")
            % {"status": nomination.get_status_display().lower()}
        )
    if nomination.round.status != RoundStatus.NOMINATION:
        return refused(_("Curation has started: nominations can no longer be returned for revision."))
    return ALLOWED


def may_move_ikm(user):
    if not (user.is_authenticated and user.is_ministry_admin):
        return refused(_("Only a ministry admin can move an IKM to another regency/city."))
    return ALLOWED


# IKM interests and product samples ------------------------------------------------------------------


def may_answer_interest(user, interest):
    """Accept or decline an IKM's interest: an officer of its regency, once."""
    if not (user.is_authenticated and user.is_officer and user.regency_id == interest.regency_id):
        return refused(_("Only an officer of the IKM's regency/city can answer its interest."))
    if interest.status != InterestStatus.NEW:
        return refused(
            _("This interest was already answered (%(status)s).") % {"status": interest.get_status_display().lower()}
        )
    return ALLOWED


def may_record_sample(user, nomination):
    """Record a submitted nomination's product sample: a ministry admin, while the round is not closed."""
    if not (user.is_authenticated and user.is_ministry_admin):
        return refused(_("Only a ministry admin records product samples."))
    if nomination.status not in QUOTA_STATUSES:
        return refused(_("Only a submitted nomination has a product sample to record."))
    return round_open_for_changes(nomination.round)


def may_remind_samples(user, award_round):
    if not (user.is_authenticated and user.is_ministry_admin):
        return refused(_("Only a ministry admin sends sample reminders."))
    return round_open_for_changes(award_round)
