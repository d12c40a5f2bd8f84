"""The province's selection minutes (berita acara hasil seleksi): one context for the page and the PDF.

The minutes are the official record of the team's selection: a number, place and date, the ranking with each
nomination's sheets against the team's size, the shortlist (marked, with when and by whom it was forwarded),
the conflicts declared, and a signature block per member, chair first.
"""

import io
from xml.sax.saxutils import escape

from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from . import selectors
from .models import ScoreSheet, SheetStatus, Stage
from .services import TEAM_ORDER, team_of_the_minutes

# Signature blocks per row: three fit A4 and a printed page side by side; a last shorter row is centred.
SIGNATURES_PER_ROW = 3
# The minutes' date, with the weekday, as an official record states it ("Senin, 30 November 2026").
MINUTES_DATE_FORMAT = "l, j F Y"


def minutes_number(shortlist):
    """The minutes' number, derived so that it never changes (a reopened and re-forwarded shortlist keeps it):
    the shortlist's id, the province's Kemendagri code and the round's year, e.g. "007/BA-OVOP/34/2024"."""
    return f"{shortlist.pk:03d}/BA-OVOP/{shortlist.province_id}/{shortlist.round.year}"


def minutes_context(shortlist):
    award_round, province = shortlist.round, shortlist.province
    rows = selectors.ranking(selectors.in_curation(award_round, province))
    chosen = set(shortlist.nominations.values_list("pk", flat=True))
    for row in rows:
        row.shortlisted = row.pk in chosen
    members = list(
        shortlist.team.order_by(*TEAM_ORDER) if shortlist.is_forwarded else team_of_the_minutes(award_round, province)
    )
    forwarded_at = timezone.localtime(shortlist.forwarded_at) if shortlist.forwarded_at else None
    return {
        "shortlist": shortlist,
        "award_round": award_round,
        "province": province,
        "number": minutes_number(shortlist),
        "place": str(province),
        "date": formats.date_format(forwarded_at.date() if forwarded_at else timezone.localdate(), MINUTES_DATE_FORMAT),
        "forwarded_at": formats.date_format(forwarded_at, "DATETIME_FORMAT") if forwarded_at else None,
        "forwarded_by": shortlist.forwarded_by if forwarded_at else None,
        "team_size": len(members),
        "signature_rows": [
            members[start : start + SIGNATURES_PER_ROW] for start in range(0, len(members), SIGNATURES_PER_ROW)
        ],
        "rows": rows,
        "shortlisted_rows": [row for row in rows if row.shortlisted],
        "conflicts": ScoreSheet.objects.filter(
            nomination__round=award_round,
            nomination__regency__province=province,
            stage=Stage.PROVINCE,
            status=SheetStatus.CONFLICT,
        ).select_related("member", "nomination"),
    }


def _number(value):
    return "—" if value is None else formats.number_format(value, 2)


def _role(member):
    return _("Chair") if member.is_team_chair else _("Member")


def minutes_document(buffer, number, *, title=None, foot_text=None):
    """An A4 document with 2 cm margins and a frame without inner padding, so that `document.width` (17 cm) is
    the width paragraphs and tables share; every page's foot carries the minutes' number and the page.

    `title` and `foot_text` (a text with %(number)s and %(page)s) default to the selection minutes' (other minutes, such
    as awards' national minutes, give theirs)."""
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.units import cm
    from reportlab.platypus import BaseDocTemplate, Frame, PageTemplate

    document = BaseDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=2 * cm,
        rightMargin=2 * cm,
        topMargin=2 * cm,
        bottomMargin=2 * cm,
        title=title or _("Selection minutes"),
        author=_("OVOP Portal"),
    )
    frame = Frame(
        document.leftMargin,
        document.bottomMargin,
        document.width,
        document.height,
        leftPadding=0,
        rightPadding=0,
        topPadding=0,
        bottomPadding=0,
    )

    def foot(canvas, doc):
        canvas.setFont("Helvetica", 8)
        canvas.drawRightString(
            doc.leftMargin + doc.width,
            1.2 * cm,
            (foot_text or _("Selection minutes %(number)s · page %(page)s")) % {"number": number, "page": doc.page},
        )

    document.addPageTemplates([PageTemplate(id="minutes", frames=[frame], onPage=foot)])
    return document


def minutes_pdf(shortlist):
    """The same minutes as an A4 PDF, drawn with reportlab.

    reportlab, openpyxl and pypdf are imported where they are used: loaded at start-up they made every app
    server process 25 MB larger (78 MB instead of 53 MB after loading the URLs), export memory included.
    """
    context = minutes_context(shortlist)
    buffer = io.BytesIO()
    document = minutes_document(buffer, context["number"])
    document.build(minutes_story(context, document.width))
    return buffer.getvalue()


def minutes_story(context, width):
    """The minutes' flowables for a frame `width` points wide; every table's columns add up to at most it.

    reportlab reads a Paragraph's text as markup (<b>, <font>, <img src=...>, entities): a business named
    "Tenun <b>Bantul" broke the PDF, a balanced tag was drawn into the record, and <img> read a file of the
    server. So every Paragraph is made by `_text`, from escaped text, translations filled with names included;
    emphasis comes from the styles, never from markup.
    """
    styles = _styles()
    return (
        _opening(context, width, styles)
        + _ranking(context, width, styles)
        + _shortlist_and_conflicts(context, width, styles)
        + [_signatures(context, width, styles)]
    )


def _text(value, style):
    """A paragraph showing `value` as it is: the only way a Paragraph is made in the portal."""
    from reportlab.platypus import Paragraph

    return Paragraph(escape(str(value)), style)


def _table(rows, widths, width, style, **kwargs):
    """A table whose column without a width (None in `widths`) takes what the others leave of `width`."""
    from reportlab.platypus import Table, TableStyle

    rest = width - sum(w for w in widths if w is not None)
    return Table(rows, colWidths=[rest if w is None else w for w in widths], style=TableStyle(style), **kwargs)


def _styles():
    from reportlab.lib import colors
    from reportlab.lib.enums import TA_CENTER, TA_RIGHT
    from reportlab.lib.styles import getSampleStyleSheet

    # No shrinking of spaces: reportlab otherwise lets a line run up to 5 % of its spaces past the frame.
    sample = getSampleStyleSheet()
    body = sample["BodyText"].clone("body", spaceShrinkage=0)
    small = body.clone("small", fontSize=8, leading=10)
    bold = small.clone("small_bold", fontName="Helvetica-Bold")
    return {
        "title": sample["Title"].clone("title", spaceShrinkage=0),
        "heading": sample["Heading3"].clone("heading", spaceShrinkage=0),
        "body": body,
        "small": small,
        "bold": bold,
        "small_right": small.clone("small_right", alignment=TA_RIGHT),
        "bold_right": bold.clone("bold_right", alignment=TA_RIGHT),
        "centred": body.clone("centred", alignment=TA_CENTER),
        "small_centred": small.clone("small_centred", alignment=TA_CENTER),
        "right": body.clone("right", alignment=TA_RIGHT),
        "warning": body.clone("warning", textColor=colors.HexColor("#842029"), fontName="Helvetica-Bold"),
        "grid": [
            ("GRID", (0, 0), (-1, -1), 0.4, colors.grey),
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("LEFTPADDING", (0, 0), (-1, -1), 3),
            ("RIGHTPADDING", (0, 0), (-1, -1), 3),
            ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e9ecef")),
        ],
    }


def _forwarded(context):
    if not context["forwarded_at"]:
        return _("Not forwarded yet.")
    return _("%(when)s by %(name)s") % {"when": context["forwarded_at"], "name": context["forwarded_by"]}


def _opening(context, width, styles):
    """Title, number, the facts of the meeting (date, place, round, province, team, forwarding) and the opening."""
    from reportlab.lib.units import cm
    from reportlab.platypus import Spacer

    team_size = context["team_size"]
    story = [
        _text(_("SELECTION MINUTES (BERITA ACARA HASIL SELEKSI)"), styles["title"]),
        _text(_("Number: %(number)s") % {"number": context["number"]}, styles["centred"]),
        Spacer(1, 0.3 * cm),
    ]
    if not context["shortlist"].is_forwarded:
        story.append(_text(_("Draft: the shortlist has not been forwarded yet."), styles["warning"]))
    facts = [
        (_("Day and date"), context["date"]),
        (_("Place"), context["place"]),
        (_("Round"), context["award_round"]),
        (_("Province"), context["province"]),
        (_("Selection team"), ngettext("%(count)s member", "%(count)s members", team_size) % {"count": team_size}),
        (_("Forwarded to the ministry"), _forwarded(context)),
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
                "On %(date)s the selection team of %(province)s completed the curation of the nominations of its "
                "regencies and cities and forwarded the shortlist below to the Ministry of Industry."
            )
            % {"date": context["date"], "province": context["province"]},
            styles["body"],
        ),
    ]


def _ranking(context, width, styles):
    """The whole ranking, the header repeated on every page, shortlisted rows shaded and in bold."""
    from reportlab.lib import colors
    from reportlab.lib.units import cm
    from reportlab.platypus import Spacer

    team_size = context["team_size"]
    bold, bold_right = styles["bold"], styles["bold_right"]
    rows = [
        [
            _text(_("Rank"), bold),
            _text(_("IKM and product"), bold),
            _text(_("Regency/city"), bold),
            _text(_("Mean"), bold_right),
            _text(_("Sheets / members"), bold_right),
            _text(_("Spread"), bold_right),
            _text(_("Shortlisted"), bold),
        ]
    ]
    shaded = []
    for number, row in enumerate(context["rows"], start=1):
        style, right = (bold, bold_right) if row.shortlisted else (styles["small"], styles["small_right"])
        rows.append(
            [
                _text(row.rank or "—", style),
                _text(f"{row} · {row.product_name}", style),
                _text(row.regency, style),
                _text(_number(row.mean), right),
                _text(f"{row.sheet_count} / {team_size}", right),
                _text(_number(row.spread), right),
                _text(_("yes") if row.shortlisted else "", style),
            ]
        )
        if row.shortlisted:
            shaded.append(("BACKGROUND", (0, number), (-1, number), colors.HexColor("#d1e7dd")))
    return [
        _text(_("Ranking"), styles["heading"]),
        _text(
            _("Sheets / members: the score sheets submitted against the team's size. Shaded rows are shortlisted."),
            styles["small"],
        ),
        Spacer(1, 0.15 * cm),
        _table(
            rows,
            [1.6 * cm, None, 3.3 * cm, 1.6 * cm, 1.7 * cm, 1.5 * cm, 1.9 * cm],
            width,
            styles["grid"] + shaded,
            repeatRows=1,
        ),
    ]


def _shortlist_and_conflicts(context, width, styles):
    body = styles["body"]
    story = [_text(_("Shortlist"), styles["heading"])]
    story += [
        _text(f"{number}. {row} · {row.product_name} ({row.regency}) · {_number(row.mean)}", body)
        for number, row in enumerate(context["shortlisted_rows"], start=1)
    ] or [_text(_("None."), body)]
    if context["forwarded_at"]:
        story.append(
            _text(
                _("Forwarded to the Ministry of Industry on %(when)s by %(name)s.")
                % {"when": context["forwarded_at"], "name": context["forwarded_by"]},
                body,
            )
        )
    return story + conflicts_and_closing(context["conflicts"], _("Member"), width, styles)


def conflicts_and_closing(conflicts, who, width, styles):
    """The conflicts of interest declared (a table of who, nomination and reason; "None." without any) and the
    closing formula, as every minutes (provincial and national) end before their signatures."""
    from reportlab.lib.units import cm
    from reportlab.platypus import Spacer

    small, body = styles["small"], styles["body"]
    rows = [[_text(c.member, small), _text(c.nomination, small), _text(c.conflict_reason, small)] for c in conflicts]
    header = [_text(label, styles["bold"]) for label in (who, _("Nomination"), _("Reason"))]
    return [
        _text(_("Conflicts of interest declared"), styles["heading"]),
        _table([header, *rows], [4.5 * cm, 5 * cm, None], width, styles["grid"]) if rows else _text(_("None."), body),
        Spacer(1, 0.3 * cm),
        _text(_("These minutes were drawn up truthfully, to be used as required."), body),
    ]


def _signatures(context, width, styles):
    """Place and date, then a signature block per member, chair first, SIGNATURES_PER_ROW to a row (a last
    shorter row centred), kept together on one page. Other minutes may give the heading (`signature_heading`) and
    the line above each signature (`signature_role`, a function of the signatory) in the context."""
    from reportlab.lib import colors
    from reportlab.lib.units import cm
    from reportlab.platypus import KeepTogether, Spacer, Table, TableStyle

    role = context.get("signature_role", _role)
    block = width / SIGNATURES_PER_ROW
    line = [("LINEBELOW", (0, 1), (0, 1), 0.6, colors.black)]
    row_style = [
        ("ALIGN", (0, 0), (-1, -1), "CENTER"),
        ("LEFTPADDING", (0, 0), (-1, -1), 0),
        ("RIGHTPADDING", (0, 0), (-1, -1), 0),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 0.3 * cm),
    ]

    def signature(member):
        """The role, room to sign above a line a little narrower than the block, and the name."""
        return _table(
            [[_text(role(member), styles["small_centred"])], [""], [_text(member, styles["small_centred"])]],
            [block - 1 * cm],
            block - 1 * cm,
            line,
            rowHeights=[None, 1.6 * cm, None],
        )

    rows = [
        Table(
            [[signature(member) for member in row]],
            colWidths=[block] * len(row),
            hAlign="CENTER",
            style=TableStyle(row_style),
        )
        for row in context["signature_rows"]
    ]
    return KeepTogether(
        [
            _text(context.get("signature_heading") or _("Selection team"), styles["heading"]),
            _text(f"{context['place']}, {context['date']}", styles["right"]),
            Spacer(1, 0.2 * cm),
            *rows,
        ]
    )
