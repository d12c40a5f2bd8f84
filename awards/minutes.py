"""The national assessment minutes (berita acara penilaian nasional): one context for the page and the PDF.

They record what the ministry decides on after the national assessment: a number, place and date, the assessors
(name, organisation, the commodity types they assessed), per commodity type the national ranking with each
nomination's national score, sheets, provincial mean, recommended and decided award (a decision that differs from
the recommendation marked, with its reason), the conflicts of interest declared in the national stage, and a
signature block per assessor. They carry the decisions, so they are for ministry admins only (awards.rules).

The PDF is drawn with the selection minutes' helpers (curation.minutes): the same document, text, tables and
signature blocks.
"""

import io
from dataclasses import dataclass

from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from curation.minutes import (
    MINUTES_DATE_FORMAT,
    SIGNATURES_PER_ROW,
    _number,
    _signatures,
    _styles,
    _table,
    _text,
    conflicts_and_closing,
    minutes_document,
)
from curation.models import Assignment, ScoreSheet, SheetStatus, Stage

from . import selectors

# Where the national assessment is concluded: the ministry's seat.
NATIONAL_MINUTES_PLACE = "Jakarta"


def national_minutes_number(award_round):
    """The minutes' number, derived from the round so that it never changes, e.g. "001/BA-PN-OVOP/2024"."""
    return f"{award_round.pk:03d}/BA-PN-OVOP/{award_round.year}"


@dataclass
class Assessor:
    """A signatory of the minutes: a national assessor with their organisation and assigned commodity types."""

    user: object
    commodities: list

    def __str__(self):
        return str(self.user)

    @property
    def organisation(self):
        return self.user.organisation

    @property
    def role(self):
        """The line above the signature: the assessor's role and organisation."""
        role = _("National assessor")
        return f"{role}, {self.organisation}" if self.organisation else role


def assessors_of(award_round):
    """The round's national assessors (by name), each with the commodity types assigned to them (not the Go Global
    panel: it scores after these minutes, and has no commodity type)."""
    assessors = {}
    assignments = (
        Assignment.objects.filter(round=award_round, stage=Stage.NATIONAL)
        .select_related("assessor", "commodity")
        .order_by("assessor__first_name", "assessor__last_name", "assessor_id", "commodity__position", "commodity_id")
    )
    for assignment in assignments:
        assessors.setdefault(assignment.assessor_id, Assessor(assignment.assessor, [])).commodities.append(
            assignment.commodity
        )
    return list(assessors.values())


def national_minutes_context(award_round):
    groups, rows = selectors.decision_table(award_round)
    assessors = assessors_of(award_round)
    published = award_round.results_published_at
    day = timezone.localtime(published).date() if published else timezone.localdate()
    return {
        "award_round": award_round,
        "number": national_minutes_number(award_round),
        "place": NATIONAL_MINUTES_PLACE,
        "date": formats.date_format(day, MINUTES_DATE_FORMAT),
        "window": (
            f"{formats.date_format(timezone.localtime(award_round.national_opens), 'DATE_FORMAT')} – "
            f"{formats.date_format(timezone.localtime(award_round.national_closes), 'DATE_FORMAT')}"
        ),
        "published_at": formats.date_format(timezone.localtime(published), "DATETIME_FORMAT") if published else None,
        "groups": groups,
        "nomination_count": len(rows),
        "undecided": sum(1 for row in rows if row.result is None),
        "differing": [row for row in rows if row.differs],
        "assessors": assessors,
        "signature_rows": [
            assessors[start : start + SIGNATURES_PER_ROW] for start in range(0, len(assessors), SIGNATURES_PER_ROW)
        ],
        "signature_heading": _("National assessors"),
        "signature_role": lambda assessor: assessor.role,
        "conflicts": ScoreSheet.objects.filter(
            nomination__round=award_round, stage=Stage.NATIONAL, status=SheetStatus.CONFLICT
        )
        .select_related("member", "nomination__commodity")
        .order_by("nomination__commodity__position", "nomination__business_name", "nomination_id", "member_id"),
    }


def national_minutes_pdf(award_round):
    """The same minutes as an A4 PDF (reportlab imported where it is used, as in curation.minutes)."""
    context = national_minutes_context(award_round)
    buffer = io.BytesIO()
    document = minutes_document(
        buffer,
        context["number"],
        title=_("National assessment minutes"),
        foot_text=_("National assessment minutes %(number)s · page %(page)s"),
    )
    styles = _styles()
    width = document.width
    document.build(
        _opening(context, width, styles)
        + _assessors(context, width, styles)
        + _rankings(context, width, styles)
        + _conflicts(context, width, styles)
        + [_signatures(context, width, styles)]
    )
    return buffer.getvalue()


def _level(level):
    return str(level) if level is not None else _("Not awarded")


def _opening(context, width, styles):
    from reportlab.lib.units import cm
    from reportlab.platypus import Spacer

    count = len(context["assessors"])
    story = [
        _text(_("NATIONAL ASSESSMENT MINUTES (BERITA ACARA PENILAIAN NASIONAL)"), styles["title"]),
        _text(_("Number: %(number)s") % {"number": context["number"]}, styles["centred"]),
        Spacer(1, 0.3 * cm),
    ]
    if context["undecided"]:
        story.append(
            _text(
                ngettext(
                    "Draft: %(count)s nomination has no decision yet.",
                    "Draft: %(count)s nominations have no decision yet.",
                    context["undecided"],
                )
                % {"count": context["undecided"]},
                styles["warning"],
            )
        )
    facts = [
        (_("Day and date"), context["date"]),
        (_("Place"), context["place"]),
        (_("Round"), context["award_round"]),
        (_("National assessment"), context["window"]),
        (_("National assessors"), ngettext("%(count)s assessor", "%(count)s assessors", count) % {"count": count}),
        (_("Results published"), context["published_at"] or _("Not published yet.")),
    ]
    return story + [
        _table(
            [[_text(label, styles["bold"]), _text(value, styles["small"])] for label, value in facts],
            [4 * cm, None],
            width,
            [("VALIGN", (0, 0), (-1, -1), "TOP"), ("LEFTPADDING", (0, 0), (-1, -1), 0)],
        ),
        Spacer(1, 0.3 * cm),
        _text(
            _(
                "The national assessors of each commodity type assessed the nominations forwarded by the provinces "
                "in %(round)s. Their national scores, the award the round's score bands recommend and the award "
                "decided are set out below."
            )
            % {"round": context["award_round"]},
            styles["body"],
        ),
    ]


def _assessors(context, width, styles):
    from reportlab.lib.units import cm

    small, bold = styles["small"], styles["bold"]
    story = [_text(_("National assessors"), styles["heading"])]
    if not context["assessors"]:
        return story + [_text(_("None."), styles["body"])]
    header = [_text(label, bold) for label in (_("Name"), _("Organisation"), _("Commodity types"))]
    rows = [
        [
            _text(assessor, small),
            _text(assessor.organisation or "—", small),
            _text(", ".join(str(c) for c in assessor.commodities), small),
        ]
        for assessor in context["assessors"]
    ]
    return story + [_table([header, *rows], [5 * cm, 5 * cm, None], width, styles["grid"], repeatRows=1)]


def _rankings(context, width, styles):
    """Per commodity type its ranking; rows whose decision differs from the recommendation shaded, their reasons
    listed under the table."""
    from reportlab.lib import colors
    from reportlab.lib.units import cm
    from reportlab.platypus import Spacer

    small, right, bold, bold_right = styles["small"], styles["small_right"], styles["bold"], styles["bold_right"]
    story = [
        _text(_("National ranking"), styles["heading"]),
        _text(
            _(
                "National score: the mean of the national assessors' submitted sheets. Provincial mean: the mean of "
                "the provincial team's sheets. Shaded rows: the decision differs from the recommended award."
            ),
            small,
        ),
    ]
    for group in context["groups"]:
        rows = [
            [
                _text(_("Rank"), bold),
                _text(_("IKM and product"), bold),
                _text(_("National score"), bold_right),
                _text(_("Sheets"), bold_right),
                _text(_("Provincial mean"), bold_right),
                _text(_("Recommended"), bold),
                _text(_("Decided"), bold),
            ]
        ]
        shaded = []
        for number, row in enumerate(group.rows, start=1):
            decided = _level(row.result.level) if row.result else _("No decision yet")
            rows.append(
                [
                    _text(row.rank or "—", small),
                    _text(f"{row} · {row.product_name} ({row.regency}, {row.regency.province})", small),
                    _text(_number(row.score), right),
                    _text(row.sheet_count, right),
                    _text(_number(row.province_mean), right),
                    _text(_level(row.recommendation) if row.recommendation_known else "—", small),
                    _text(f"{decided} ({_('differs')})" if row.differs else decided, small),
                ]
            )
            if row.differs:
                shaded.append(("BACKGROUND", (0, number), (-1, number), colors.HexColor("#fff3cd")))
        story += [
            Spacer(1, 0.2 * cm),
            _text(group.commodity, styles["heading"]),
            _table(
                rows,
                # Each header's longest word fits its column, in English and Indonesian ("Recommended",
                # "Peringkat", "Diputuskan"): reportlab would break a word that does not.
                [1.6 * cm, None, 1.6 * cm, 1.3 * cm, 1.7 * cm, 2.4 * cm, 2.4 * cm],
                width,
                styles["grid"] + shaded,
                repeatRows=1,
            ),
        ]
        story += [
            _text(
                _("%(name)s: decided %(decided)s, recommended %(recommended)s. Reason: %(reason)s")
                % {
                    "name": row,
                    "decided": _level(row.result.level),
                    "recommended": _level(row.result.recommended_level),
                    "reason": row.result.reason or "—",
                },
                small,
            )
            for row in group.rows
            if row.differs
        ]
    return story


def _conflicts(context, width, styles):
    return conflicts_and_closing(context["conflicts"], _("Assessor"), width, styles)
