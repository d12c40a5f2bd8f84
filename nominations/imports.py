"""Spreadsheet import of nominations: one IKM per row of an XLSX or CSV file, each row a draft.

Every row goes through the same form and service as the web form, so the same checks apply; the
result is a per-row report of what was created and what was refused and why.
"""

import csv
import io
import time
import zipfile
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import transaction
from django.template.defaultfilters import filesizeformat
from django.utils import translation
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from core.exceptions import WorkflowError

from . import services
from .forms import NominationForm
from .models import CommodityType, Nomination
from .models.nomination import LegalForm, MarketingReach

MAX_ROWS = 500
# What reading a file may cost, whatever it holds: a sheet is read row by row, empty rows included (a sheet
# whose only row is row 30,000,000 would otherwise be read as thirty million empty rows), and the reading
# stops at the first of these limits with a message for the officer.
MAX_SCANNED_ROWS = 2 * MAX_ROWS  # the header, the IKM rows and empty rows between them
MAX_COLUMNS = 60  # the template has 24; a sheet's cells beyond this column are not read
MAX_UNPACKED_BYTES = 20 * 1024 * 1024  # an XLSX is a zip: what its parts may unpack to, all together
# Each part of it, by what it holds. A sheet of 1,000 rows of 60 cells written by Excel or LibreOffice (texts in the
# shared strings) stays well under 4 MB; 4.9 million empty cells in one row (20 MB) kept a worker busy for 11 s.
# Styles, theme and the rest are tens of kilobytes in a real workbook; a 15 MB styles part took 22 s to load.
MAX_PART_BYTES = {"xl/sharedStrings.xml": MAX_UNPACKED_BYTES, "xl/worksheets/": 4 * 1024 * 1024, "": 1024 * 1024}


def part_limit(filename):
    """The most that one part of an XLSX may unpack to (MAX_PART_BYTES, by the longest matching prefix)."""
    return next(
        limit
        for prefix, limit in sorted(MAX_PART_BYTES.items(), key=lambda item: -len(item[0]))
        if filename.startswith(prefix)
    )


READ_SECONDS = 10

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


class UnreadableFile(Exception):
    """The upload cannot be imported; the message says why, for the officer."""


def read_rows(upload):
    """(row number, {header: value}) for each non-empty row of the upload, within the limits above; raises
    UnreadableFile with a message for the officer."""
    rows = _xlsx_rows(upload) if upload.name.lower().endswith(".xlsx") else _csv_rows(upload)
    deadline = time.monotonic() + READ_SECONDS
    header = next(rows, None)
    if not header or all(value in (None, "") for value in header):
        raise UnreadableFile(_("The file is empty: the first row must hold the template's column names."))
    keys = [str(h or "").strip().lower() for h in header]
    unknown = [k for k in keys if k and k not in COLUMNS]
    if unknown:
        raise UnreadableFile(
            _("Unknown columns: %(columns)s. Use the column names of the template.") % {"columns": ", ".join(unknown)}
        )
    result = []
    for number, values in enumerate(rows, start=2):
        if number > MAX_SCANNED_ROWS:
            raise UnreadableFile(
                _(
                    "The sheet goes on below row %(max)s (empty rows count too): keep at most %(rows)s IKM rows at "
                    "the top and delete the rows below them."
                )
                % {"max": number_format(MAX_SCANNED_ROWS, force_grouping=True), "rows": MAX_ROWS}
            )
        if time.monotonic() > deadline:
            raise UnreadableFile(_("Reading the file took too long: split it into smaller files."))
        if all(v in (None, "") for v in values):
            continue
        result.append((number, dict(zip(keys, values, strict=False))))
        if len(result) > MAX_ROWS:
            raise UnreadableFile(
                _("The file has more than %(rows)s IKM rows: split it into smaller files.") % {"rows": MAX_ROWS}
            )
    return result


def _xlsx_rows(upload):
    from openpyxl import load_workbook  # imported when used, as in curation/minutes.py

    def unreadable():
        return UnreadableFile(_("This XLSX file cannot be read: save it again from Excel or LibreOffice."))

    try:
        with zipfile.ZipFile(upload) as archive:
            parts = archive.infolist()
        upload.seek(0)
    except Exception as error:  # not a zip archive at all
        raise unreadable() from error
    # Checked before anything is parsed: openpyxl reads every cell of a row however many columns it has, and
    # loads the styles and shared strings whole.
    too_large = [(sum(info.file_size for info in parts), MAX_UNPACKED_BYTES)] + [
        (info.file_size, part_limit(info.filename)) for info in parts
    ]
    for size, limit in too_large:
        if size > limit:
            raise UnreadableFile(
                _("This XLSX file unpacks to %(size)s; the limit is %(limit)s.")
                % {"size": filesizeformat(size), "limit": filesizeformat(limit)}
            )
    try:
        # defusedxml (installed with the requirements) makes openpyxl refuse XML entities: a sheet that defines an
        # entity and repeats it millions of times would otherwise expand to gigabytes in memory.
        workbook = load_workbook(upload, read_only=True, data_only=True)
        rows = workbook.worksheets[0].iter_rows(max_row=MAX_SCANNED_ROWS + 1, max_col=MAX_COLUMNS, values_only=True)
    except Exception as error:  # openpyxl raises many kinds for a broken file
        raise unreadable() from error
    try:
        yield from _guarded(rows, unreadable)
    finally:
        workbook.close()


def _csv_rows(upload):
    try:
        text = upload.read().decode("utf-8-sig")
    except UnicodeDecodeError:
        text = None
    if text is None or "\x00" in text:  # not text, or UTF-16 ("Unicode text" in Excel)
        raise UnreadableFile(_("This is not a CSV file in UTF-8 text: in Excel, save the sheet as “CSV UTF-8”."))
    header_line = text.lstrip("\r\n").partition("\n")[0]
    delimiter = max(",;\t", key=header_line.count)  # the column names hold none of them
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    yield from _guarded(
        reader,
        lambda: UnreadableFile(
            _("This CSV file cannot be read at line %(line)s: a cell is too long or a quotation mark is not closed.")
            % {"line": reader.line_num}
        ),
    )


def _guarded(rows, unreadable):
    """The rows of a reader, with any error raised while reading them turned into `unreadable()`."""
    while True:
        try:
            values = next(rows)
        except StopIteration:
            return
        except Exception as error:  # openpyxl and csv raise many kinds for a broken file
            raise unreadable() from error
        yield values


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
        label = _cell(row.get("nama_usaha")) or _cell(row.get("nib")) or f"#{number}"
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
