"""Who may do what in curation.

Page rules (django-rules, in rules' own registry) say which roles reach a page; object predicates (`may_...`,
returning a core.rules.Verdict) say whether this user may do this to this nomination, rubric or shortlist now, and
why not. Views, templates (through the view) and curation.services ask the same predicates.
"""

from decimal import Decimal

import rules
from django.db.models import Sum
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from core.roles import is_assessor, is_ministry_admin, is_team_chair, is_team_member
from core.rules import ALLOWED, refused
from nominations.models import Nomination, NominationStatus, RoundStatus
from nominations.rules import round_open_for_changes, when

from .models import (
    AdminCheck,
    Assignment,
    Criterion,
    ScoreSheet,
    SheetStatus,
    Shortlist,
    Stage,
    go_global_candidates,
    national_nominations,
    passed_selection,
)
from .selectors import scoring_stage, stage_worklist

rules.add_rule("curation.score", is_team_member | is_assessor)
rules.add_rule("curation.assessment", is_ministry_admin)
rules.add_rule("curation.go_global", is_ministry_admin)
rules.add_rule("curation.ranking", is_team_member | is_ministry_admin)
rules.add_rule("curation.shortlist", is_team_chair)
rules.add_rule("curation.minutes", is_team_member | is_ministry_admin)
rules.add_rule("curation.national", is_ministry_admin)
rules.add_rule("curation.rubric", is_ministry_admin)
rules.add_rule("curation.select", is_team_member)
rules.add_rule("curation.requirements", is_ministry_admin)


def stage_of(user, award_round=None):
    """The stage a scorer scores in, in a round (see selectors.scoring_stage): team members their province's;
    assessors the national assessment, or, once the round's results are published, its Go Global selection if
    they sit on its panel."""
    return scoring_stage(user, award_round)


def sheets_left(member, award_round, stage=None):
    """Nominations of the member's worklist (of their stage in the round) without their submitted sheet or declared
    conflict."""
    stage = stage or stage_of(member, award_round)
    done = ScoreSheet.objects.filter(
        member=member, stage=stage, status__in=[SheetStatus.SUBMITTED, SheetStatus.CONFLICT]
    ).values("nomination")
    return stage_worklist(member, award_round, stage).exclude(pk__in=done).count()


def may_see_team_results(user, award_round, province):
    """Blind scoring: the province ranking, calibration and draft minutes show other members' figures.

    They are for ministry admins, the province's chair, and members who have submitted a sheet or declared a
    conflict on every nomination of their worklist; a member with sheets left learns nothing of the others'
    scores, not even the order of the ranking.
    """
    if user.is_ministry_admin:
        return ALLOWED
    if not (user.is_team_member and user.province_id == getattr(province, "pk", None)):
        return refused(_("Only the selection team of this province sees its results."))
    if user.is_team_chair:
        return ALLOWED
    left = sheets_left(user, award_round)
    if left:
        return refused(
            ngettext(
                "The team's scores stay hidden until you have scored every nomination on your worklist (or "
                "declared a conflict), so that nobody's figures sway yours. You have %(count)s sheet left.",
                "The team's scores stay hidden until you have scored every nomination on your worklist (or "
                "declared a conflict), so that nobody's figures sway yours. You have %(count)s sheets left.",
                left,
            )
            % {"count": left}
        )
    return ALLOWED


# Rubric --------------------------------------------------------------------------------------------


def rubric_is_frozen(award_round, stage=Stage.PROVINCE):
    """A rubric scored with (a submitted sheet of its stage) or of a closed round no longer changes."""
    return (
        award_round.status == RoundStatus.CLOSED
        or ScoreSheet.objects.filter(nomination__round=award_round, stage=stage, status=SheetStatus.SUBMITTED).exists()
    )


def may_edit_rubric(user, award_round, stage=Stage.PROVINCE):
    if not (user.is_authenticated and user.is_ministry_admin):
        return refused(_("Only ministry admins edit the rubric."))
    verdict = round_open_for_changes(award_round)
    if not verdict:
        return verdict
    if stage == Stage.NATIONAL and not award_round.national_assessment:
        return refused(_("%(round)s has no national assessment.") % {"round": award_round})
    if stage == Stage.GO_GLOBAL and award_round.go_global_closed_at is not None:
        return refused(_("The Go Global selection of %(round)s is closed.") % {"round": award_round})
    if rubric_is_frozen(award_round, stage):
        return refused(
            _(
                "The rubric is frozen: score sheets have already been submitted with it, and a change would "
                "silently alter their scores."
            )
        )
    return ALLOWED


def total_weight(award_round, stage=Stage.PROVINCE):
    criteria = Criterion.objects.filter(aspect__round=award_round, aspect__stage=stage)
    return criteria.aggregate(total=Sum("weight"))["total"] or Decimal(0)


# Score sheets --------------------------------------------------------------------------------------


def _member_of_team(user, nomination):
    if not (user.is_authenticated and user.is_team_member and user.province_id == nomination.regency.province_id):
        return refused(
            _("Only members of the selection team of %(province)s score this nomination.")
            % {"province": nomination.regency.province}
        )
    return ALLOWED


def _not_forwarded(nomination):
    """Forwarding freezes the province's sheets of the round: the minutes must stay what was forwarded."""
    forwarded_at = (
        Shortlist.objects.filter(round_id=nomination.round_id, province_id=nomination.regency.province_id)
        .values_list("forwarded_at", flat=True)
        .first()
    )
    if forwarded_at is not None:
        return refused(
            _(
                "The selection team of %(province)s forwarded its shortlist on %(when)s: its score sheets are final. "
                "A ministry admin can reopen the shortlist, with a reason, if they must change."
            )
            % {"province": nomination.regency.province, "when": when(forwarded_at)}
        )
    return ALLOWED


def _passed_selection(nomination):
    if not passed_selection(Nomination.objects.filter(pk=nomination.pk), nomination.round).exists():
        return refused(_("This nomination did not pass the administrative selection: it is not scored."))
    return ALLOWED


def scoring_window(award_round, now=None):
    now = now or timezone.now()
    if award_round.status != RoundStatus.CURATION:
        return refused(_("%(round)s is not in curation.") % {"round": award_round})
    if now < award_round.scoring_opens:
        return refused(_("Scoring opens on %(when)s.") % {"when": when(award_round.scoring_opens)})
    if now >= award_round.scoring_closes:
        return refused(
            _("Scoring closed on %(when)s: score sheets are locked.") % {"when": when(award_round.scoring_closes)}
        )
    return ALLOWED


def _assessor_of(user, nomination):
    if not (
        user.is_authenticated
        and user.is_assessor
        and Assignment.objects.filter(
            assessor=user, round_id=nomination.round_id, commodity_id=nomination.commodity_id
        ).exists()
    ):
        return refused(
            _("Only the national assessors of %(commodity)s in %(round)s assess this nomination.")
            % {"commodity": nomination.commodity, "round": nomination.round}
        )
    return ALLOWED


def national_window(award_round, now=None):
    now = now or timezone.now()
    if not award_round.national_assessment:
        return refused(_("%(round)s has no national assessment.") % {"round": award_round})
    if award_round.status != RoundStatus.CURATION or award_round.results_published:
        return refused(_("The national assessment of %(round)s is over.") % {"round": award_round})
    if now < award_round.national_opens:
        return refused(_("The national assessment opens on %(when)s.") % {"when": when(award_round.national_opens)})
    if now >= award_round.national_closes:
        return refused(
            _("The national assessment closed on %(when)s: score sheets are locked.")
            % {"when": when(award_round.national_closes)}
        )
    return ALLOWED


def _forwarded(nomination):
    if not national_nominations(nomination.round).filter(pk=nomination.pk).exists():
        return refused(_("This nomination was not forwarded by its province: it is not assessed nationally."))
    return ALLOWED


def _panel_member_of(user, nomination):
    if not (
        user.is_authenticated
        and user.is_assessor
        and Assignment.objects.filter(assessor=user, round_id=nomination.round_id, stage=Stage.GO_GLOBAL).exists()
    ):
        return refused(
            _("Only the expert panel of the Go Global selection of %(round)s scores its candidates.")
            % {"round": nomination.round}
        )
    return ALLOWED


def go_global_window(award_round, now=None):
    """The Go Global selection runs from the publication of the results until a ministry admin closes it (or the
    round is closed). `now` is not needed (no dates), only accepted like the other stages' windows."""
    if not award_round.results_published:
        return refused(
            _("The Go Global selection of %(round)s begins when its results are published.") % {"round": award_round}
        )
    if award_round.status != RoundStatus.CURATION or award_round.go_global_closed_at is not None:
        return refused(
            _("The Go Global selection of %(round)s is closed: score sheets are locked.") % {"round": award_round}
        )
    return ALLOWED


def _candidate(nomination):
    if not go_global_candidates(nomination.round).filter(pk=nomination.pk).exists():
        return refused(
            _("Only awarded IKM of a level eligible for Go Global are candidates of the Go Global selection.")
        )
    return ALLOWED


def _in_province_scoring(nomination):
    if nomination.status != NominationStatus.LOCKED:
        return refused(_("This nomination is not in curation."))
    if nomination.is_reevaluation and nomination.round.reevaluation_skips_province:
        return refused(
            _("This re-evaluation of an earlier star skips the provincial ranking: it goes straight to the ministry.")
        )
    return _passed_selection(nomination)


# Per stage: who scores (user, nomination), in which window (round, now), and which nominations (nomination).
# Each stage of the scoring engine differs only here; the rubric and the sheets are the same for every stage.
STAGE_CHECKS = {
    Stage.PROVINCE: (_member_of_team, scoring_window, _in_province_scoring),
    Stage.NATIONAL: (_assessor_of, national_window, _forwarded),
    Stage.GO_GLOBAL: (_panel_member_of, go_global_window, _candidate),
}


def _rubric_complete(award_round, stage):
    total = total_weight(award_round, stage)
    if total != Decimal(100):
        return refused(
            _(
                "The rubric of %(round)s is not complete (its weights add up to %(total)s%%): the ministry must "
                "finish it before scoring."
            )
            % {"round": award_round, "total": formats.number_format(total, 2)}
        )
    return ALLOWED


def _frozen(nomination, stage):
    """Province sheets freeze when the shortlist is forwarded; national and Go Global ones when their window
    closes."""
    return _not_forwarded(nomination) if stage == Stage.PROVINCE else ALLOWED


def may_score(user, nomination, sheet=None, now=None, stage=None):
    """Save or submit scores on the nomination in a stage (the scorer's own by default): a scorer of the stage
    (a member of the province's team; an assessor of the nomination's commodity type), in the stage's window, on
    a nomination of the stage, with a complete rubric of the stage, before the stage's sheets freeze (province:
    the shortlist forwarded), on the scorer's own sheet (`sheet`, if any) while it is neither a conflict nor
    submitted."""
    stage = stage or stage_of(user, nomination.round)
    who, window, which = STAGE_CHECKS[stage]
    for check in (
        lambda: who(user, nomination),
        lambda: window(nomination.round, now),
        lambda: which(nomination),
        lambda: _rubric_complete(nomination.round, stage),
        lambda: _frozen(nomination, stage),
    ):
        verdict = check()
        if not verdict:
            return verdict
    if sheet is not None and sheet.status == SheetStatus.CONFLICT:
        return refused(_("You declared a conflict of interest on this nomination: you cannot score it."))
    if sheet is not None and sheet.status == SheetStatus.SUBMITTED:
        return refused(
            _(
                "You submitted this sheet on %(when)s: a submitted sheet is final, because the team's scores are "
                "shown to you once yours is in."
            )
            % {"when": when(sheet.submitted_at)}
        )
    return ALLOWED


def _conflict_window(award_round, stage, now):
    """Conflicts are declared up to the end of the stage's window (before it opens, too; the Go Global selection's
    window has no opening but the publication that makes its candidates)."""
    if stage == Stage.GO_GLOBAL:
        return go_global_window(award_round, now)
    if stage == Stage.NATIONAL:
        if not award_round.national_assessment or award_round.status != RoundStatus.CURATION:
            return refused(_("Conflicts of interest are declared during the national assessment."))
        if award_round.results_published or now >= award_round.national_closes:
            return refused(_("Conflicts of interest are declared before the national assessment closes."))
        return ALLOWED
    if award_round.status != RoundStatus.CURATION or now >= award_round.scoring_closes:
        return refused(_("Conflicts of interest are declared during curation, before scoring closes."))
    return ALLOWED


def may_declare_conflict(user, nomination, sheet=None, now=None, stage=None):
    """Declare a conflict of interest instead of scoring: a scorer of the stage, before the stage's window closes,
    on a nomination of the stage, before its sheets freeze, without a submitted sheet."""
    now = now or timezone.now()
    stage = stage or stage_of(user, nomination.round)
    who, _window, which = STAGE_CHECKS[stage]
    for check in (
        lambda: who(user, nomination),
        lambda: _conflict_window(nomination.round, stage, now),
        lambda: _passed_selection(nomination) if stage == Stage.PROVINCE else which(nomination),
        lambda: _frozen(nomination, stage),
    ):
        verdict = check()
        if not verdict:
            return verdict
    if sheet is not None and sheet.status == SheetStatus.SUBMITTED:
        return refused(
            _(
                "You submitted a sheet for this nomination: a conflict of interest is declared instead of scoring, "
                "not after."
            )
        )
    return ALLOWED


def may_assign_assessors(user, award_round):
    """Name or take back national assessors of a round: ministry admins, in a round with the stage, until its
    results are published."""
    if not (user.is_authenticated and user.is_ministry_admin):
        return refused(_("Only ministry admins assign national assessors."))
    verdict = round_open_for_changes(award_round)
    if not verdict:
        return verdict
    if not award_round.national_assessment:
        return refused(_("%(round)s has no national assessment.") % {"round": award_round})
    if award_round.results_published:
        return refused(_("The results of %(round)s are published.") % {"round": award_round})
    return ALLOWED


def may_name_panel(user, award_round):
    """Name or take back the expert panel of a round's Go Global selection: ministry admins, in a round open for
    changes, until the selection is closed (the panel may be named before the results are published)."""
    if not (user.is_authenticated and user.is_ministry_admin):
        return refused(_("Only ministry admins name the Go Global panel."))
    verdict = round_open_for_changes(award_round)
    if not verdict:
        return verdict
    if award_round.go_global_closed_at is not None:
        return refused(_("The Go Global selection of %(round)s is closed.") % {"round": award_round})
    return ALLOWED


def may_assign(user, award_round, stage):
    """Name or take back assessors of a stage of the round (national assessors, or the Go Global panel)."""
    return may_name_panel(user, award_round) if stage == Stage.GO_GLOBAL else may_assign_assessors(user, award_round)


# Shortlists ----------------------------------------------------------------------------------------


def shortlists_open(award_round):
    """Shortlists change only while the round is in curation and its results are not published."""
    verdict = round_open_for_changes(award_round)
    if not verdict:
        return verdict
    if award_round.status != RoundStatus.CURATION:
        return refused(_("Shortlists are made while the round is in curation."))
    if award_round.results_published:
        return refused(
            _("The results of %(round)s are published: the shortlists behind them can no longer change.")
            % {"round": award_round}
        )
    return ALLOWED


def _chair_of(user, province):
    if not (user.is_authenticated and user.is_team_member and user.is_team_chair and user.province_id == province.pk):
        return refused(_("Only the chair of the selection team of %(province)s can do this.") % {"province": province})
    return ALLOWED


def may_shortlist(user, award_round, province, shortlist=None):
    """Change the province's shortlist (`shortlist`, if it exists yet): its chair, while shortlists are open and
    the shortlist is not forwarded."""
    for verdict in (_chair_of(user, province), shortlists_open(award_round)):
        if not verdict:
            return verdict
    if shortlist is not None and shortlist.is_forwarded:
        return refused(_("The shortlist was forwarded to the ministry and is locked; a ministry admin can reopen it."))
    return ALLOWED


def may_forward(user, shortlist):
    """Forward the shortlist to the ministry (missing sheets are confirmed on forwarding, see the service)."""
    for verdict in (_chair_of(user, shortlist.province), shortlists_open(shortlist.round)):
        if not verdict:
            return verdict
    if shortlist.is_forwarded:
        return refused(_("This shortlist was already forwarded."))
    if not shortlist.nominations.exists():
        return refused(_("Shortlist at least one nomination before forwarding."))
    return ALLOWED


def may_reopen_shortlist(user, shortlist):
    if not (user.is_authenticated and user.is_ministry_admin):
        return refused(_("Only a ministry admin can reopen a forwarded shortlist."))
    verdict = shortlists_open(shortlist.round)
    if not verdict:
        return verdict
    if not shortlist.is_forwarded:
        return refused(_("This shortlist is not forwarded."))
    return ALLOWED


# Administrative selection ---------------------------------------------------------------------------


def requirements_frozen(award_round):
    """Requirements once a nomination was checked against them no longer change."""
    return AdminCheck.objects.filter(nomination__round=award_round).exists()


def may_edit_requirements(user, award_round):
    if not (user.is_authenticated and user.is_ministry_admin):
        return refused(_("Only a ministry admin manages the requirements of a round."))
    verdict = round_open_for_changes(award_round)
    if not verdict:
        return verdict
    if requirements_frozen(award_round):
        return refused(
            _(
                "The requirements are frozen: nominations have already been checked against them, and a change would "
                "silently alter those results."
            )
        )
    return ALLOWED


def may_check_selection(user, nomination):
    """Record the administrative selection of a nomination: a member of its province's team, in a round with the
    stage, while it is in curation and the shortlist not forwarded, until its scoring begins."""
    if not (user.is_authenticated and user.is_team_member and user.province_id == nomination.regency.province_id):
        return refused(
            _("Only members of the selection team of %(province)s check this nomination.")
            % {"province": nomination.regency.province}
        )
    award_round = nomination.round
    verdict = round_open_for_changes(award_round)
    if not verdict:
        return verdict
    if not award_round.admin_selection:
        return refused(_("%(round)s has no administrative selection.") % {"round": award_round})
    if award_round.status != RoundStatus.CURATION or nomination.status != NominationStatus.LOCKED:
        return refused(_("Nominations are checked after nominations close, while the round is in curation."))
    verdict = _not_forwarded(nomination)
    if not verdict:
        return verdict
    if ScoreSheet.objects.filter(nomination=nomination).exclude(status=SheetStatus.CONFLICT).exists():
        return refused(_("Scoring of this nomination has begun: its administrative selection is final."))
    return ALLOWED
