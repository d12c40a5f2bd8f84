"""The XLSX export is written while it is sent: the first bytes leave before the rows are read, and the
file opens in openpyxl with typed cells, a bold frozen header and text that survives XML."""

import io
import zipfile
from datetime import date, datetime
from decimal import Decimal

from django.utils import timezone
from openpyxl import load_workbook

from reports.xlsx_stream import ROWS_PER_CHUNK, stream_xlsx


def test_first_bytes_are_sent_before_any_row_is_read_and_rows_follow_in_chunks():
    read = []

    def rows():
        for number in range(3 * ROWS_PER_CHUNK):
            read.append(number)
            yield [number, f"IKM {number}"]

    chunks = stream_xlsx(["No", "Nama usaha"], rows(), "nominasi")
    first = next(chunks)
    assert first.startswith(b"PK") and read == []
    next(chunks)
    assert 0 < len(read) < 3 * ROWS_PER_CHUNK
    b"".join(chunks)  # the rest of the file
    assert len(read) == 3 * ROWS_PER_CHUNK


def test_streamed_workbook_opens_with_typed_cells_bold_frozen_header_and_safe_text():
    submitted = timezone.make_aware(datetime(2024, 5, 17, 14, 30))
    rows = [
        [
            "Tenun <Ikat> & Songket",
            850_000_000,
            Decimal("82.35"),
            submitted,
            date(2024, 6, 1),
            None,
            "baris\x01kontrol",
        ],
        ["Kopi Arabika", 12, 3.5, None, None, "", "biasa"],
    ]
    data = b"".join(
        stream_xlsx(["Nama", "Omzet", "Nilai", "Diajukan", "Tanggal", "Kosong", "Catatan"], iter(rows), "Nominasi OVOP")
    )
    assert zipfile.ZipFile(io.BytesIO(data)).testzip() is None
    workbook = load_workbook(io.BytesIO(data))
    sheet = workbook.active
    assert sheet.title == "Nominasi OVOP"
    assert sheet.freeze_panes == "A2"
    assert sheet["A1"].font.b and not sheet["A2"].font.b
    values = [list(row) for row in sheet.iter_rows(values_only=True)]
    assert values[1][:3] == ["Tenun <Ikat> & Songket", 850_000_000, 82.35]
    assert values[1][3] == datetime(2024, 5, 17, 14, 30)  # local time as a real date cell
    assert sheet["D2"].number_format == "yyyy-mm-dd hh:mm"
    assert values[1][4] == datetime(2024, 6, 1) and sheet["E2"].number_format == "yyyy-mm-dd"
    assert values[1][5] is None and values[1][6] == "bariskontrol"
    assert values[2] == ["Kopi Arabika", 12, 3.5, None, None, None, "biasa"]
