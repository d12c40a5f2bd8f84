"""Streamed CSV and XLSX exports with Indonesian column headers, scoped like the pages.

Rows are generated while the response is sent, for CSV and for XLSX (reports/xlsx_stream.py), so memory
stays at one chunk of rows and the first bytes leave at once.
"""

import csv
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from django.db.models import Q
from django.http import StreamingHttpResponse
from django.utils import timezone

from awards.selectors import decision_table, star_register, visible_cohort
from curation import selectors as curation_selectors
from curation.models import AdminCheck, ScoreSheet, SheetStatus, Stage
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


@dataclass(frozen=True)
class Column:
    """One column of an export: its header and how a row's object gives its cell. `field` is the model field
    the cell reads (a path like "regency__province__name"); without `value` the cell is that field's value."""

    header: str
    field: str = ""
    value: Callable = None

    def cell(self, obj):
        if self.value is not None:
            return self.value(obj)
        for name in self.field.split("__"):
            obj = getattr(obj, name)
            if obj is None:
                return None
        return obj


def headers_and_rows(columns, objects):
    """The headers, and the rows as a generator: `objects` is read while the response is sent."""

    def rows():
        for obj in objects:
            yield [column.cell(obj) for column in columns]

    return [column.header for column in columns], rows()


def loaded_fields(columns):
    """The `only()` and `select_related()` arguments that load every column's field and nothing else."""
    fields = [c.field for c in columns if c.field]
    return fields, sorted({f.rsplit("__", 1)[0] for f in fields if "__" in f})


def _state(user):
    if not user.is_active:
        return "Dinonaktifkan"
    return "Undangan belum diterima" if user.invitation_pending else "Aktif"


# The Users list of ministry admins (accounts:user_list), never a password or an invitation link.
USER_COLUMNS = [
    Column("Nama pengguna", "username"),
    Column("Nama depan", "first_name"),
    Column("Nama belakang", "last_name"),
    Column("Email", "email"),
    Column("Peran", "role", lambda u: str(u.get_role_display())),
    Column("Provinsi", "", lambda u: str(u.province or (u.regency.province if u.regency else "") or "")),
    Column("Kabupaten/Kota", "", lambda u: str(u.regency or "")),
    Column("Ketua tim", "is_team_chair", lambda u: yes_no(u.is_team_chair) if u.is_team_member else ""),
    Column("Organisasi", "organisation"),
    Column("Status", "", _state),
    Column("Login terakhir", "last_login"),
    Column("Terdaftar", "date_joined"),
]


# Columns are read by field: the long texts (description, local wisdom, ...) are not loaded, so a chunk stays small.
NOMINATION_COLUMNS = [
    Column("Putaran", "round__name"),
    Column("Provinsi", "regency__province__name", lambda n: str(n.regency.province)),
    Column("Kabupaten/Kota", "regency__name", lambda n: str(n.regency)),
    Column("NIB", "nib"),
    Column("Nama usaha", "business_name"),
    Column("Nama pemilik", "owner_name"),
    Column("Bentuk usaha", "legal_form", lambda n: n.get_legal_form_display()),
    Column("Jenis komoditas", "commodity__name_id", lambda n: n.commodity.name_id if n.commodity else ""),
    Column("Nama produk", "product_name"),
    Column("Status", "status", lambda n: str(NominationStatus(n.status).label)),
    Column("Diajukan pada", "submitted_at"),
    Column("Tahun berdiri", "year_founded"),
    Column("Tenaga kerja perempuan", "workforce_women"),
    Column("Tenaga kerja laki-laki", "workforce_men"),
    Column("Kapasitas produksi per tahun", "production_capacity"),
    Column("Satuan kapasitas", "capacity_unit"),
    Column("Omzet per tahun (Rp)", "yearly_turnover"),
    Column("Jangkauan pemasaran", "marketing_reach", lambda n: n.get_marketing_reach_display()),
    Column("Negara tujuan ekspor", "export_destinations"),
    Column("Harga terendah (Rp)", "price_min"),
    Column("Harga tertinggi (Rp)", "price_max"),
    Column("Seleksi administrasi", "admin_check__passed", lambda n: _selection(n, "result")),
    Column("Persyaratan tidak dipenuhi", "admin_check__reason", lambda n: _selection(n, "failed")),
    Column("Alasan seleksi administrasi", "admin_check__reason", lambda n: _selection(n, "reason")),
]


def _selection(nomination, part):
    """The nomination's administrative selection (passed or not, the requirements failed, the reason), or empty."""
    try:
        check = nomination.admin_check
    except AdminCheck.DoesNotExist:
        return ""
    if part == "result":
        return "Lolos" if check.passed else "Tidak lolos"
    if part == "failed":
        return "; ".join(requirement.name_id for requirement in check.failed.all())
    return check.reason


def nominations_dataset(user, award_round):
    queryset = Nomination.objects.visible_to(user)
    if award_round is not None:
        queryset = queryset.filter(round=award_round)
    only, related = loaded_fields(NOMINATION_COLUMNS)
    queryset = (
        queryset.select_related(*related)
        .prefetch_related("admin_check__failed")
        .order_by("round_id", "regency_id", "pk")
        .only(*only)
    )
    return headers_and_rows(NOMINATION_COLUMNS, queryset.iterator(chunk_size=CHUNK))


SHEET_COLUMNS = [
    Column("Putaran", "nomination__round__name"),
    Column("Provinsi", value=lambda s: str(s.nomination.regency.province)),
    Column("Kabupaten/Kota", value=lambda s: str(s.nomination.regency)),
    Column("Nominasi", value=lambda s: str(s.nomination)),
    Column("Tahap", value=lambda s: str(Stage(s.stage).label)),
    Column("Penilai", value=lambda s: str(s.member)),
    Column("Status", value=lambda s: str(SheetStatus(s.status).label)),
    Column("Total (0-100)", "total"),
    Column("Komentar", "comment"),
    Column("Konflik kepentingan", "conflict_reason"),
    Column("Dikirim pada", "submitted_at"),
]


def sheets_dataset(user, award_round):
    sheets = ScoreSheet.objects.filter(nomination__round=award_round).select_related(
        "nomination__regency__province", "member", "nomination__round"
    )
    if user.is_team_member:
        # A team member sees the province stage only: what the national assessors wrote is the ministry's.
        own = ScoreSheet.objects.filter(member=user, stage=Stage.PROVINCE, status=SheetStatus.SUBMITTED).values(
            "nomination"
        )
        sheets = sheets.filter(nomination__regency__province_id=user.province_id, stage=Stage.PROVINCE).filter(
            Q(nomination__in=own) | Q(member=user)
        )
    elif not user.is_ministry_admin:
        sheets = sheets.none()
    sheets = sheets.order_by("nomination__regency__province_id", "nomination_id", "-stage", "member_id")
    return headers_and_rows(SHEET_COLUMNS, sheets.iterator(chunk_size=CHUNK))


RANKING_COLUMNS = [
    Column("Peringkat", "rank"),
    Column("Provinsi", value=lambda r: str(r.regency.province)),
    Column("Kabupaten/Kota", value=lambda r: str(r.regency)),
    Column("NIB", "nib"),
    Column("Nama usaha", "business_name"),
    Column("Nama produk", "product_name"),
    Column("Jenis komoditas", value=lambda r: r.commodity.name_id if r.commodity else ""),
    Column("Rata-rata", "mean"),
    Column("Jumlah lembar", "sheet_count"),
    Column("Terendah", "low"),
    Column("Tertinggi", "high"),
    Column("Simpangan baku", "stddev"),
]


def ranking_dataset(user, award_round):
    province = user.province if user.is_team_member else None
    if not (user.is_team_member or user.is_ministry_admin):
        raise Hidden(None)
    verdict = may_see_team_results(user, award_round, province)
    if not verdict.allowed:
        raise Hidden(verdict)  # blind scoring: not even the order of the ranking before one's own sheets are in
    ranked = curation_selectors.ranking(curation_selectors.in_curation(award_round, province))
    return headers_and_rows(RANKING_COLUMNS, ranked)


def yes_no(value):
    return "ya" if value else "tidak"


COHORT_COLUMNS = [
    Column("Putaran", "nomination__round__name"),
    Column("Provinsi", value=lambda m: str(m.nomination.regency.province)),
    Column("Kabupaten/Kota", value=lambda m: str(m.nomination.regency)),
    Column("Nama usaha", "nomination__business_name"),
    Column("Nama produk", "nomination__product_name"),
    Column("Status rencana ekspor", value=lambda m: m.get_export_plan_status_display()),
    Column("Negara target", "target_markets"),
    Column("Lokapasar", value=lambda m: yes_no(m.has_marketplace)),
    Column("Situs web", value=lambda m: yes_no(m.has_website)),
    Column("Media sosial", value=lambda m: yes_no(m.has_social_media)),
    Column("E-katalog", value=lambda m: yes_no(m.in_e_catalogue)),
    Column(
        "Pameran internasional",
        value=lambda m: "; ".join(f"{e.name} ({e.place}, {e.starts:%Y-%m-%d})" for e in m.exhibitions.all()),
    ),
    Column("Rujukan pembiayaan ekspor", "financing_referral"),
    Column("Mentor", "mentor"),
    Column("Masuk kohort", "promoted_at"),
]


def cohort_dataset(user, award_round):
    return headers_and_rows(COHORT_COLUMNS, visible_cohort(user, award_round))


def _level_name(level):
    return level.name_id if level is not None else "Tidak mendapat penghargaan"


DECISION_COLUMNS = [
    Column("Jenis komoditas", value=lambda r: r.commodity.name_id if r.commodity else ""),
    Column("Peringkat", "rank"),
    Column("Provinsi", value=lambda r: str(r.regency.province)),
    Column("Kabupaten/Kota", value=lambda r: str(r.regency)),
    Column("NIB", "nib"),
    Column("Nama usaha", "business_name"),
    Column("Nama produk", "product_name"),
    Column("Nilai (dasar keputusan)", "score"),
    Column("Jumlah lembar", "sheet_count"),
    Column("Rata-rata provinsi", "province_mean"),
    Column("Rekomendasi", value=lambda r: _level_name(r.recommended) if r.has_recommendation else ""),
    Column("Keputusan", value=lambda r: _level_name(r.result.level) if r.result else "Belum ada keputusan"),
    Column("Berbeda dari rekomendasi", value=lambda r: yes_no(r.differs)),
    Column("Alasan", value=lambda r: r.result.reason if r.result else ""),
]


def decisions_dataset(user, award_round):
    """The decision table (national ranking per commodity where the round has one): ministry admins only, since it
    carries the decisions before they are published."""
    if not user.is_ministry_admin:
        raise Hidden(None)
    _groups, rows = decision_table(award_round)
    if award_round.national_assessment:
        rows = [row for group in _groups for row in group.rows]  # per commodity type, ranked within it
    return headers_and_rows(DECISION_COLUMNS, rows)


REGISTER_COLUMNS = [
    Column("NIB", "nib"),
    Column("Nama usaha", "business_name"),
    Column("Bintang saat ini", "decision__level__name_id"),
    Column("Putaran", "round__name"),
    Column("Tahun penghargaan", "round__year"),
    Column("Provinsi", "regency__province__name", lambda n: str(n.regency.province)),
    Column("Kabupaten/Kota", "regency__name", lambda n: str(n.regency)),
    Column("Jenis komoditas", "commodity__name_id", lambda n: n.commodity.name_id if n.commodity else ""),
    Column("Nama produk", "product_name"),
]


def register_dataset(user, award_round=None):
    """The register of starred IKM (every published round; `award_round` is not used): ministry admins only."""
    if not user.is_ministry_admin:
        raise Hidden(None)
    return headers_and_rows(REGISTER_COLUMNS, star_register().iterator(chunk_size=CHUNK))


# Datasets that span every published round, whatever round the request names.
ACROSS_ROUNDS = {"register"}

DATASETS = {
    "nominations": (nominations_dataset, "nominasi"),
    "sheets": (sheets_dataset, "lembar-penilaian"),
    "ranking": (ranking_dataset, "peringkat"),
    "decisions": (decisions_dataset, "keputusan"),
    "cohort": (cohort_dataset, "kohort-go-global"),
    "register": (register_dataset, "daftar-ikm-ovop"),
}
