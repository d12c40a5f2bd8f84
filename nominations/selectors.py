"""Scoped reads of nominations that more than one page uses."""

from audit.models import AuditRecord

# Audit actions that tell something of an award decision: before the round's results are published only
# ministry admins may know any of it (level, reason, who decided, even that a decision exists).
DECISION_ACTIONS_PREFIX = "award."


def history_for(user, nomination):
    """The nomination's audit history as this user may know it: decisions only for admins until publication."""
    history = AuditRecord.objects.for_object(nomination)
    if not (user.is_ministry_admin or nomination.round.results_published):
        history = history.exclude(action__startswith=DECISION_ACTIONS_PREFIX)
    return history
