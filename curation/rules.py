"""Who may do what in curation (django-rules predicates, in rules' own registry)."""

from typing import NamedTuple

import rules
from django.utils.translation import gettext, ngettext

from accounts.rules import is_ministry_admin, is_team_chair, is_team_member

from .models import ScoreSheet, SheetStatus
from .selectors import in_curation

rules.add_rule("curation.score", is_team_member)
rules.add_rule("curation.ranking", is_team_member | is_ministry_admin)
rules.add_rule("curation.shortlist", is_team_chair)
rules.add_rule("curation.minutes", is_team_member | is_ministry_admin)
rules.add_rule("curation.national", is_ministry_admin)
rules.add_rule("curation.rubric", is_ministry_admin)


class Verdict(NamedTuple):
    """An object predicate's answer: whether the user may, and if not, why (for the page and the service)."""

    allowed: bool
    reason: str = ""
    sheets_left: int = 0


def sheets_left(member, award_round):
    """Nominations of the member's worklist without their submitted sheet or declared conflict."""
    done = ScoreSheet.objects.filter(member=member, status__in=[SheetStatus.SUBMITTED, SheetStatus.CONFLICT]).values(
        "nomination"
    )
    return in_curation(award_round, member.province).exclude(pk__in=done).count()


def may_see_team_results(user, award_round, province):
    """Blind scoring: the province ranking, calibration and draft minutes show other members' figures.

    They are for ministry admins, the province's chair, and members who have submitted a sheet or declared a
    conflict on every nomination of their worklist; a member with sheets left learns nothing of the others'
    scores, not even the order of the ranking.
    """
    if user.is_ministry_admin:
        return Verdict(True)
    if not (user.is_team_member and user.province_id == getattr(province, "pk", None)):
        return Verdict(False, gettext("Only the selection team of this province sees its results."))
    if user.is_team_chair:
        return Verdict(True)
    left = sheets_left(user, award_round)
    if left:
        return Verdict(
            False,
            ngettext(
                "The team's scores stay hidden until you have scored every nomination on your worklist (or "
                "declared a conflict), so that nobody's figures sway yours. You have %(count)s sheet left.",
                "The team's scores stay hidden until you have scored every nomination on your worklist (or "
                "declared a conflict), so that nobody's figures sway yours. You have %(count)s sheets left.",
                left,
            )
            % {"count": left},
            left,
        )
    return Verdict(True)


rules.add_rule("curation.select", is_team_member)
rules.add_rule("curation.requirements", is_ministry_admin)
