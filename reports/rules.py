import rules

rules.add_rule("reports.statistics", rules.is_authenticated)
rules.add_rule("reports.export", rules.is_authenticated)
