"""Spreadsheet import of nominations: one IKM per row of an XLSX or CSV file, each row a draft.

Every row goes through the same form and service as the web form, so the same checks apply; the
result is a per-row report of what was created and what was refused and why.
"""
import csv
import io
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _

from . import services
from .forms import NominationForm
from .models import CommodityType, Nomination
from .models.nomination import LegalForm, MarketingReach

MAX_ROWS = 500

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
    "nib": "1234567890123", "nama_usaha": "Tenun Ikat Sumber Rejeki", "nama_pemilik": "Siti Aminah",
    "bentuk_usaha": "cv", "alamat": "Jl. Kaliurang Km 10", "sentra_ikm": "Sentra Tenun Moyudan",
    "tahun_berdiri": 2012, "tenaga_kerja_perempuan": 12, "tenaga_kerja_laki_laki": 4,
    "kapasitas_produksi_per_tahun": 2400, "satuan_kapasitas": "lembar", "omzet_tahunan_rp": 850000000,
    "jangkauan_pemasaran": "export", "negara_tujuan_ekspor": "Jepang, Belanda", "telepon": "081234567890",
    "email": "tenun@example.id", "nama_produk": "Kain tenun ikat pewarna alam", "jenis_komoditas": "kain-tenun",
    "deskripsi_produk": "Kain tenun ikat dengan pewarna alam.", "bahan_baku_lokal": "Benang katun, indigo lokal",
    "kearifan_lokal": "Motif warisan keraton.", "keunikan": "Pewarna alam dari kebun sendiri.",
    "harga_terendah_rp": 350000, "harga_tertinggi_rp": 2500000,
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


def _append_row(sheet, values):
    """Append a row whose text stays text: openpyxl stores a string starting with "=" as a formula, so a
    commodity named "=HYPERLINK(...)" would be a live formula in the officers' template."""
    sheet.append(values)
    for cell in sheet[sheet.max_row]:
        if isinstance(cell.value, str):
            cell.data_type = "s"


def template_workbook():
    from openpyxl import Workbook  # imported when used, as in curation/minutes.py

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "nominasi"
    _append_row(sheet, list(COLUMNS))
    _append_row(sheet, [EXAMPLE.get(key, "") for key in COLUMNS])
    for column in sheet.columns:
        sheet.column_dimensions[column[0].column_letter].width = max(14, len(str(column[0].value)) + 2)
    codes = workbook.create_sheet("kode")
    _append_row(codes, ["kolom", "kode", "arti"])
    for key, choices in (("bentuk_usaha", LegalForm.choices), ("jangkauan_pemasaran", MarketingReach.choices)):
        for code, label in choices:
            _append_row(codes, [key, code, str(label)])
    for commodity in CommodityType.objects.filter(is_active=True):
        _append_row(codes, ["jenis_komoditas", commodity.code, commodity.name_id])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def read_rows(upload):
    """Rows of the upload as dicts keyed by header; raises ValueError with a message for the user."""
    name = upload.name.lower()
    if name.endswith(".xlsx"):
        from openpyxl import load_workbook  # imported when used, as in curation/minutes.py

        try:
            workbook = load_workbook(upload, read_only=True, data_only=True)
        except Exception as error:  # openpyxl raises many kinds for a broken file
            raise ValueError("not a readable XLSX file") from error
        rows = workbook.worksheets[0].iter_rows(values_only=True)
    else:
        text = upload.read().decode("utf-8-sig", errors="replace")
        dialect = csv.Sniffer().sniff(text[:2048], delimiters=",;\t") if text.strip() else csv.excel
        rows = csv.reader(io.StringIO(text), dialect)
    header = next(rows, None)
    if not header:
        raise ValueError("the file is empty")
    keys = [str(h or "").strip().lower() for h in header]
    unknown = [k for k in keys if k and k not in COLUMNS]
    if unknown:
        raise ValueError("unknown columns: " + ", ".join(unknown))
    result = []
    for values in rows:
        if values is None or all(v in (None, "") for v in values):
            continue
        result.append(dict(zip(keys, values)))
        if len(result) > MAX_ROWS:
            raise ValueError(f"more than {MAX_ROWS} rows")
    return result


def _choice_lookup(choices):
    lookup = {}
    for code, label in choices:
        lookup[code.lower()] = code
        for language in ("id", "en"):
            with translation.override(language):
                lookup[str(label).lower()] = code
    return lookup


def _cell(value):
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, Decimal):
        return format(value, "f")
    return str(value).strip()


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
        text = _cell(value)
        field_name = COLUMNS[key]
        if field_name == "legal_form":
            text = legal.get(text.lower(), text)
        elif field_name == "marketing_reach":
            text = reach.get(text.lower(), text)
        elif field_name == "commodity" and text:
            if text.lower() not in commodities:
                problems.append(_("Unknown or closed commodity type “%(value)s”: use a code from the “kode” sheet of the template.") % {"value": text})
            text = commodities.get(text.lower(), "")
        data[field_name] = text
    return data, problems


def import_nominations(upload, *, award_round, by):
    """Create one draft per valid row; returns the per-row report."""
    results = []
    for number, row in enumerate(read_rows(upload), start=2):
        label = _cell(row.get("nama_usaha")) or _cell(row.get("nib")) or f"#{number}"
        nomination = Nomination(round=award_round, regency=by.regency)
        data, problems = to_form_data(row, award_round)
        form = NominationForm(data, award_round=award_round, regency=by.regency, instance=nomination)
        for name in ("new_photos", "new_documents", "document_kind", "delete_photos", "delete_documents", "version"):
            form.fields.pop(name)
        if problems or not form.is_valid():
            errors = problems + [f"{form.fields[name].label if name in form.fields else name}: {' '.join(messages)}" for name, messages in form.errors.items()]
            results.append(RowResult(number, label, errors=errors))
            continue
        try:
            with transaction.atomic():
                created = services.save_nomination(form.save(commit=False), by=by)
        except services.WorkflowError as error:
            results.append(RowResult(number, label, errors=[str(error)]))
        else:
            results.append(RowResult(number, label, nomination=created))
    return results
