"""Reading a spreadsheet upload (XLSX or CSV) row by row within fixed limits, and writing a template's rows.

Used by every import (nominations/imports.py, accounts/imports.py): each names its columns and how many rows a file
may hold, and gets (row number, {column: value}) pairs or an UnreadableFile with a message for the uploader.
"""

import csv
import io
import time
import zipfile
from dataclasses import dataclass
from decimal import Decimal

from django.template.defaultfilters import filesizeformat
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

# What reading a file may cost, whatever it holds: a sheet is read row by row, empty rows included (a sheet
# whose only row is row 30,000,000 would otherwise be read as thirty million empty rows), and the reading
# stops at the first of these limits with a message for the uploader.
MAX_COLUMNS = 60  # the templates have up to 24; a sheet's cells beyond this column are not read
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


@dataclass(frozen=True)
class SheetShape:
    """What one import reads: its columns (the template's header), at most `max_rows` rows of data (empty rows
    between them count towards twice as many), and the messages that name its rows ("IKM rows", ...)."""

    columns: tuple
    max_rows: int
    too_many_rows: str = gettext_lazy("The file has more than %(rows)s rows: split it into smaller files.")
    rows_below: str = gettext_lazy(
        "The sheet goes on below row %(max)s (empty rows count too): keep at most %(rows)s rows at the top and "
        "delete the rows below them."
    )

    @property
    def max_scanned_rows(self):
        return 2 * self.max_rows  # the header, the data rows and empty rows between them


def append_text_row(sheet, values):
    """Append a row whose text stays text: openpyxl stores a string starting with "=" as a formula, so a
    commodity named "=HYPERLINK(...)" would be a live formula in a template."""
    sheet.append(values)
    for cell in sheet[sheet.max_row]:
        if isinstance(cell.value, str):
            cell.data_type = "s"


class UnreadableFile(Exception):
    """The upload cannot be imported; the message says why, for the uploader."""


def read_rows(upload, shape, *, read_seconds=READ_SECONDS):
    """(row number, {header: value}) for each non-empty row of the upload, within the limits above and the shape's;
    raises UnreadableFile with a message for the uploader."""
    max_scanned = shape.max_scanned_rows
    rows = _xlsx_rows(upload, max_scanned) if upload.name.lower().endswith(".xlsx") else _csv_rows(upload)
    deadline = time.monotonic() + read_seconds
    header = next(rows, None)
    if not header or all(value in (None, "") for value in header):
        raise UnreadableFile(_("The file is empty: the first row must hold the template's column names."))
    keys = [str(h or "").strip().lower() for h in header]
    unknown = [k for k in keys if k and k not in shape.columns]
    if unknown:
        raise UnreadableFile(
            _("Unknown columns: %(columns)s. Use the column names of the template.") % {"columns": ", ".join(unknown)}
        )
    result = []
    for number, values in enumerate(rows, start=2):
        if number > max_scanned:
            raise UnreadableFile(
                str(shape.rows_below) % {"max": number_format(max_scanned, force_grouping=True), "rows": shape.max_rows}
            )
        if time.monotonic() > deadline:
            raise UnreadableFile(_("Reading the file took too long: split it into smaller files."))
        if all(v in (None, "") for v in values):
            continue
        result.append((number, dict(zip(keys, values, strict=False))))
        if len(result) > shape.max_rows:
            raise UnreadableFile(str(shape.too_many_rows) % {"rows": shape.max_rows})
    return result


def _xlsx_rows(upload, max_scanned):
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
        rows = workbook.worksheets[0].iter_rows(max_row=max_scanned + 1, max_col=MAX_COLUMNS, values_only=True)
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


def cell_text(value):
    """A cell's value as the text a form reads (a whole number without ".0")."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, Decimal):
        return format(value, "f")
    return str(value).strip()
