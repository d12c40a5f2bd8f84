"""Who reaches the accounts pages (django-rules; the role predicates are in core/roles.py).

Views declare the permission they need; lists use querysets scoped to the user (see each app's
`visible_to`). A template may hide a link, but the view is what refuses. The object predicates (`may_...`) return a
core.rules.Verdict: the view, the template (through the view) and accounts.services ask the same ones.
"""

import rules
from django.conf import settings
from django.utils.translation import gettext as _

from core.roles import is_ministry_admin, is_officer, is_team_chair, is_team_member
from core.rules import ALLOWED, refused

from .models import User
from .two_factor import is_required

# Rules live in rules' own registry (not Django permissions), so a superuser does not silently pass
# checks meant for another role: a ministry admin has no regency, and the officer pages need one.
rules.add_rule("accounts.officer_home", is_officer)
rules.add_rule("accounts.team_home", is_team_member)
rules.add_rule("accounts.admin_home", is_ministry_admin)


# Users (Pengguna): ministry admins manage every account; with TEAM_CHAIRS_MAY_INVITE on, the chair of a province's
# team may also invite members of their own province (and send their invitations again).
@rules.predicate
def chair_may_invite(user):
    return bool(settings.TEAM_CHAIRS_MAY_INVITE) and is_team_chair(user)


rules.add_rule("accounts.manage_users", is_ministry_admin)
rules.add_rule("accounts.invite", is_ministry_admin | chair_may_invite)


def may_invite(by, role, province=None):
    """May `by` invite a user of `role` (for a team member: of `province`)?"""
    if by.is_ministry_admin:
        return ALLOWED
    if not chair_may_invite(by):
        return refused(_("Only a ministry admin invites users."))
    if role != User.Role.TEAM_MEMBER:
        return refused(_("The chair of a team invites members of their own team only."))
    if province is None or province.pk != by.province_id:
        return refused(_("The chair of a team invites members of their own province only."))
    return ALLOWED


def may_resend(by, user):
    """May `by` send `user`'s invitation again (a new link; the earlier ones stop working)?"""
    if not (
        by.is_ministry_admin or (chair_may_invite(by) and user.is_team_member and user.province_id == by.province_id)
    ):
        return refused(_("Only a ministry admin sends invitations again."))
    if not user.is_active:
        return refused(_("This account is deactivated: reactivate it first."))
    if user.has_usable_password():
        return refused(_("This user has set their password already: they sign in, or reset a forgotten password."))
    return ALLOWED


def may_deactivate(by, user):
    if not by.is_ministry_admin:
        return refused(_("Only a ministry admin deactivates accounts."))
    if user.pk == by.pk:
        return refused(_("You cannot deactivate your own account: another ministry admin must do it."))
    if not user.is_active:
        return refused(_("This account is deactivated already."))
    return ALLOWED


def may_reactivate(by, user):
    if not by.is_ministry_admin:
        return refused(_("Only a ministry admin reactivates accounts."))
    if user.is_active:
        return refused(_("This account is active."))
    return ALLOWED


def may_name_chair(by, user):
    if not by.is_ministry_admin:
        return refused(_("Only a ministry admin names the chair of a team."))
    if not user.is_team_member:
        return refused(_("Only a member of a province's selection team can chair it."))
    if not user.is_active:
        return refused(_("A deactivated member cannot chair a team."))
    if user.is_team_chair:
        return refused(_("This member chairs the team already."))
    return ALLOWED


def may_disable_two_factor(user):
    """A user may turn two-factor sign-in off unless their role requires it."""
    if is_required(user):
        return refused(_("Your role must sign in with two factors: it cannot be turned off."))
    return ALLOWED


def may_reset_two_factor(by, user):
    """Another ministry admin resets a user's two-factor sign-in (a lost phone); nobody resets their own."""
    if not (by.is_authenticated and by.is_ministry_admin):
        return refused(_("Only a ministry admin resets another user's two-factor sign-in."))
    if by.pk == user.pk:
        return refused(
            _("You cannot reset your own two-factor sign-in: ask another ministry admin (IT staff for the last one).")
        )
    return ALLOWED


rules.add_rule("accounts.reset_two_factor", is_ministry_admin)
