"""Exports open as valid spreadsheets with Indonesian headers and are scoped like the pages;
statistics are scoped per role; the audit trail is browsable by admins only."""

import csv
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from nominations import services
from tests.factories import NominationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def two_provinces(award_round, officer, other_officer, admin_user):
    from accounts.models import Regency
    from tests.factories import OfficerFactory

    bandung = OfficerFactory(username="officer_bandung", regency=Regency.objects.get(code="32.73"))
    sleman = NominationFactory(
        round=award_round, regency=officer.regency, created_by=officer, business_name="Sleman Satu", with_photo=True
    )
    bantul = NominationFactory(
        round=award_round,
        regency=other_officer.regency,
        created_by=other_officer,
        business_name="Bantul Dua",
        with_photo=True,
    )
    jabar = NominationFactory(
        round=award_round, regency=bandung.regency, created_by=bandung, business_name="Bandung Tiga", with_photo=True
    )
    for nomination, by in [(sleman, officer), (bantul, other_officer), (jabar, bandung)]:
        services.submit_nomination(nomination, by=by)
    return award_round


def download_xlsx(client, dataset, award_round):
    response = client.get(reverse("reports:export", args=[dataset, "xlsx"]), {"round": award_round.pk})
    assert response.status_code == 200
    workbook = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    return [list(row) for row in workbook.active.iter_rows(values_only=True)]


def download_csv(client, dataset, award_round):
    response = client.get(reverse("reports:export", args=[dataset, "csv"]), {"round": award_round.pk})
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    return list(csv.reader(io.StringIO(text)))


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


def test_unknown_export_is_404_and_anonymous_is_sent_to_login(client, two_provinces, admin_user):
    assert client.get(reverse("reports:export", args=["nominations", "csv"])).status_code == 302
    client.force_login(admin_user)
    assert client.get(reverse("reports:export", args=["passwords", "csv"])).status_code == 404


def test_statistics_are_scoped_per_role(client, two_provinces, admin_user, team_member, officer):
    for user, expected in [(admin_user, 3), (team_member, 2), (officer, 1)]:
        client.force_login(user)
        response = client.get(reverse("reports:statistics"), {"round": two_provinces.pk})
        assert response.context["total"] == expected


def test_audit_trail_browsable_and_filterable_by_admins_only(client, two_provinces, admin_user, officer):
    client.force_login(admin_user)
    page = client.get(reverse("audit:list"), {"action": "nomination.submitted"})
    assert page.context["page"].paginator.count == 3
    assert client.get(reverse("audit:list"), {"actor": "officer_bandung"}).context["page"].paginator.count == 1
    client.force_login(officer)
    assert client.get(reverse("audit:list")).status_code == 403


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
