import rules

from accounts.rules import is_ministry_admin

rules.add_rule("notifications.own", rules.is_authenticated)
rules.add_rule("notifications.outbox", is_ministry_admin)
