"""Who reaches the accounts pages (django-rules; the role predicates are in core/roles.py).

Views declare the permission they need; lists use querysets scoped to the user (see each app's
`visible_to`). A template may hide a link, but the view is what refuses.
"""

import rules

from core.roles import is_ministry_admin, is_officer, is_team_member

# Rules live in rules' own registry (not Django permissions), so a superuser does not silently pass
# checks meant for another role: a ministry admin has no regency, and the officer pages need one.
rules.add_rule("accounts.officer_home", is_officer)
rules.add_rule("accounts.team_home", is_team_member)
rules.add_rule("accounts.admin_home", is_ministry_admin)
