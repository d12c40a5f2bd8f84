"""The Jinja2 environment of the portal's long tables (templates under templates/jinja2/).

Pages are drawn by Django's template engine; the tables of 50 rows that the busiest pages show are drawn by
Jinja2 (Django's own Jinja2 backend), which compiles a template to Python code instead of walking nodes:
the ranking table takes about a third of the time (3.2 ms against 9.5 ms for the same HTML, measured with
bench/render.py's database). A Django template draws one with `{% include_jinja %}` (nomination_tags).
The same helpers as in Django's templates: `url`, `_` (Django's gettext, so the same catalogue; makemessages
reads these .html files too) and the `two_decimals` filter.
"""
from django.urls import reverse
from django.utils import translation
from jinja2 import Environment

from nominations.templatetags.nomination_tags import two_decimals


def url(name, *args):
    return reverse(name, args=args)


def environment(**options):
    env = Environment(**options)
    env.install_gettext_translations(translation, newstyle=False)
    env.globals["url"] = url
    env.filters["two_decimals"] = two_decimals
    return env
