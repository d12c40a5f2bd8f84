"""The exports of reports/exports.py: valid spreadsheets with Indonesian headers, scoped like the pages, and no formula
handed to a spreadsheet: text starting with = + - @ tab or carriage return leaves every CSV with a leading single
quote (OWASP's rule), the XLSX writes text as inline strings, and numbers stay numbers."""

import csv
import io
import zipfile
from datetime import date
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from accounts.models import Province, Regency
from awards import services as awards
from awards.models import AwardLevel, CohortMembership, Decision, Exhibition
from curation.models import ScoreSheet
from nominations import services
from nominations.models import AwardRound, CommodityType, Nomination
from reports.exports import DATASETS, FORMULA_TRIGGERS, csv_response
from reports.xlsx_stream import stream_xlsx
from tests.awards.conftest import decision_round  # noqa: F401 - the fixture
from tests.curation.conftest import curation_round  # noqa: F401 - the fixture
from tests.factories import AdminCheckFactory, NominationFactory, RequirementFactory
from tests.reports.conftest import download_csv, download_xlsx

pytestmark = pytest.mark.django_db

# One hostile value per trigger, short enough for every column (NIB holds 13 characters).
HOSTILE = ['=HYPERLINK("http://x.test","klik")', "+1+1", "-2+3", "@SUM(1+1)", "\t=1+1", "\r=1+1"]


def hostile(index):
    return HOSTILE[index % len(HOSTILE)]


# Every column of each export whose cells come from what someone typed (names, notes, places, codes).
USER_TEXT_COLUMNS = {
    "nominations": [
        "Putaran",
        "Provinsi",
        "Kabupaten/Kota",
        "NIB",
        "Nama usaha",
        "Nama pemilik",
        "Bentuk usaha",
        "Jenis komoditas",
        "Nama produk",
        "Satuan kapasitas",
        "Jangkauan pemasaran",
        "Negara tujuan ekspor",
    ],
    "sheets": ["Putaran", "Provinsi", "Kabupaten/Kota", "Nominasi", "Penilai", "Komentar", "Konflik kepentingan"],
    "ranking": ["Provinsi", "Kabupaten/Kota", "NIB", "Nama usaha", "Nama produk", "Jenis komoditas"],
    "decisions": ["Jenis komoditas", "Provinsi", "Kabupaten/Kota", "NIB", "Nama usaha", "Nama produk", "Alasan"],
    "register": [
        "NIB",
        "Nama usaha",
        "Bintang saat ini",
        "Putaran",
        "Provinsi",
        "Kabupaten/Kota",
        "Jenis komoditas",
        "Nama produk",
    ],
    "cohort": [
        "Putaran",
        "Provinsi",
        "Kabupaten/Kota",
        "Nama usaha",
        "Nama produk",
        "Status rencana ekspor",
        "Negara target",
        "Pameran internasional",
        "Rujukan pembiayaan ekspor",
        "Mentor",
    ],
}


@pytest.fixture
def hostile_round(decision_round, admin_user, chair, team_member, officer, other_officer):
    """The decision round published, its winner in Go Global, then every text the exports read made hostile."""
    award_round, first, second, third = decision_round
    top = award_round.award_levels.get(rank=1)
    for nomination in (first, second):
        awards.decide(nomination, level=top, reason="Baik", by=admin_user)
    awards.publish_results(award_round, by=admin_user)
    membership = awards.promote(first, by=admin_user)
    Exhibition.objects.create(
        membership=membership, name=hostile(0), place=hostile(1), starts=date(2030, 3, 1), ends=date(2030, 3, 4)
    )
    CohortMembership.objects.filter(pk=membership.pk).update(
        export_plan_status=hostile(2)[:20], target_markets=hostile(3), financing_referral=hostile(4), mentor=hostile(5)
    )
    AwardRound.objects.filter(pk=award_round.pk).update(name=hostile(1))
    Province.objects.filter(pk=chair.province_id).update(name=hostile(2))
    Regency.objects.filter(pk__in=[officer.regency_id, other_officer.regency_id]).update(name=hostile(3))
    CommodityType.objects.filter(pk=first.commodity_id).update(name_id=hostile(4))
    AwardLevel.objects.filter(pk=top.pk).update(name_id=hostile(5))
    for index, nomination in enumerate((first, second, third)):
        Nomination.objects.filter(pk=nomination.pk).update(
            nib=hostile(index)[:13],
            business_name=hostile(index + 1),
            owner_name=hostile(index + 2),
            legal_form=hostile(index + 3)[:20],
            product_name=hostile(index + 4),
            capacity_unit=hostile(index + 5),
            marketing_reach=hostile(index)[:20],
            export_destinations=hostile(index + 1),
            commodity=first.commodity,
        )
    ScoreSheet.objects.filter(nomination__round=award_round).update(comment=hostile(0), conflict_reason=hostile(3))
    Decision.objects.filter(nomination__round=award_round).update(reason=hostile(4))
    type(chair).objects.filter(pk__in=[chair.pk, team_member.pk]).update(first_name=hostile(5), last_name="Sutrisno")
    return award_round


def csv_rows(response):
    assert response.status_code == 200
    return list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"), newline="")))


def is_number(text):
    try:
        Decimal(text)
    except ArithmeticError:
        return False
    return True


EXPORTS = sorted(DATASETS) + ["nominations of every round"]


def test_every_dataset_is_walked():
    assert set(USER_TEXT_COLUMNS) == set(DATASETS)


@pytest.mark.parametrize("export", EXPORTS)
def test_csv_export_neutralises_formulas_in_every_text_column(client, hostile_round, admin_user, export):
    dataset, query = (export, {"round": hostile_round.pk}) if export in DATASETS else ("nominations", {"round": "all"})
    client.force_login(admin_user)
    header, *body = csv_rows(client.get(reverse("reports:export", args=[dataset, "csv"]), query))
    assert body, "the export must have rows to check"
    for row in body:
        for name, cell in zip(header, row, strict=False):
            assert not cell.startswith(FORMULA_TRIGGERS) or is_number(cell), (
                f"{export}: {name} = {cell!r} would run as a formula"
            )
        for name in USER_TEXT_COLUMNS[dataset]:
            cell = row[header.index(name)]
            assert cell.startswith("'") and cell[1:].startswith(FORMULA_TRIGGERS), (
                f"{export}: {name} = {cell!r} is not the hostile text, quoted"
            )


@pytest.mark.parametrize("dataset", sorted(DATASETS))
def test_xlsx_export_writes_hostile_text_as_inline_strings_never_formulas(client, hostile_round, admin_user, dataset):
    client.force_login(admin_user)
    response = client.get(reverse("reports:export", args=[dataset, "xlsx"]), {"round": hostile_round.pk})
    data = b"".join(response.streaming_content)
    assert b"<f>" not in zipfile.ZipFile(io.BytesIO(data)).read("xl/worksheets/sheet1.xml")
    sheet = load_workbook(io.BytesIO(data)).active
    header = [cell.value for cell in sheet[1]]
    for row in sheet.iter_rows(min_row=2):
        for name in USER_TEXT_COLUMNS[dataset]:
            cell = row[header.index(name)]
            assert cell.data_type == "s" and cell.value.lstrip()[0] in "=+-@", f"{dataset}: {name} = {cell.value!r}"


def test_csv_keeps_real_numbers_as_they_are_and_quotes_text_that_looks_like_one():
    rows = [[-5, Decimal("-1.50"), -2.5, 0, "-5", "+62 812", "Tenun - Bantul", "a=b"]]
    header, row = csv_rows(csv_response(["a", "b", "c", "d", "e", "f", "g", "h"], iter(rows), "x"))
    assert row == ["-5", "-1.50", "-2.5", "0", "'-5", "'+62 812", "Tenun - Bantul", "a=b"]


def test_xlsx_stream_writes_text_as_inline_strings_and_numbers_as_numbers():
    rows = [[HOSTILE[0], "+1+1", "@SUM(1+1)", "-2+3", -5, Decimal("-1.5")]]
    data = b"".join(stream_xlsx(["A", "B", "C", "D", "E", "F"], iter(rows), "x"))
    xml = zipfile.ZipFile(io.BytesIO(data)).read("xl/worksheets/sheet1.xml").decode()
    assert "<f>" not in xml and xml.count('t="inlineStr"') == 6 + 4  # the header row and the four texts
    cells = list(load_workbook(io.BytesIO(data)).active.iter_rows(min_row=2))[0]
    assert [(cell.value, cell.data_type) for cell in cells] == [
        (HOSTILE[0], "s"),
        ("+1+1", "s"),
        ("@SUM(1+1)", "s"),
        ("-2+3", "s"),
        (-5, "n"),
        (-1.5, "n"),
    ]


def test_import_template_writes_a_commodity_named_like_a_formula_as_text_and_numbers_as_numbers(
    client, officer, award_round
):
    CommodityType.objects.filter(code="kain-tenun").update(name_id=HOSTILE[0])
    client.force_login(officer)
    data = client.get(reverse("nominations:import_template")).content
    archive = zipfile.ZipFile(io.BytesIO(data))
    assert not any(b"<f>" in archive.read(name) for name in archive.namelist() if name.startswith("xl/worksheets/"))
    workbook = load_workbook(io.BytesIO(data))
    cell = next(row[2] for row in workbook["kode"].iter_rows() if row[1].value == "kain-tenun")
    assert (cell.value, cell.data_type) == (HOSTILE[0], "s")
    header, example = workbook["nominasi"].iter_rows(max_row=2)
    year = example[[c.value for c in header].index("tahun_berdiri")]
    assert (year.value, year.data_type) == (2012, "n")  # the example's numbers stay numbers


def test_admin_exports_every_nomination_as_valid_xlsx_with_typed_cells(client, two_provinces, admin_user):
    client.force_login(admin_user)
    rows = download_xlsx(client, "nominations", two_provinces)
    header, body = rows[0], rows[1:]
    assert header[:5] == ["Putaran", "Provinsi", "Kabupaten/Kota", "NIB", "Nama usaha"]
    assert sorted(r[4] for r in body) == ["Bandung Tiga", "Bantul Dua", "Sleman Satu"]
    turnover = body[0][header.index("Omzet per tahun (Rp)")]
    assert turnover == 850_000_000 and isinstance(turnover, int)
    submitted = body[0][header.index("Diajukan pada")]
    from datetime import datetime

    assert isinstance(submitted, datetime)  # a real date cell, not text


def test_team_export_covers_only_its_province(client, two_provinces, team_member):
    client.force_login(team_member)
    names = sorted(r[4] for r in download_csv(client, "nominations", two_provinces)[1:])
    assert names == ["Bantul Dua", "Sleman Satu"]


def test_officer_export_covers_only_its_regency(client, two_provinces, officer):
    client.force_login(officer)
    names = [r[4] for r in download_csv(client, "nominations", two_provinces)[1:]]
    assert names == ["Sleman Satu"]


def test_nominations_of_every_round_export_for_admins(client, two_provinces, admin_user, officer):
    from tests.factories import AwardRoundFactory

    older = AwardRoundFactory(status="closed")
    NominationFactory(round=older, regency=officer.regency, created_by=officer, business_name="Tahun Lalu")
    client.force_login(admin_user)
    response = client.get(reverse("reports:export", args=["nominations", "csv"]), {"round": "all"})
    names = sorted(
        r[4] for r in list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))[1:]
    )
    assert names == ["Bandung Tiga", "Bantul Dua", "Sleman Satu", "Tahun Lalu"]
    client.force_login(officer)
    response = client.get(reverse("reports:export", args=["nominations", "csv"]), {"round": "all"})
    names = sorted(
        r[4] for r in list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))[1:]
    )
    assert names == ["Sleman Satu", "Tahun Lalu"]


def download_nominations(client, award_round):
    """The nominations CSV of a round, read to its end, and the number of SQL queries that took."""
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("reports:export", args=["nominations", "csv"]), {"round": award_round.pk})
        text = b"".join(response.streaming_content).decode("utf-8-sig")
    return list(csv.reader(io.StringIO(text))), len(queries)


def test_every_column_of_the_nominations_export_has_its_own_value(client, award_round, officer, admin_user):
    """A complete nomination fills every column, each with the value of its header (one list of columns: a
    header cannot slip against its field)."""
    nomination = NominationFactory(
        round=award_round,
        regency=officer.regency,
        created_by=officer,
        export_destinations="Jepang, Belanda",
        with_photo=True,
    )
    services.submit_nomination(nomination, by=officer)
    check = AdminCheckFactory(nomination=nomination, passed=False, reason="SK sentra belum ada.")
    check.failed.set(
        [
            RequirementFactory(round=award_round, name_id="SK sentra IKM"),
            RequirementFactory(round=award_round, name_id="Sertifikat halal"),
        ]
    )
    client.force_login(admin_user)
    (header, row), _queries = download_nominations(client, award_round)
    assert len(header) == len(row) == len(set(header))
    assert [h for h, value in zip(header, row, strict=True) if value == ""] == []
    cells = dict(zip(header, row, strict=True))
    assert cells["Putaran"] == award_round.name
    assert (cells["Provinsi"], cells["Kabupaten/Kota"]) == ("Daerah Istimewa Yogyakarta", "Kabupaten Sleman")
    assert (cells["NIB"], cells["Nama usaha"], cells["Nama pemilik"]) == (
        nomination.nib,
        nomination.business_name,
        "Siti Aminah",
    )
    assert (cells["Bentuk usaha"], cells["Jenis komoditas"], cells["Status"]) == ("CV", "Kain tenun", "Diajukan")
    assert (cells["Tahun berdiri"], cells["Tenaga kerja perempuan"], cells["Tenaga kerja laki-laki"]) == (
        "2012",
        "12",
        "4",
    )
    assert (cells["Kapasitas produksi per tahun"], cells["Satuan kapasitas"]) == ("2400.00", "lembar")
    assert (cells["Omzet per tahun (Rp)"], cells["Jangkauan pemasaran"]) == ("850000000", "Nasional")
    assert cells["Negara tujuan ekspor"] == "Jepang, Belanda"
    assert (cells["Harga terendah (Rp)"], cells["Harga tertinggi (Rp)"]) == ("350000", "2500000")
    assert cells["Diajukan pada"].startswith(str(timezone.localdate()))
    assert (cells["Seleksi administrasi"], cells["Alasan seleksi administrasi"]) == (
        "Tidak lolos",
        "SK sentra belum ada.",
    )
    assert sorted(cells["Persyaratan tidak dipenuhi"].split("; ")) == ["SK sentra IKM", "Sertifikat halal"]


def test_the_nominations_export_makes_as_many_queries_for_thirty_rows_as_for_three(
    client, award_round, officer, admin_user
):
    """Each column's field is loaded with the rows (`only()` and `select_related()` come from the same list of
    columns): no column costs a query per row."""
    client.force_login(admin_user)
    counts = []
    for total in (3, 30):
        while Nomination.objects.filter(round=award_round).count() < total:
            NominationFactory(round=award_round, regency=officer.regency, created_by=officer)
        rows, queries = download_nominations(client, award_round)
        assert len(rows) == total + 1
        counts.append(queries)
    assert counts[0] == counts[1]
