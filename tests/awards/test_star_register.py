"""The IKM OVOP star register: an IKM's stars are the awarded decisions of its nominations in published rounds, its
current star the one of its latest published decision ("not awarded" there: none). A decision of a round not yet
published never counts, on any page, for anyone."""

import csv
import io
import re
from datetime import timedelta

import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from accounts.models import Regency
from awards.selectors import attach_current_stars, star_register
from awards.services import seed_default_levels
from nominations.models import CommodityType, Nomination, NominationStatus, RoundStatus
from nominations.selectors import star_history
from reports.statistics import stars_by_year
from tests.factories import AwardRoundFactory, DecisionFactory, NominationFactory

pytestmark = pytest.mark.django_db

NIB_A, NIB_B, NIB_C, NIB_D = "9300000000001", "9300000000002", "9300000000003", "9300000000004"


def make_round(year, *, published):
    award_round = AwardRoundFactory(
        name=f"Penghargaan IKM OVOP {year}",
        year=year,
        status=RoundStatus.CLOSED if published else RoundStatus.CURATION,
        results_published_at=timezone.now() - timedelta(days=2100 - year) if published else None,
    )
    seed_default_levels(award_round)
    return award_round


def decided(award_round, nib, level_name, *, regency=None, commodity="kain-tenun", name=None):
    """A nomination of the IKM `nib` in the round, decided `level_name` (None: not awarded)."""
    published = award_round.results_published
    status = NominationStatus.LOCKED
    if published:
        status = NominationStatus.AWARDED if level_name else NominationStatus.NOT_AWARDED
    nomination = NominationFactory(
        round=award_round,
        nib=nib,
        regency=regency or Regency.objects.get(code="34.04"),
        status=status,
        submitted_at=timezone.now() - timedelta(days=30),
        commodity=CommodityType.objects.get(code=commodity),
        business_name=name or f"IKM {nib[-1]}",
    )
    level = award_round.award_levels.get(name_id=level_name) if level_name else None
    DecisionFactory(nomination=nomination, level=level)
    return nomination


@pytest.fixture
def stars(db):
    """A (Sleman): ★2 in 2022, ★3 in 2024, ★1 decided in 2026 (not published). B (Sleman): ★1 in 2022, not awarded
    in 2024. C (Jawa Barat, batik): ★2 in 2024. D (Sleman): ★3 decided in 2026 only (not published)."""
    r2022, r2024 = make_round(2022, published=True), make_round(2024, published=True)
    r2026 = make_round(2026, published=False)
    west_java = Regency.objects.filter(province__code="32").first()
    return {
        "rounds": (r2022, r2024, r2026),
        "a": [
            decided(r2022, NIB_A, "Bintang 2", name="Tenun Lestari"),
            decided(r2024, NIB_A, "Bintang 3", name="Tenun Lestari"),
            decided(r2026, NIB_A, "Bintang 1", name="Tenun Lestari"),
        ],
        "b": [decided(r2022, NIB_B, "Bintang 1"), decided(r2024, NIB_B, None)],
        "c": [decided(r2024, NIB_C, "Bintang 2", regency=west_java, commodity="kain-batik", name="Batik Priangan")],
        "d": [decided(r2026, NIB_D, "Bintang 3")],
    }


def english(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


# Selectors ------------------------------------------------------------------------------------------------------


def test_current_star_is_the_latest_published_award_and_unpublished_decisions_never_count(stars):
    a_2022, a_2024, _a_2026 = stars["a"]
    history = star_history(a_2024.ikm)
    assert history.current == a_2024
    assert history.current.decision.level.name_id == "Bintang 3"
    assert history.stars == [a_2024, a_2022]  # latest first; the 2026 decision is not published


def test_not_awarded_in_the_latest_published_round_leaves_no_current_star_but_keeps_the_history(stars):
    b_2022, _b_2024 = stars["b"]
    history = star_history(b_2022.ikm)
    assert history.current is None
    assert history.stars == [b_2022]


def test_an_ikm_decided_only_in_an_unpublished_round_has_no_star(stars):
    history = star_history(stars["d"][0].ikm)
    assert history.current is None and history.stars == []


def test_register_holds_one_row_per_ikm_with_a_current_star(stars):
    rows = list(star_register())
    assert {(n.ikm.nib, n.decision.level.name_id, n.round.year) for n in rows} == {
        (NIB_A, "Bintang 3", 2024),
        (NIB_C, "Bintang 2", 2024),
    }


def test_publishing_a_round_moves_the_current_star(stars):
    _r2022, _r2024, r2026 = stars["rounds"]
    r2026.results_published_at = timezone.now()
    r2026.save()
    a_2026 = stars["a"][2]
    assert star_history(a_2026.ikm).current == a_2026
    assert {(n.ikm.nib, n.decision.level.name_id) for n in star_register()} == {
        (NIB_A, "Bintang 1"),
        (NIB_C, "Bintang 2"),
        (NIB_D, "Bintang 3"),
    }


def test_attach_current_stars_gives_each_card_its_ikm_current_star(stars):
    a_2022, a_2024, _ = stars["a"]
    b_2022 = stars["b"][0]
    cards = attach_current_stars(Nomination.objects.filter(pk__in=[a_2022.pk, a_2024.pk, b_2022.pk]).order_by("pk"))
    assert [card.current_star for card in cards] == [a_2024, a_2024, None]


# The IKM page ----------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("viewer", ["officer", "team_member", "chair", "admin_user"])
def test_ikm_page_shows_current_star_and_history_without_unpublished_decisions(client, request, stars, viewer):
    english(client).force_login(request.getfixturevalue(viewer))
    a_2024 = stars["a"][1]
    page = client.get(reverse("nominations:ikm", args=[a_2024.ikm_id])).content.decode()
    section = page[page.index('id="stars"') : page.index("Nominations over the years")]
    assert "Current star: <strong>3 stars</strong>, awarded in 2024." in section
    assert "Penghargaan IKM OVOP 2022" in section and "2 stars" in section
    assert "Penghargaan IKM OVOP 2026" not in section and "1 star" not in section


@pytest.mark.parametrize("viewer", ["officer", "team_member"])
def test_ikm_decided_only_in_an_unpublished_round_shows_no_star(client, request, stars, viewer):
    english(client).force_login(request.getfixturevalue(viewer))
    page = client.get(reverse("nominations:ikm", args=[stars["d"][0].ikm_id])).content.decode()
    section = page[page.index('id="stars"') : page.index("Nominations over the years")]
    assert "No current star." in section
    assert "3 stars" not in section and "<table" not in section


def test_ikm_page_of_another_regency_stays_hidden(client, other_officer, other_province_member, stars):
    for visitor in (other_officer, other_province_member):
        client.force_login(visitor)
        assert client.get(reverse("nominations:ikm", args=[stars["a"][1].ikm_id])).status_code == 404


# The register page -----------------------------------------------------------------------------------------------


def register_names(client, **query):
    page = client.get(reverse("awards:register"), query)
    assert page.status_code == 200
    return {n.business_name for n in page.context["page"].object_list}


def test_register_lists_the_starred_ikm_with_their_star_round_and_region(client, admin_user, stars):
    english(client).force_login(admin_user)
    page = client.get(reverse("awards:register")).content.decode()
    assert "Tenun Lestari" in page and "Batik Priangan" in page
    assert "IKM 2" not in page and "IKM 4" not in page  # no current star / only an unpublished decision
    assert reverse("nominations:ikm", args=[stars["a"][1].ikm_id]) in page
    assert "3 stars" in page and "Penghargaan IKM OVOP 2024" in page and "Kabupaten Sleman" in page
    assert reverse("reports:export", args=["register", "xlsx"]) in page


def test_register_filters_and_search(client, admin_user, stars):
    client.force_login(admin_user)
    west_java = stars["c"][0].regency.province
    batik = CommodityType.objects.get(code="kain-batik")
    assert register_names(client, province=west_java.pk) == {"Batik Priangan"}
    assert register_names(client, commodity=batik.pk) == {"Batik Priangan"}
    assert register_names(client, level="Bintang 3") == {"Tenun Lestari"}
    assert register_names(client, level="Bintang 1") == set()
    assert register_names(client, year=2024) == {"Tenun Lestari", "Batik Priangan"}
    assert register_names(client, year=2022) == set()
    assert register_names(client, q="priangan") == {"Batik Priangan"}
    assert register_names(client, q=NIB_A) == {"Tenun Lestari"}
    # The filters offer only published levels and years; a value that is no choice leaves the list whole.
    form = client.get(reverse("awards:register")).context["filters"]
    assert [year for year, _label in form.fields["year"].choices][1:] == [2024, 2022]
    assert register_names(client, year=2026) == {"Tenun Lestari", "Batik Priangan"}


def test_register_is_paginated(client, admin_user, stars):
    award_round = stars["rounds"][1]
    for index in range(55):
        decided(award_round, f"94000000000{index:02d}", "Bintang 1", name=f"Anyaman {index:02d}")
    client.force_login(admin_user)
    first = client.get(reverse("awards:register"), {"level": "Bintang 1"})
    assert len(first.context["page"].object_list) == 50 and first.context["page"].paginator.count == 55
    assert "level=Bintang+1&amp;page=2" in first.content.decode()
    second = client.get(reverse("awards:register"), {"level": "Bintang 1", "page": 2})
    assert len(second.context["page"].object_list) == 5


def test_register_query_count_does_not_grow_with_rows(client, admin_user, stars):
    client.force_login(admin_user)

    def queries():
        with CaptureQueriesContext(connection) as captured:
            assert client.get(reverse("awards:register")).status_code == 200
        return len(captured)

    few = queries()
    for index in range(30):
        decided(stars["rounds"][0], f"95000000000{index:02d}", "Bintang 2", commodity="anyaman")
    assert queries() == few


@pytest.mark.parametrize(
    "viewer", ["officer", "other_officer", "team_member", "chair", "other_province_member", "assessor"]
)
def test_register_and_its_export_are_refused_to_everybody_but_ministry_admins(client, request, stars, viewer):
    client.force_login(request.getfixturevalue(viewer))
    assert client.get(reverse("awards:register")).status_code == 403
    for fmt in ("csv", "xlsx"):
        assert client.get(reverse("reports:export", args=["register", fmt])).status_code == 403


def test_register_export_csv_and_xlsx(client, admin_user, stars):
    client.force_login(admin_user)
    response = client.get(reverse("reports:export", args=["register", "csv"]))
    assert response.status_code == 200
    assert 'filename="daftar-ikm-ovop-semua.csv"' in response["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))
    assert rows[0][:5] == ["NIB", "Nama usaha", "Bintang saat ini", "Putaran", "Tahun penghargaan"]
    assert sorted((r[0], r[2], r[4]) for r in rows[1:]) == [
        (NIB_A, "Bintang 3", "2024"),
        (NIB_C, "Bintang 2", "2024"),
    ]
    response = client.get(reverse("reports:export", args=["register", "xlsx"]))
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    assert sheet.max_row == 3


def test_national_overview_links_the_register(client, admin_user):
    client.force_login(admin_user)
    assert reverse("awards:register") in client.get(reverse("nominations:overview")).content.decode()


# Showcase --------------------------------------------------------------------------------------------------------


def test_showcase_card_shows_its_round_award_and_the_ikm_current_star(client, stars):
    page = english(client).get(reverse("showcase")).content.decode()
    cards = {card.split("</h2>")[0].rsplit(">", 1)[-1]: card for card in page.split("showcase-card")[1:]}
    assert set(cards) >= {"Tenun Lestari", "Batik Priangan", "IKM 2"}
    tenun_cards = [card for card in page.split("showcase-card")[1:] if "Tenun Lestari" in card.split("</h2>")[0]]
    assert len(tenun_cards) == 2  # 2022 and 2024; the 2026 decision is not published
    assert all("Current star: 3 stars (2024)" in card for card in tenun_cards)
    assert any(">2 stars<" in card and ">2022<" in card for card in tenun_cards)
    assert "No current star" in cards["IKM 2"]  # ★1 in 2022, not awarded in 2024


# Statistics ------------------------------------------------------------------------------------------------------


def test_stars_by_year_counts_published_awards_per_level_for_admins(stars, admin_user):
    chart = stars_by_year(admin_user)
    assert [name for name, _colour in chart.levels] == ["Bintang 3", "Bintang 2", "Bintang 1"]
    assert chart.years == [(2022, [0, 1, 1], 2), (2024, [1, 1, 0], 2)]  # 2026 is not published


def test_stars_by_year_is_scoped_like_the_page(stars, officer, team_member, other_province_member):
    assert stars_by_year(officer).years == [(2022, [0, 1, 1], 2), (2024, [1, 0, 0], 1)]
    assert stars_by_year(team_member).years == stars_by_year(officer).years
    assert stars_by_year(other_province_member).years == [(2024, [1], 1)]


@pytest.mark.parametrize("viewer", ["officer", "team_member", "admin_user"])
def test_statistics_page_draws_the_stars_chart_with_its_table(client, request, stars, viewer):
    english(client).force_login(request.getfixturevalue(viewer))
    page = client.get(reverse("reports:statistics"), {"round": stars["rounds"][1].pk}).content.decode()
    section = page[page.index('id="stars-over-years"') :]
    assert "<svg" in section and "Stars by level over the years" in section
    table = section[section.index('id="star-table"') :]
    assert "<td>2022</td>" in table and "<td>2024</td>" in table and "<td>2026</td>" not in table


def test_every_row_of_the_stars_chart_names_its_year(client, stars, admin_user):
    """On a phone the chart's rows are far apart from their group's first: each says which year's round it is."""
    english(client).force_login(admin_user)
    page = client.get(reverse("reports:statistics"), {"round": stars["rounds"][1].pk}).content.decode()
    svg = page[page.index('id="stars-over-years"') :]
    svg = svg[: svg.index("</svg>")]
    rows = re.findall(r"<g transform=.*?</g>", svg, re.S)
    years = [re.search(r'<text x="0"[^>]*>(\d{4})</text>', row).group(1) for row in rows]
    assert len(rows) == 6 and years == ["2022"] * 3 + ["2024"] * 3
