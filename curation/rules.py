"""Who may do what in curation (django-rules predicates, in rules' own registry)."""
import rules

from accounts.rules import is_ministry_admin, is_team_chair, is_team_member

rules.add_rule("curation.score", is_team_member)
rules.add_rule("curation.ranking", is_team_member | is_ministry_admin)
rules.add_rule("curation.shortlist", is_team_chair)
rules.add_rule("curation.minutes", is_team_member | is_ministry_admin)
rules.add_rule("curation.national", is_ministry_admin)
rules.add_rule("curation.rubric", is_ministry_admin)
