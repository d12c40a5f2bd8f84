"""The roles of the portal's users as django-rules predicates (a user's role is an attribute of the user model).

Kept in core so that every app, the audit trail and notifications included, can declare who reaches its pages
without importing accounts.
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


@rules.predicate
def is_assessor(user):
    return user.is_authenticated and user.is_assessor
