import rules

from accounts.rules import is_ministry_admin

rules.add_rule("audit.browse", is_ministry_admin)
