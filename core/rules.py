"""What every app's object predicates answer: may this user do this to this object, and if not, why.

Each app's `rules.py` holds its predicates (`may_submit(user, nomination)`, `may_forward(user, shortlist)`, ...),
each returning a Verdict, as Hypha's permissions return `(allowed, reason)`. The same predicate is asked by the
view (which refuses or shows the reason), by the template (through the view: which buttons show) and by the
service guard, which calls `verdict.enforce()` and so raises WorkflowError with the reason the user reads.
Role checks for whole pages stay django-rules rules (`rules.add_rule`), declared by the views.
"""

from typing import NamedTuple

from .exceptions import WorkflowError


class Verdict(NamedTuple):
    """An object predicate's answer: whether the user may, and if not, why (said to the user)."""

    allowed: bool
    reason: str = ""

    def __bool__(self):
        return self.allowed

    def enforce(self):
        """The service guard: refuse with the reason."""
        if not self.allowed:
            raise WorkflowError(self.reason)


ALLOWED = Verdict(True)


def refused(reason):
    return Verdict(False, str(reason))
