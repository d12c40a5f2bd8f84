"""The province's selection minutes (berita acara hasil seleksi): one context for the page and the PDF."""
import io

from django.utils import formats, timezone
from django.utils.translation import gettext as _

from accounts.models import User

from . import selectors
from .models import ScoreSheet, SheetStatus


def minutes_context(shortlist):
    award_round, province = shortlist.round, shortlist.province
    rows = selectors.ranking(selectors.in_curation(award_round, province))
    chosen = set(shortlist.nominations.values_list("pk", flat=True))
    for row in rows:
        row.shortlisted = row.pk in chosen
    return {
        "shortlist": shortlist,
        "award_round": award_round,
        "province": province,
        "members": User.objects.filter(role=User.Role.TEAM_MEMBER, province=province, is_active=True).order_by("-is_team_chair", "last_name", "first_name"),
        "rows": rows,
        "shortlisted_rows": [row for row in rows if row.shortlisted],
        "conflicts": ScoreSheet.objects.filter(nomination__round=award_round, nomination__regency__province=province, status=SheetStatus.CONFLICT).select_related("member", "nomination"),
        "today": timezone.localdate(),
    }


def _date(value):
    return formats.date_format(value, "DATE_FORMAT")


def _number(value):
    return "—" if value is None else formats.number_format(value, 2)


def minutes_pdf(shortlist):
    """The same minutes as an A4 PDF, drawn with reportlab.

    reportlab, openpyxl and pypdf are imported where they are used: loaded at start-up they made every app
    server process 25 MB larger (78 MB instead of 53 MB after loading the URLs), export memory included.
    """
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import getSampleStyleSheet
    from reportlab.lib.units import cm
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

    context = minutes_context(shortlist)
    styles = getSampleStyleSheet()
    small = styles["BodyText"].clone("small", fontSize=8, leading=10)
    buffer = io.BytesIO()
    document = SimpleDocTemplate(buffer, pagesize=A4, leftMargin=2 * cm, rightMargin=2 * cm, topMargin=2 * cm, bottomMargin=2 * cm,
                                 title=_("Selection minutes"), author=_("OVOP Portal"))
    table_style = TableStyle([
        ("GRID", (0, 0), (-1, -1), 0.4, colors.grey),
        ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e9ecef")),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("FONTSIZE", (0, 0), (-1, -1), 8),
    ])
    story = [
        Paragraph(_("SELECTION MINUTES (BERITA ACARA HASIL SELEKSI)"), styles["Title"]),
        Paragraph(f"{context['award_round']} · {context['province']}", styles["Heading2"]),
        Paragraph(_("On %(date)s the selection team of %(province)s completed the curation of the nominations of its regencies and cities and forwarded the shortlist below to the Ministry of Industry.") % {
            "date": _date(shortlist.forwarded_at.date() if shortlist.forwarded_at else context["today"]), "province": context["province"]}, styles["BodyText"]),
        Spacer(1, 0.3 * cm),
        Paragraph(_("Ranking"), styles["Heading3"]),
    ]
    ranking = [[_("Rank"), _("IKM and product"), _("Regency/city"), _("Mean"), _("Sheets"), _("Spread"), _("Shortlisted")]]
    for row in context["rows"]:
        ranking.append([row.rank or "—", Paragraph(f"{row} · {row.product_name}", small), Paragraph(str(row.regency), small),
                        _number(row.mean), row.sheet_count, _number(row.spread), _("yes") if row.shortlisted else ""])
    story.append(Table(ranking, colWidths=[1.2 * cm, 6 * cm, 3.5 * cm, 1.6 * cm, 1.4 * cm, 1.6 * cm, 1.8 * cm], style=table_style, repeatRows=1))
    story += [Spacer(1, 0.3 * cm), Paragraph(_("Conflicts of interest declared"), styles["Heading3"])]
    conflicts = [[_("Member"), _("Nomination"), _("Reason")]] + [
        [str(c.member), Paragraph(str(c.nomination), small), Paragraph(c.conflict_reason, small)] for c in context["conflicts"]
    ]
    story.append(Table(conflicts, colWidths=[4 * cm, 5.5 * cm, 7.5 * cm], style=table_style) if len(conflicts) > 1 else Paragraph(_("None."), styles["BodyText"]))
    story += [Spacer(1, 0.5 * cm), Paragraph(_("Selection team"), styles["Heading3"])]
    signatures = [[_("Name"), _("Role"), _("Signature")]] + [
        [str(m), _("Chair") if m.is_team_chair else _("Member"), ""] for m in context["members"]
    ]
    story.append(Table(signatures, colWidths=[7 * cm, 4 * cm, 6 * cm], rowHeights=[None] + [1.2 * cm] * (len(signatures) - 1), style=table_style))
    document.build(story)
    return buffer.getvalue()
