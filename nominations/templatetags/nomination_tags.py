"""Template helpers of the nominations app (the portal-wide filters are in core/templatetags/portal.py)."""

from django import template

from ..models import NominationStatus, RoundStatus

register = template.Library()

LABELS = {**dict(RoundStatus.choices), **dict(NominationStatus.choices)}


@register.filter
def status_label(code):
    """The translated label of a nomination or round status code, as stored in audit records."""
    return LABELS.get(code, code)
