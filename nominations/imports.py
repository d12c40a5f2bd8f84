"""Spreadsheet import of nominations: one IKM per row of an XLSX or CSV file, each row a draft.

Every row goes through the same form and service as the web form, so the same checks apply; the
result is a per-row report of what was created and what was refused and why.
"""

import io
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core import spreadsheets
from core.exceptions import WorkflowError
from core.spreadsheets import SheetShape, append_text_row, cell_text

from . import services
from .forms import NominationForm
from .models import CommodityType, Nomination
from .models.nomination import LegalForm, MarketingReach

MAX_ROWS = 500
MAX_SCANNED_ROWS = 2 * MAX_ROWS  # the header, the IKM rows and empty rows between them
READ_SECONDS = spreadsheets.READ_SECONDS
MAX_UNPACKED_BYTES = spreadsheets.MAX_UNPACKED_BYTES

# Column headers of the template (stable keys, in Indonesian for the officers) -> form fields.
COLUMNS = {
    "nib": "nib",
    "nama_usaha": "business_name",
    "nama_pemilik": "owner_name",
    "bentuk_usaha": "legal_form",
    "alamat": "address",
    "sentra_ikm": "sentra",
    "tahun_berdiri": "year_founded",
    "tenaga_kerja_perempuan": "workforce_women",
    "tenaga_kerja_laki_laki": "workforce_men",
    "kapasitas_produksi_per_tahun": "production_capacity",
    "satuan_kapasitas": "capacity_unit",
    "omzet_tahunan_rp": "yearly_turnover",
    "jangkauan_pemasaran": "marketing_reach",
    "negara_tujuan_ekspor": "export_destinations",
    "telepon": "phone",
    "email": "email",
    "nama_produk": "product_name",
    "jenis_komoditas": "commodity",
    "deskripsi_produk": "product_description",
    "bahan_baku_lokal": "raw_materials",
    "kearifan_lokal": "local_wisdom",
    "keunikan": "uniqueness",
    "harga_terendah_rp": "price_min",
    "harga_tertinggi_rp": "price_max",
}
EXAMPLE = {
    "nib": "1234567890123",
    "nama_usaha": "Tenun Ikat Sumber Rejeki",
    "nama_pemilik": "Siti Aminah",
    "bentuk_usaha": "cv",
    "alamat": "Jl. Kaliurang Km 10",
    "sentra_ikm": "Sentra Tenun Moyudan",
    "tahun_berdiri": 2012,
    "tenaga_kerja_perempuan": 12,
    "tenaga_kerja_laki_laki": 4,
    "kapasitas_produksi_per_tahun": 2400,
    "satuan_kapasitas": "lembar",
    "omzet_tahunan_rp": 850000000,
    "jangkauan_pemasaran": "export",
    "negara_tujuan_ekspor": "Jepang, Belanda",
    "telepon": "081234567890",
    "email": "tenun@example.id",
    "nama_produk": "Kain tenun ikat pewarna alam",
    "jenis_komoditas": "kain-tenun",
    "deskripsi_produk": "Kain tenun ikat dengan pewarna alam.",
    "bahan_baku_lokal": "Benang katun, indigo lokal",
    "kearifan_lokal": "Motif warisan keraton.",
    "keunikan": "Pewarna alam dari kebun sendiri.",
    "harga_terendah_rp": 350000,
    "harga_tertinggi_rp": 2500000,
}


@dataclass
class RowResult:
    row: int
    label: str
    nomination: Nomination | None = None
    errors: list = field(default_factory=list)

    @property
    def created(self):
        return self.nomination is not None


def template_workbook():
    from openpyxl import Workbook  # imported when used, as in curation/minutes.py

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "nominasi"
    append_text_row(sheet, list(COLUMNS))
    append_text_row(sheet, [EXAMPLE.get(key, "") for key in COLUMNS])
    for column in sheet.columns:
        sheet.column_dimensions[column[0].column_letter].width = max(14, len(str(column[0].value)) + 2)
    codes = workbook.create_sheet("kode")
    append_text_row(codes, ["kolom", "kode", "arti"])
    for key, choices in (("bentuk_usaha", LegalForm.choices), ("jangkauan_pemasaran", MarketingReach.choices)):
        for code, label in choices:
            append_text_row(codes, [key, code, str(label)])
    for commodity in CommodityType.objects.filter(is_active=True):
        append_text_row(codes, ["jenis_komoditas", commodity.code, commodity.name_id])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


SHAPE = SheetShape(
    columns=tuple(COLUMNS),
    max_rows=MAX_ROWS,
    too_many_rows=gettext_lazy("The file has more than %(rows)s IKM rows: split it into smaller files."),
    rows_below=gettext_lazy(
        "The sheet goes on below row %(max)s (empty rows count too): keep at most %(rows)s IKM rows at the top and "
        "delete the rows below them."
    ),
)


def read_rows(upload):
    """(row number, {header: value}) for each non-empty IKM row of the upload (core/spreadsheets.py)."""
    return spreadsheets.read_rows(upload, SHAPE, read_seconds=READ_SECONDS)


def _choice_lookup(choices):
    lookup = {}
    for code, label in choices:
        lookup[code.lower()] = code
        for language in ("id", "en"):
            with translation.override(language):
                lookup[str(label).lower()] = code
    return lookup


def to_form_data(row, award_round):
    """The row as the web form's data, plus problems the form could only state vaguely."""
    legal = _choice_lookup(LegalForm.choices)
    reach = _choice_lookup(MarketingReach.choices)
    commodities = {}
    for commodity in award_round.commodity_types.all():
        for key in (commodity.code, commodity.name_id, commodity.name_en):
            commodities[key.lower()] = str(commodity.pk)
    data, problems = {}, []
    for key, value in row.items():
        if not key:
            continue
        text = cell_text(value)
        field_name = COLUMNS[key]
        if field_name == "legal_form":
            text = legal.get(text.lower(), text)
        elif field_name == "marketing_reach":
            text = reach.get(text.lower(), text)
        elif field_name == "commodity" and text:
            if text.lower() not in commodities:
                problems.append(
                    _("Unknown or closed commodity type “%(value)s”: use a code from the “kode” sheet of the template.")
                    % {"value": text}
                )
            text = commodities.get(text.lower(), "")
        data[field_name] = text
    return data, problems


def import_nominations(upload, *, award_round, by):
    """Create one draft per valid row; returns the per-row report."""
    results = []
    for number, row in read_rows(upload):
        label = cell_text(row.get("nama_usaha")) or cell_text(row.get("nib")) or f"#{number}"
        nomination = Nomination(round=award_round, regency=by.regency)
        data, problems = to_form_data(row, award_round)
        form = NominationForm(data, award_round=award_round, regency=by.regency, instance=nomination)
        for name in ("new_photos", "new_documents", "document_kind", "delete_photos", "delete_documents", "version"):
            form.fields.pop(name)
        if problems or not form.is_valid():
            errors = problems + [
                f"{form.fields[name].label if name in form.fields else name}: {' '.join(messages)}"
                for name, messages in form.errors.items()
            ]
            results.append(RowResult(number, label, errors=errors))
            continue
        try:
            with transaction.atomic():
                created = services.save_nomination(form.save(commit=False), by=by)
        except WorkflowError as error:
            results.append(RowResult(number, label, errors=[str(error)]))
        else:
            results.append(RowResult(number, label, nomination=created))
    return results
