"""The spreadsheet import (nominations/imports.py, through its page): template, per-row report, the same checks as
the form."""

import csv
import io
import re
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from nominations import imports
from nominations.imports import COLUMNS, EXAMPLE
from nominations.models import Nomination, NominationStatus

pytestmark = pytest.mark.django_db


def xlsx_upload(rows, name="ikm.xlsx"):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(list(COLUMNS))
    for row in rows:
        sheet.append([row.get(key) for key in COLUMNS])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return SimpleUploadedFile(name, buffer.getvalue())


def test_template_downloads_as_xlsx_with_every_column(client, officer, award_round):
    client.force_login(officer)
    response = client.get(reverse("nominations:import_template"))
    assert response.status_code == 200
    workbook = load_workbook(io.BytesIO(response.content))
    header = [cell.value for cell in workbook.worksheets[0][1]]
    assert header == list(COLUMNS)
    assert "kain-tenun" in [row[1] for row in workbook["kode"].iter_rows(values_only=True)]


def test_import_creates_drafts_and_reports_refused_rows(client, officer, award_round):
    good = dict(EXAMPLE)
    second = dict(
        EXAMPLE,
        nib="3210987654321",
        nama_usaha="Batik Tulis Giriloyo",
        jenis_komoditas="Kain batik",
        bentuk_usaha="Koperasi",
    )
    bad_nib = dict(EXAMPLE, nib="12AB", nama_usaha="NIB Salah")
    duplicate = dict(EXAMPLE, nama_usaha="Duplikat")  # same NIB as the first row
    bad_commodity = dict(EXAMPLE, nib="1111111111111", nama_usaha="Komoditas Asing", jenis_komoditas="mobil listrik")
    client.force_login(officer)
    response = client.post(
        reverse("nominations:import"), {"file": xlsx_upload([good, second, bad_nib, duplicate, bad_commodity])}
    )
    assert response.status_code == 200
    results = response.context["results"]
    assert [(r.row, r.created) for r in results] == [(2, True), (3, True), (4, False), (5, False), (6, False)]
    assert "13 digit" in " ".join(results[2].errors)
    assert "sudah memiliki nominasi" in " ".join(results[3].errors)
    assert results[4].errors == [
        "Jenis komoditas “mobil listrik” tidak dikenal atau tidak dibuka: gunakan kode dari lembar “kode” pada templat."
    ]
    drafts = Nomination.objects.filter(regency=officer.regency, round=award_round)
    assert drafts.count() == 2 and set(drafts.values_list("status", flat=True)) == {NominationStatus.DRAFT}
    batik = drafts.get(nib="3210987654321")
    assert batik.commodity.code == "kain-batik" and batik.legal_form == "cooperative" and batik.year_founded == 2012
    html = response.content.decode()
    assert "NIB Salah" in html and "Ditolak" in html


def test_import_reads_csv_with_semicolons(client, officer, award_round):
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";")
    writer.writerow(list(COLUMNS))
    writer.writerow([EXAMPLE.get(key, "") for key in COLUMNS])
    client.force_login(officer)
    upload = SimpleUploadedFile("ikm.csv", buffer.getvalue().encode("utf-8-sig"))
    response = client.post(reverse("nominations:import"), {"file": upload})
    assert [r.created for r in response.context["results"]] == [True]


def test_import_refuses_unknown_columns_and_other_file_types(client, officer, award_round):
    client.force_login(officer)
    response = client.post(
        reverse("nominations:import"), {"file": SimpleUploadedFile("ikm.csv", b"nib,warna\n1,merah\n")}
    )
    assert "warna" in response.content.decode() and not Nomination.objects.exists()
    response = client.post(reverse("nominations:import"), {"file": SimpleUploadedFile("ikm.exe", b"MZ")})
    assert "Unggah berkas .xlsx atau .csv." in response.content.decode()
    response = client.post(reverse("nominations:import"), {"file": SimpleUploadedFile("ikm.xlsx", b"not a zip")})
    assert "tidak dapat dibaca" in response.content.decode()


def test_team_member_cannot_import(client, team_member, award_round):
    client.force_login(team_member)
    assert client.get(reverse("nominations:import")).status_code == 403


def xlsx_with_only_row(number):
    """An XLSX of the template's header and one IKM row, moved down to row `number` (openpyxl itself stops at
    Excel's 1,048,576 rows, so the sheet's XML is rewritten, as a hostile file would be)."""
    source = zipfile.ZipFile(xlsx_upload([EXAMPLE]))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name in source.namelist():
            data = source.read(name)
            if name == "xl/worksheets/sheet1.xml":
                data = re.sub(rb'r="([A-Z]+)2"', rb'r="\g<1>%d"' % number, data).replace(
                    b'<row r="2"', b'<row r="%d"' % number
                )
                data = re.sub(rb'<dimension ref="A1:([A-Z]+)2"', rb'<dimension ref="A1:\g<1>%d"' % number, data)
            archive.writestr(name, data)
    return SimpleUploadedFile("ikm.xlsx", buffer.getvalue())


@pytest.fixture
def rows_read(monkeypatch):
    """Counts the rows openpyxl hands out (empty ones included), and stops a reader that goes far beyond the bound."""
    from openpyxl.worksheet._read_only import ReadOnlyWorksheet

    counted = {"rows": 0}
    iter_rows = ReadOnlyWorksheet.iter_rows

    def counting(self, *args, **kwargs):
        for row in iter_rows(self, *args, **kwargs):
            counted["rows"] += 1
            assert counted["rows"] <= 10 * imports.MAX_SCANNED_ROWS, "the import reads the sheet without a bound"
            yield row

    monkeypatch.setattr(ReadOnlyWorksheet, "iter_rows", counting)
    return counted


def test_xlsx_whose_only_row_is_row_30_000_000_is_refused_after_a_bounded_scan(client, officer, award_round, rows_read):
    upload = xlsx_with_only_row(30_000_000)
    assert upload.size < 8 * 1024
    client.force_login(officer)
    response = client.post(reverse("nominations:import"), {"file": upload})
    assert response.status_code == 200 and response.context["results"] is None
    assert rows_read["rows"] <= imports.MAX_SCANNED_ROWS + 1
    assert "Lembar kerja berlanjut di bawah baris 1.000 (baris kosong juga dihitung)" in response.content.decode()
    assert not Nomination.objects.exists()


def test_xlsx_rows_separated_by_empty_rows_keep_their_sheet_row_numbers(client, officer, award_round):
    client.force_login(officer)
    response = client.post(reverse("nominations:import"), {"file": xlsx_with_only_row(900)})
    assert [(r.row, r.created) for r in response.context["results"]] == [(900, True)]


def test_xlsx_that_unpacks_beyond_the_limit_is_refused(client, officer, award_round):
    buffer = io.BytesIO(xlsx_upload([EXAMPLE]).read())
    with zipfile.ZipFile(buffer, "a", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/media/padding.bin", b"\0" * (imports.MAX_UNPACKED_BYTES + 1))
    assert len(buffer.getvalue()) < 100 * 1024
    client.force_login(officer)
    response = client.post(reverse("nominations:import"), {"file": SimpleUploadedFile("ikm.xlsx", buffer.getvalue())})
    assert "Berkas XLSX ini berukuran 20,0\xa0MB setelah dibuka; batasnya 20,0\xa0MB." in response.content.decode()
    assert not Nomination.objects.exists()


def test_reading_stops_at_the_time_limit(client, officer, award_round, monkeypatch):
    monkeypatch.setattr(imports, "READ_SECONDS", -1)
    client.force_login(officer)
    response = client.post(reverse("nominations:import"), {"file": xlsx_upload([EXAMPLE])})
    assert "Membaca berkas terlalu lama" in response.content.decode() and not Nomination.objects.exists()


HEADER = ",".join(COLUMNS).encode()


@pytest.mark.parametrize(
    "content, message",
    [
        (b"", "Berkas yang dikirimkan kosong."),  # Django's own check
        (b"\n\n,,,\n", "Berkas kosong: baris pertama harus berisi nama kolom templat."),
        (b"warna\nmerah\n", "Kolom tidak dikenal: warna. Gunakan nama kolom templat."),
        (bytes(range(256)) * 8, "Ini bukan berkas CSV berupa teks UTF-8"),
        (b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR", "Ini bukan berkas CSV berupa teks UTF-8"),
        ("nib;nama_usaha\n1234567890123;Tenun\n".encode("utf-16"), "Ini bukan berkas CSV berupa teks UTF-8"),
        (
            b'nib,nama_usaha\n1234567890123,"' + b"x" * 200_000 + b'"\n',
            "Berkas CSV ini tidak dapat dibaca pada baris 2",
        ),
        (HEADER + b"\n" * 2000 + b"1234567890123\n", "Lembar kerja berlanjut di bawah baris 1.000"),
        (
            HEADER + ("\n" + ",".join(str(EXAMPLE[key]) for key in COLUMNS)).encode() * (imports.MAX_ROWS + 1),
            "Berkas berisi lebih dari 500 baris IKM",
        ),
    ],
    ids=["empty", "blank", "one-unknown-column", "binary", "png", "utf-16", "huge-cell", "empty-rows", "too-many-rows"],
)
def test_unreadable_csv_gets_a_message_on_the_page(client, officer, award_round, content, message):
    client.force_login(officer)
    response = client.post(reverse("nominations:import"), {"file": SimpleUploadedFile("ikm.csv", content)})
    assert response.status_code == 200 and response.context["results"] is None
    assert message in response.content.decode()
    assert not Nomination.objects.exists()


def test_csv_with_a_single_known_column_imports_drafts(client, officer, award_round):
    client.force_login(officer)
    response = client.post(
        reverse("nominations:import"), {"file": SimpleUploadedFile("ikm.csv", b"nib\n1234567890123\n")}
    )
    assert [(r.row, r.created) for r in response.context["results"]] == [(2, True)]


def xlsx_with_part(part, content):
    """The template-shaped upload with one part of the archive replaced."""
    original = zipfile.ZipFile(io.BytesIO(xlsx_upload([EXAMPLE]).read()))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for info in original.infolist():
            archive.writestr(info.filename, content if info.filename == part else original.read(info.filename))
    return SimpleUploadedFile("ikm.xlsx", buffer.getvalue())


@pytest.mark.parametrize("part, limit", [("xl/worksheets/sheet1.xml", "4,0\xa0MB"), ("xl/styles.xml", "1,0\xa0MB")])
def test_an_oversized_part_is_refused_before_it_is_parsed(client, officer, award_round, part, limit):
    """A 15 MB styles part took 22 s to load and 4.9 million empty cells in one row 11 s (the second review)."""
    content = b'<?xml version="1.0"?><x>' + b"<y/>" * (5 * 1024 * 1024 // 4) + b"</x>"
    client.force_login(officer)
    response = client.post(reverse("nominations:import"), {"file": xlsx_with_part(part, content)})
    assert f"batasnya {limit}." in response.content.decode() and not Nomination.objects.exists()


def test_xml_entities_are_refused_not_expanded(client, officer, award_round):
    """An entity repeated millions of times expanded to gigabytes in memory before defusedxml."""
    sheet = (
        b'<?xml version="1.0"?><!DOCTYPE w [<!ENTITY x "' + b"A" * 250 + b'">]>'
        b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
        b'<row r="1"><c r="A1" t="inlineStr"><is><t>nama_usaha</t></is></c></row>'
        b'<row r="2"><c r="A2" t="inlineStr"><is><t>' + b"&x;" * 1000 + b"</t></is></c></row></sheetData></worksheet>"
    )
    client.force_login(officer)
    response = client.post(reverse("nominations:import"), {"file": xlsx_with_part("xl/worksheets/sheet1.xml", sheet)})
    assert "Berkas XLSX ini tidak dapat dibaca" in response.content.decode() and not Nomination.objects.exists()
