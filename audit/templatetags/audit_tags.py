"""Template helpers of the audit trail."""

from django import template

from ..presentation import action_label as label_of

register = template.Library()


@register.filter
def action_label(code):
    """What an audit record's actor did, in the reader's language (audit.presentation.ACTION_LABELS)."""
    return label_of(code)
