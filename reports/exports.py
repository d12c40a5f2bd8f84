"""Streamed CSV and XLSX exports with Indonesian column headers, scoped like the pages.

Rows are generated while the response is sent, for CSV and for XLSX (reports/xlsx_stream.py), so memory
stays at one chunk of rows and the first bytes leave at once.
"""

import csv
from datetime import date, datetime
from decimal import Decimal

from django.db.models import Q
from django.http import StreamingHttpResponse
from django.utils import timezone

from awards.selectors import visible_cohort
from curation import selectors as curation_selectors
from curation.models import ScoreSheet, SheetStatus
from curation.rules import may_see_team_results
from nominations.models import Nomination, NominationStatus

from .xlsx_stream import stream_xlsx

CHUNK = 2000


class Hidden(Exception):
    """The dataset is not for this user now; `args[0]` is the curation verdict saying why (or None)."""


class Echo:
    """A file-like object whose write returns the value, for csv.writer (Django's streaming CSV recipe)."""

    def write(self, value):
        return value


# A text cell starting with one of these is read by Excel and LibreOffice as a formula ("CSV injection": a business
# name "=HYPERLINK(...)" becomes a live link, "@SUM(...)" a calculation). OWASP's rule: such text is written with a
# leading single quote, which the spreadsheet shows as text. Numbers are not text and are written as they are.
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


def neutralise_formula(text):
    return "'" + text if text.startswith(FORMULA_TRIGGERS) else text


def _cell_text(value):
    if value is None:
        return ""
    if isinstance(value, datetime):
        return timezone.localtime(value).strftime("%Y-%m-%d %H:%M")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, (int, float, Decimal)):  # a real number, negative ones included, is no formula
        return str(value)
    return neutralise_formula(str(value))


def csv_response(headers, rows, filename):
    writer = csv.writer(Echo())

    def stream():
        yield "\ufeff"  # so that Excel opens UTF-8 correctly
        yield writer.writerow([_cell_text(h) for h in headers])
        for row in rows:
            yield writer.writerow([_cell_text(v) for v in row])

    response = StreamingHttpResponse(stream(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}.csv"'
    return response


def xlsx_response(headers, rows, filename, sheet_title):
    response = StreamingHttpResponse(
        stream_xlsx(headers, rows, sheet_title),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = f'attachment; filename="{filename}.xlsx"'
    return response


# Datasets: (headers, row iterator) ------------------------------------------------------------------

EXPORTED_FIELDS = [
    "round__name",
    "regency__name",
    "regency__province__name",
    "commodity__name_id",
    "nib",
    "business_name",
    "owner_name",
    "legal_form",
    "product_name",
    "status",
    "submitted_at",
    "year_founded",
    "workforce_women",
    "workforce_men",
    "production_capacity",
    "capacity_unit",
    "yearly_turnover",
    "marketing_reach",
    "export_destinations",
    "price_min",
    "price_max",
]


def nominations_dataset(user, award_round):
    headers = [
        "Putaran",
        "Provinsi",
        "Kabupaten/Kota",
        "NIB",
        "Nama usaha",
        "Nama pemilik",
        "Bentuk usaha",
        "Jenis komoditas",
        "Nama produk",
        "Status",
        "Diajukan pada",
        "Tahun berdiri",
        "Tenaga kerja perempuan",
        "Tenaga kerja laki-laki",
        "Kapasitas produksi per tahun",
        "Satuan kapasitas",
        "Omzet per tahun (Rp)",
        "Jangkauan pemasaran",
        "Negara tujuan ekspor",
        "Harga terendah (Rp)",
        "Harga tertinggi (Rp)",
    ]
    queryset = Nomination.objects.visible_to(user)
    if award_round is not None:
        queryset = queryset.filter(round=award_round)
    queryset = (
        queryset.select_related("round", "regency__province", "commodity")
        .order_by("round_id", "regency_id", "pk")
        .only(*EXPORTED_FIELDS)  # not the long texts (description, local wisdom, ...): a chunk stays small
    )
    labels = dict(NominationStatus.choices)

    def rows():
        for n in queryset.iterator(chunk_size=CHUNK):
            yield [
                n.round.name,
                str(n.regency.province),
                str(n.regency),
                n.nib,
                n.business_name,
                n.owner_name,
                n.get_legal_form_display(),
                n.commodity.name_id if n.commodity else "",
                n.product_name,
                str(labels[n.status]),
                n.submitted_at,
                n.year_founded,
                n.workforce_women,
                n.workforce_men,
                n.production_capacity,
                n.capacity_unit,
                n.yearly_turnover,
                n.get_marketing_reach_display(),
                n.export_destinations,
                n.price_min,
                n.price_max,
            ]

    return headers, rows()


def sheets_dataset(user, award_round):
    headers = [
        "Putaran",
        "Provinsi",
        "Kabupaten/Kota",
        "Nominasi",
        "Anggota tim",
        "Status",
        "Total (0-100)",
        "Komentar",
        "Konflik kepentingan",
        "Dikirim pada",
    ]
    sheets = ScoreSheet.objects.filter(nomination__round=award_round).select_related(
        "nomination__regency__province", "member", "nomination__round"
    )
    if user.is_team_member:
        own = ScoreSheet.objects.filter(member=user, status=SheetStatus.SUBMITTED).values("nomination")
        sheets = sheets.filter(nomination__regency__province_id=user.province_id).filter(
            Q(nomination__in=own) | Q(member=user)
        )
    elif not user.is_ministry_admin:
        sheets = sheets.none()
    labels = dict(SheetStatus.choices)

    def rows():
        for s in sheets.order_by("nomination__regency__province_id", "nomination_id", "member_id").iterator(
            chunk_size=CHUNK
        ):
            n = s.nomination
            yield [
                n.round.name,
                str(n.regency.province),
                str(n.regency),
                str(n),
                str(s.member),
                str(labels[s.status]),
                s.total,
                s.comment,
                s.conflict_reason,
                s.submitted_at,
            ]

    return headers, rows()


def ranking_dataset(user, award_round):
    headers = [
        "Peringkat",
        "Provinsi",
        "Kabupaten/Kota",
        "NIB",
        "Nama usaha",
        "Nama produk",
        "Jenis komoditas",
        "Rata-rata",
        "Jumlah lembar",
        "Terendah",
        "Tertinggi",
        "Simpangan baku",
    ]
    province = user.province if user.is_team_member else None
    if not (user.is_team_member or user.is_ministry_admin):
        raise Hidden(None)
    verdict = may_see_team_results(user, award_round, province)
    if not verdict.allowed:
        raise Hidden(verdict)  # blind scoring: not even the order of the ranking before one's own sheets are in
    ranked = curation_selectors.ranking(curation_selectors.in_curation(award_round, province))

    def rows():
        for r in ranked:
            yield [
                r.rank,
                str(r.regency.province),
                str(r.regency),
                r.nib,
                r.business_name,
                r.product_name,
                r.commodity.name_id if r.commodity else "",
                r.mean,
                r.sheet_count,
                r.low,
                r.high,
                r.stddev,
            ]

    return headers, rows()


def cohort_dataset(user, award_round):
    headers = [
        "Putaran",
        "Provinsi",
        "Kabupaten/Kota",
        "Nama usaha",
        "Nama produk",
        "Status rencana ekspor",
        "Negara target",
        "Lokapasar",
        "Situs web",
        "Media sosial",
        "E-katalog",
        "Pameran internasional",
        "Rujukan pembiayaan ekspor",
        "Mentor",
        "Masuk kohort",
    ]

    def rows():
        for m in visible_cohort(user, award_round):
            n = m.nomination
            yield [
                n.round.name,
                str(n.regency.province),
                str(n.regency),
                n.business_name,
                n.product_name,
                m.get_export_plan_status_display(),
                m.target_markets,
                "ya" if m.has_marketplace else "tidak",
                "ya" if m.has_website else "tidak",
                "ya" if m.has_social_media else "tidak",
                "ya" if m.in_e_catalogue else "tidak",
                "; ".join(f"{e.name} ({e.place}, {e.starts:%Y-%m-%d})" for e in m.exhibitions.all()),
                m.financing_referral,
                m.mentor,
                m.promoted_at,
            ]

    return headers, rows()


DATASETS = {
    "nominations": (nominations_dataset, "nominasi"),
    "sheets": (sheets_dataset, "lembar-penilaian"),
    "ranking": (ranking_dataset, "peringkat"),
    "cohort": (cohort_dataset, "kohort-go-global"),
}
