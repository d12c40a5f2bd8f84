"""Template helpers of the nominations app (the portal-wide filters are in core/templatetags/portal.py)."""

from django import template
from django.template import engines
from django.utils.safestring import mark_safe

from ..models import NominationStatus, RoundStatus

register = template.Library()

LABELS = {**dict(RoundStatus.choices), **dict(NominationStatus.choices)}


@register.filter
def status_label(code):
    """The translated label of a nomination or round status code, as stored in audit records."""
    return LABELS.get(code, code)


@register.simple_tag(takes_context=True)
def include_jinja(context, template_name, **extra):
    """Draw a Jinja2 template (templates/jinja2/: the long tables, the filter fields) with this context and `extra`.

    Like `{% include ... with %}`; the Jinja2 template escapes what it shows (autoescape is on).
    """
    table = engines["jinja2"].get_template(template_name)
    return mark_safe(table.render({**context.flatten(), **extra}, context.get("request")))  # noqa: S308 (escaped by Jinja2)
