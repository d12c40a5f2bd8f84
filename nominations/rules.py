"""Who may do what with rounds and nominations (django-rules predicates, in rules' own registry)."""

import rules

from accounts.rules import is_ministry_admin, is_officer, is_team_member


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
