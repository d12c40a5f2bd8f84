import rules

from core.roles import is_ministry_admin

rules.add_rule("audit.browse", is_ministry_admin)
