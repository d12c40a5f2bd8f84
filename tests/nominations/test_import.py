"""The spreadsheet import: template, per-row report, the same checks as the form."""
import csv
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook, load_workbook

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
    second = dict(EXAMPLE, nib="3210987654321", nama_usaha="Batik Tulis Giriloyo", jenis_komoditas="Kain batik", bentuk_usaha="Koperasi")
    bad_nib = dict(EXAMPLE, nib="12AB", nama_usaha="NIB Salah")
    duplicate = dict(EXAMPLE, nama_usaha="Duplikat")  # same NIB as the first row
    bad_commodity = dict(EXAMPLE, nib="1111111111111", nama_usaha="Komoditas Asing", jenis_komoditas="mobil listrik")
    client.force_login(officer)
    response = client.post(reverse("nominations:import"), {"file": xlsx_upload([good, second, bad_nib, duplicate, bad_commodity])})
    assert response.status_code == 200
    results = response.context["results"]
    assert [(r.row, r.created) for r in results] == [(2, True), (3, True), (4, False), (5, False), (6, False)]
    assert "13 digit" in " ".join(results[2].errors)
    assert "sudah memiliki nominasi" in " ".join(results[3].errors)
    assert results[4].errors == ["Jenis komoditas “mobil listrik” tidak dikenal atau tidak dibuka: gunakan kode dari lembar “kode” pada templat."]
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
    response = client.post(reverse("nominations:import"), {"file": SimpleUploadedFile("ikm.csv", b"nib,warna\n1,merah\n")})
    assert "warna" in response.content.decode() and not Nomination.objects.exists()
    response = client.post(reverse("nominations:import"), {"file": SimpleUploadedFile("ikm.exe", b"MZ")})
    assert "Unggah berkas .xlsx atau .csv." in response.content.decode()
    response = client.post(reverse("nominations:import"), {"file": SimpleUploadedFile("ikm.xlsx", b"not a zip")})
    assert "tidak dapat dibaca" in response.content.decode()


def test_team_member_cannot_import(client, team_member, award_round):
    client.force_login(team_member)
    assert client.get(reverse("nominations:import")).status_code == 403
