"""The decisions export: the decision table as a spreadsheet, per commodity type with the national score, the
provincial mean, the recommended and the decided level; ministry admins only (decisions are not published)."""

import csv
import io

import pytest
from django.urls import reverse

from awards import services as awards
from tests.awards.conftest import assessor, national_round, other_assessor  # noqa: F401 - fixtures
from tests.curation.conftest import curation_round  # noqa: F401 - fixture

pytestmark = pytest.mark.django_db


def rows_of(response):
    assert response.status_code == 200
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    return list(csv.DictReader(io.StringIO(text, newline="")))


def test_admin_downloads_the_national_ranking_with_recommended_and_decided_levels(
    client,
    national_round,
    admin_user,  # noqa: F811
):
    award_round, nominations = national_round
    two = award_round.award_levels.get(name_id="Bintang 2")
    awards.decide(nominations["top"], level=two, reason="Kapasitas produksi belum cukup.", by=admin_user)
    client.force_login(admin_user)
    rows = rows_of(client.get(reverse("reports:export", args=["decisions", "csv"]), {"round": award_round.pk}))
    by_name = {row["Nama usaha"]: row for row in rows}
    assert [row["Nama usaha"] for row in rows] == ["Tenun Unggul", "Tenun Kedua", "Batik Biasa"]
    top = by_name["Tenun Unggul"]
    assert (top["Jenis komoditas"], top["Peringkat"], top["Nilai (dasar keputusan)"]) == ("Kain tenun", "1", "100.00")
    assert top["Rata-rata provinsi"].startswith("75")
    assert (top["Rekomendasi"], top["Keputusan"], top["Berbeda dari rekomendasi"]) == ("Bintang 3", "Bintang 2", "ya")
    assert top["Alasan"] == "Kapasitas produksi belum cukup."
    second = by_name["Tenun Kedua"]
    assert (second["Rekomendasi"], second["Keputusan"]) == ("Bintang 2", "Belum ada keputusan")
    batik = by_name["Batik Biasa"]
    assert (batik["Jenis komoditas"], batik["Peringkat"], batik["Rekomendasi"]) == (
        "Kain batik",
        "1",
        "Tidak mendapat penghargaan",
    )


@pytest.mark.parametrize("who", ["officer", "team_member", "chair", "assessor"])
def test_nobody_else_downloads_the_decisions(client, request, national_round, who):  # noqa: F811
    award_round, _nominations = national_round
    client.force_login(request.getfixturevalue(who))
    response = client.get(reverse("reports:export", args=["decisions", "xlsx"]), {"round": award_round.pk})
    assert response.status_code == 403
