"""How long a text typed into the portal may be.

Every long text field (a TextField) takes one of these maxima as its `max_length`, which its form enforces
(and the textarea shows as `maxlength`), and gets a CheckConstraint from `length_checks`, which the database
enforces. Short texts are CharFields, whose forms enforce their `max_length` too.

Why a TextField with a CheckConstraint rather than a CharField: the constraint holds on PostgreSQL and SQLite
alike (SQLite does not enforce a varchar's length), the column keeps its type (PostgreSQL needs no rewrite of
the table, only a scan that checks the stored rows), and the form field stays a textarea. Lengths are counted
in characters, as Python's len() does: LENGTH() in both databases.
"""

from django.db import models
from django.db.models.functions import Length
from django.db.models.lookups import LessThanOrEqual

SHORT_TEXT_MAX = 500  # an address
TEXT_MAX = 2_000  # a reason, a note, a list of materials
LONG_TEXT_MAX = 5_000  # a description, a story, a comment
MESSAGE_MAX = 10_000  # the body of an e-mail


def length_checks(prefix, **limits):
    """One CheckConstraint per field named in `limits`: its text has at most that many characters."""
    return [
        models.CheckConstraint(condition=LessThanOrEqual(Length(field), limit), name=f"{prefix}_{field}_max_length")
        for field, limit in limits.items()
    ]
