"""The curation pages' long tables, as inclusion tags that take everything they show as named arguments.

The ranking table (province and national) and the national page's table of provincial shortlists draw 50 and
38 rows. Each tag prepares its rows in Python, once per table: texts, formatted figures, links and flags, as
plain dicts (the template engine finds a dict's key at its first try, an attribute only after a failed one).
The templates (templates/curation/_ranking_table.html, _shortlists_table.html) then only place those values:
no filter, `{% url %}`, `{% blocktranslate %}` or include per row, which is what made Django's engine slow here.
"""

from django import template
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.timezone import localtime
from django.utils.translation import gettext as _

from core.templatetags.portal import two_decimals

from ..services import DISAGREEMENT_POINTS

register = template.Library()

DASH = "—"
PK_MARK = 987654321987


def _urls(name):
    """`reverse(name, args=[pk])` for any pk, at the cost of one reverse (about 18 µs each, 50 or 76 a table)."""
    prefix, _mark, suffix = reverse(name, args=[PK_MARK]).rpartition(str(PK_MARK))
    return lambda pk: f"{prefix}{pk}{suffix}"


def _link(user):
    """The page a ranking row's name leads this user to: all sheets for an admin, their own sheet for a member."""
    if user.is_ministry_admin:
        return _urls("curation:sheets")
    if user.is_team_member:
        return _urls("curation:score")
    return lambda pk: ""


def _figures(row):
    """The figures a row shows (while its results are not hidden), as text: a dash for none."""
    low_high = f"{two_decimals(row.low)}–{two_decimals(row.high)}" if row.low is not None else DASH
    return {
        "mean": two_decimals(row.mean) or DASH,
        "z": two_decimals(row.z) or DASH,
        "low_high": low_high,
        "stddev": two_decimals(row.stddev) or DASH,
    }


@register.inclusion_tag("curation/_ranking_table.html")
def ranking_table(
    rows,
    *,
    user,
    selectable=False,
    shortlisted=frozenset(),
    can_shortlist=False,
    show_province=False,
    field_name="nominations",
):
    """A page of a ranking: `rows` from selectors.ranked_rows (with their `z`), for `user` (whose role picks the
    link of each name).

    selectable: a checkbox per row, named `field_name`, ticked for the ids in `shortlisted` and disabled unless
    `can_shortlist`; `shortlisted` rows are also marked. show_province: a province column (national ranking).
    """
    link = _link(user)
    table_rows = []
    for row in rows:
        name = str(row)
        details = f"{row.product_name} · {row.commodity} · {row.regency}"
        if show_province:
            details += f", {row.regency.province}"
        table_rows.append(
            {
                "pk": str(row.pk),  # numbers as text: the engine localizes a number it prints (4 µs each)
                "name": name,
                "label": _("Shortlist %(name)s") % {"name": name} if selectable else "",
                "link": link(row.pk),
                "details": details,
                "province": row.regency.province if show_province else "",
                "picked": row.pk in shortlisted,
                "rank": str(row.rank or DASH),
                "hidden": row.hidden,
                "disagreement": row.disagreement and not row.hidden,
                "sheet_count": str(row.sheet_count),
                "conflict_count": str(row.conflict_count) if row.conflict_count else "",
                **_figures(row),
            }
        )
    return {
        "rows": table_rows,
        "selectable": selectable,
        "can_shortlist": can_shortlist,
        "show_province": show_province,
        "field_name": field_name,
        "disagreement": _("members disagree by more than %(disagreement_points)s points")
        % {"disagreement_points": DISAGREEMENT_POINTS},
    }


@register.inclusion_tag("curation/_shortlists_table.html")
def shortlists_table(shortlists, *, award_round, can_reopen):
    """The provinces' shortlists of `award_round` (annotated with their `size`), each with a link to its ranking,
    its minutes once forwarded and, if `can_reopen`, a button to reopen it."""
    ranking = reverse("curation:ranking")
    minutes, reopen = _urls("curation:minutes"), _urls("curation:shortlist_reopen")
    return {
        "shortlists": [
            {
                "province": shortlist.province,
                "ranking": f"{ranking}?round={award_round.pk}&province={shortlist.province_id}",
                "size": str(shortlist.size),
                "forwarded_at": date_format(localtime(shortlist.forwarded_at), "SHORT_DATETIME_FORMAT")
                if shortlist.is_forwarded
                else "",
                "minutes": minutes(shortlist.pk) if shortlist.is_forwarded else "",
                "reopen": reopen(shortlist.pk),
            }
            for shortlist in shortlists
        ],
        "can_reopen": can_reopen,
    }
