"""Who may do what, as small named predicates (django-rules).

Views declare the permission they need; lists use querysets scoped to the user (see each app's
`visible_to`). A template may hide a link, but the view is what refuses.
"""

import rules


@rules.predicate
def is_officer(user):
    return user.is_authenticated and user.is_officer


@rules.predicate
def is_team_member(user):
    return user.is_authenticated and user.is_team_member


@rules.predicate
def is_team_chair(user):
    return user.is_authenticated and user.is_team_member and user.is_team_chair


@rules.predicate
def is_ministry_admin(user):
    return user.is_authenticated and user.is_ministry_admin


# Rules live in rules' own registry (not Django permissions), so a superuser does not silently pass
# checks meant for another role: a ministry admin has no regency, and the officer pages need one.
rules.add_rule("accounts.officer_home", is_officer)
rules.add_rule("accounts.team_home", is_team_member)
rules.add_rule("accounts.admin_home", is_ministry_admin)
