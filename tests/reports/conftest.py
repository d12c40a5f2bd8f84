"""Fixtures of the reports tests: three submitted nominations in two provinces, and the exports they download."""

import csv
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from nominations import services
from tests.factories import NominationFactory


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
