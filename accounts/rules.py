"""Who reaches the accounts pages (django-rules; the role predicates are in core/roles.py).

Views declare the permission they need; lists use querysets scoped to the user (see each app's
`visible_to`). A template may hide a link, but the view is what refuses.
"""

import rules
from django.utils.translation import gettext as _

from core.roles import is_ministry_admin, is_officer, is_team_member
from core.rules import ALLOWED, refused

from .two_factor import is_required

# Rules live in rules' own registry (not Django permissions), so a superuser does not silently pass
# checks meant for another role: a ministry admin has no regency, and the officer pages need one.
rules.add_rule("accounts.officer_home", is_officer)
rules.add_rule("accounts.team_home", is_team_member)
rules.add_rule("accounts.admin_home", is_ministry_admin)


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
