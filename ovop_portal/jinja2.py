"""The Jinja2 environment of the portal's long tables (templates under templates/jinja2/).

Pages are drawn by Django's template engine; the tables of 50 rows that the busiest pages show are drawn by
Jinja2 (Django's own Jinja2 backend), which compiles a template to Python code instead of walking nodes:
the ranking table takes about a third of the time (3.2 ms against 9.5 ms for the same HTML, measured with
bench/render.py's database). A Django template draws one with `{% include_jinja %}` (nomination_tags).
The helpers of Django's templates that these tables use: `url`, `_` (Django's gettext, so the same catalogue;
makemessages reads these .html files too), the `two_decimals`, `options` and `short_datetime` filters.
Besides the long tables, the filter fields above lists (`_filter_field.html`) are drawn here: half the time.
"""

from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format
from jinja2 import Environment

from core.templatetags.portal import options, two_decimals


def url(name, *args):
    return reverse(name, args=args)


def short_datetime(value):
    """As Django's `value|date:"SHORT_DATETIME_FORMAT"`: in the portal's time zone, in the language's format."""
    return date_format(timezone.localtime(value), "SHORT_DATETIME_FORMAT")


def environment(**settings):
    env = Environment(**settings)
    env.install_gettext_translations(translation, newstyle=False)
    env.globals["url"] = url
    env.filters["two_decimals"] = two_decimals
    env.filters["options"] = options
    env.filters["short_datetime"] = short_datetime
    return env
