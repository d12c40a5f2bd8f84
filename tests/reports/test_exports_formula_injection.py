"""No export hands a spreadsheet a formula: text starting with = + - @ tab or carriage return leaves every CSV
with a leading single quote (OWASP's rule), the XLSX writes text as inline strings, and numbers stay numbers."""

import csv
import io
import zipfile
from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from accounts.models import Province, Regency
from awards import services as awards
from awards.models import CohortMembership, Exhibition
from curation.models import ScoreSheet
from nominations.models import AwardRound, CommodityType, Nomination
from reports.exports import DATASETS, FORMULA_TRIGGERS, csv_response
from reports.xlsx_stream import stream_xlsx
from tests.awards.conftest import decision_round  # noqa: F401 - the fixture
from tests.curation.conftest import curation_round  # noqa: F401 - the fixture

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
    "sheets": ["Putaran", "Provinsi", "Kabupaten/Kota", "Nominasi", "Anggota tim", "Komentar", "Konflik kepentingan"],
    "ranking": ["Provinsi", "Kabupaten/Kota", "NIB", "Nama usaha", "Nama produk", "Jenis komoditas"],
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
