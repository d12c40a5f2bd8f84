"""The invitations import (accounts/imports.py, through its page): template, per-row report, the same checks as the
invitation form, and no account twice when the same file comes again."""

import csv
import io

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from accounts.imports import COLUMNS, RowOutcome
from accounts.models import User

pytestmark = pytest.mark.django_db

ROWS = [
    {
        "nama_depan": "Wulan",
        "nama_belakang": "Sari",
        "email": "wulan@kulonprogokab.go.id",
        "peran": "officer",
        "kode_wilayah": "34.01",
    },
    {
        "nama_depan": "Rina",
        "email": "rina@jogjaprov.go.id",
        "peran": "Anggota tim seleksi provinsi",
        "kode_wilayah": "34",
    },
    {"nama_depan": "Ratna", "email": "ratna@gapmmi.id", "peran": "assessor", "organisasi": "GAPMMI", "bahasa": "EN"},
    {"nama_depan": "Salah", "email": "salah@example.test", "peran": "officer", "kode_wilayah": "99.99"},
    {"nama_depan": "Tanpa", "email": "bukan-email", "peran": "team_member", "kode_wilayah": "34"},
    {"nama_depan": "Peran", "email": "peran@example.test", "peran": "raja", "kode_wilayah": "34"},
]


def xlsx_upload(rows):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(list(COLUMNS))
    for row in rows:
        sheet.append([row.get(key) for key in COLUMNS])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return SimpleUploadedFile("pengguna.xlsx", buffer.getvalue())


def test_the_template_has_every_column_and_the_region_codes(client, admin_user):
    client.force_login(admin_user)
    response = client.get(reverse("accounts:user_import_template"))
    workbook = load_workbook(io.BytesIO(response.content))
    assert [cell.value for cell in workbook.worksheets[0][1]] == list(COLUMNS)
    codes = [row[1] for row in workbook["kode"].iter_rows(values_only=True)]
    assert {"officer", "team_member", "assessor", "34", "34.04"} <= set(codes) and "ministry_admin" not in codes


def test_good_rows_are_invited_and_bad_rows_say_why(client, admin_user, django_capture_on_commit_callbacks):
    client.force_login(admin_user)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("accounts:user_import"), {"file": xlsx_upload(ROWS)})
    results = response.context["results"]
    assert [(r.row, r.outcome) for r in results] == [
        (2, RowOutcome.INVITED),
        (3, RowOutcome.INVITED),
        (4, RowOutcome.INVITED),
        (5, RowOutcome.REFUSED),
        (6, RowOutcome.REFUSED),
        (7, RowOutcome.REFUSED),
    ]
    assert all(r.errors for r in results[3:])
    assert "regency" in " ".join(results[3].errors).lower() or "kabupaten" in " ".join(results[3].errors).lower()
    officer = User.objects.get(email="wulan@kulonprogokab.go.id")
    member = User.objects.get(email="rina@jogjaprov.go.id")
    assessor = User.objects.get(email="ratna@gapmmi.id")
    assert (officer.role, officer.regency_id) == ("officer", "34.01")
    assert (member.role, member.province_id) == ("team_member", "34")
    assert (assessor.organisation, assessor.language) == ("GAPMMI", "en")
    assert sorted(m.to[0] for m in mail.outbox) == sorted([officer.email, member.email, assessor.email])


def test_a_sheet_cannot_make_a_ministry_admin(client, admin_user):
    rows = [
        {"nama_depan": "Eve", "email": "eve@example.test", "peran": "ministry_admin"},
        {"nama_depan": "Eva", "email": "eva@example.test", "peran": "Admin kementerian"},
    ]
    client.force_login(admin_user)
    response = client.post(reverse("accounts:user_import"), {"file": xlsx_upload(rows)})
    assert [r.outcome for r in response.context["results"]] == [RowOutcome.REFUSED] * 2
    assert not User.objects.filter(email__in=["eve@example.test", "eva@example.test"]).exists()


def test_uploading_the_same_file_again_invites_nobody_twice(client, admin_user, django_capture_on_commit_callbacks):
    client.force_login(admin_user)
    client.post(reverse("accounts:user_import"), {"file": xlsx_upload(ROWS[:3])})
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("accounts:user_import"), {"file": xlsx_upload(ROWS[:3])})
    assert [r.outcome for r in response.context["results"]] == [RowOutcome.SKIPPED] * 3
    assert User.objects.filter(email__in=[row["email"] for row in ROWS[:3]]).count() == 3 and not mail.outbox


def test_a_csv_with_semicolons_is_read(client, admin_user):
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";")
    writer.writerow(list(COLUMNS))
    writer.writerow([ROWS[0].get(key, "") for key in COLUMNS])
    client.force_login(admin_user)
    upload = SimpleUploadedFile("pengguna.csv", buffer.getvalue().encode("utf-8-sig"))
    response = client.post(reverse("accounts:user_import"), {"file": upload})
    assert [r.outcome for r in response.context["results"]] == [RowOutcome.INVITED]


def test_an_unknown_column_is_refused_before_any_row(client, admin_user):
    client.force_login(admin_user)
    upload = SimpleUploadedFile("pengguna.csv", b"email;jabatan\nx@example.test;kepala\n")
    response = client.post(reverse("accounts:user_import"), {"file": upload})
    assert response.context["results"] is None and response.context["form"].errors["file"]
    assert not User.objects.filter(email="x@example.test").exists()
