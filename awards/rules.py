"""Who may do what with awards and the cohort (django-rules predicates)."""

import rules

from accounts.rules import is_ministry_admin

rules.add_rule("awards.decide", is_ministry_admin)
rules.add_rule("awards.cohort", rules.is_authenticated)
