"""Decisions on a round with a national assessment: the recommended award from the national score, a reason where
the decision differs from it, the decisions page grouped per commodity type, and the national minutes (page and PDF,
ministry admins only)."""

import io
import re
from datetime import timedelta
from decimal import Decimal

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import translation
from pypdf import PdfReader

from accounts.models import User
from audit.models import AuditRecord
from awards import services
from awards.minutes import national_minutes_number
from awards.models import Decision
from core.exceptions import WorkflowError
from curation import services as curation_services
from tests.curation.test_minutes import assert_text_fits, plain
from tests.factories.accounts import UserFactory

pytestmark = pytest.mark.django_db


def level(award_round, name):
    return award_round.award_levels.get(name_id=name)


def in_english(client, user):
    client.force_login(user)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def pdf_text(content):
    return plain(" ".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages))


# The service -----------------------------------------------------------------------------------------------------


def test_a_decision_following_the_recommendation_needs_no_reason_and_keeps_the_snapshot(national_round, admin_user):
    award_round, nominations = national_round
    decision = services.decide(nominations["second"], level=level(award_round, "Bintang 2"), reason="", by=admin_user)
    decision.refresh_from_db()
    # The national score (75, exactly Bintang 2's threshold), not the provincial mean (100).
    assert decision.score == Decimal("75.00") and decision.recommended_level == level(award_round, "Bintang 2")
    assert decision.reason == ""
    event = AuditRecord.objects.for_object(nominations["second"]).get(action="award.decided")
    assert event.after == {"level": "Bintang 2", "recommended": "Bintang 2", "score": "75.00"}


def test_not_awarding_below_every_band_needs_no_reason(national_round, admin_user):
    award_round, nominations = national_round
    decision = services.decide(nominations["batik"], level=None, reason="  ", by=admin_user)
    assert decision.level is None and decision.recommended_level is None and decision.score == Decimal("50.00")


@pytest.mark.parametrize(
    "key, chosen, message",
    [
        ("top", "Bintang 2", "differs from the recommended 3 stars: give the reason"),
        ("top", None, "differs from the recommended 3 stars: give the reason"),
        ("batik", "Bintang 1", "differs from the recommendation (not awarded): give the reason"),
    ],
)
def test_a_decision_differing_from_the_recommendation_needs_a_reason(national_round, admin_user, key, chosen, message):
    award_round, nominations = national_round
    with translation.override("en"), pytest.raises(WorkflowError, match=re.escape(message)):
        services.decide(nominations[key], level=chosen and level(award_round, chosen), reason="", by=admin_user)
    assert not Decision.objects.exists()
    decision = services.decide(
        nominations[key], level=chosen and level(award_round, chosen), reason="Pasar ekspor belum siap", by=admin_user
    )
    assert decision.reason == "Pasar ekspor belum siap"


def test_without_bands_every_decision_needs_a_reason(national_round, admin_user):
    award_round, nominations = national_round
    award_round.score_bands.all().delete()
    with pytest.raises(WorkflowError):
        services.decide(nominations["batik"], level=None, reason="", by=admin_user)
    decision = services.decide(nominations["batik"], level=None, reason="Belum siap", by=admin_user)
    assert decision.recommended_level is None and decision.score == Decimal("50.00")


# The decisions page ----------------------------------------------------------------------------------------------


def test_decisions_page_groups_per_commodity_with_national_score_provincial_mean_and_recommendation(
    client, national_round, admin_user
):
    award_round, nominations = national_round
    services.decide(nominations["top"], level=level(award_round, "Bintang 2"), reason="Kapasitas kecil", by=admin_user)
    page = in_english(client, admin_user).get(reverse("awards:decisions", args=[award_round.pk]))
    html = plain(page.content.decode())
    assert [str(group.commodity) for group in page.context["groups"]] == ["Woven fabric (tenun)", "Batik fabric"]
    tenun = page.context["groups"][0].rows
    assert [(row.business_name, row.rank) for row in tenun] == [("Tenun Unggul", 1), ("Tenun Kedua", 2)]
    assert [row.rank for row in page.context["groups"][1].rows] == [1]
    assert "national score <strong>100.00</strong> (1 sheets) · provincial mean 75.00" in html
    assert "national score <strong>75.00</strong> (1 sheets) · provincial mean 100.00" in html
    recommended = [row.recommended.name_id if row.recommended else None for row in page.context["rows"]]
    assert recommended == ["Bintang 3", "Bintang 2", None]
    assert 'recommended: <strong class="recommended">3 stars</strong>' in html
    assert 'recommended: <strong class="recommended">Not awarded</strong>' in html
    # The decision differing from the recommendation is marked; the others' forms default to the recommended level.
    assert html.count("Differs from the recommendation") == 1
    rows = {row.business_name: row for row in page.context["rows"]}
    assert rows["Tenun Unggul"].differs and not rows["Tenun Kedua"].differs
    assert rows["Tenun Kedua"].form["level"].value() == level(award_round, "Bintang 2").pk
    assert rows["Batik Biasa"].form["level"].value() is None
    assert reverse("awards:minutes", args=[award_round.pk]) in html


def test_a_refused_decision_shows_the_page_again_with_what_was_typed(client, national_round, admin_user):
    award_round, nominations = national_round
    top = nominations["top"]
    response = in_english(client, admin_user).post(
        reverse("awards:decide", args=[top.pk]),
        {f"n{top.pk}-level": level(award_round, "Bintang 1").pk, f"n{top.pk}-reason": ""},
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "The decision on Tenun Unggul differs from the recommended 3 stars: give the reason." in html
    row = next(row for row in response.context["rows"] if row.pk == top.pk)
    assert row.form["level"].value() == str(level(award_round, "Bintang 1").pk)
    assert not Decision.objects.exists()
    followed = client.post(
        reverse("awards:decide", args=[top.pk]), {f"n{top.pk}-level": level(award_round, "Bintang 3").pk}
    )
    assert followed.status_code == 302 and Decision.objects.get().level == level(award_round, "Bintang 3")


def test_a_round_without_national_assessment_recommends_from_the_provincial_mean(client, decision_round, admin_user):
    award_round, first, second, _third = decision_round
    services.seed_default_bands(award_round)
    page = in_english(client, admin_user).get(reverse("awards:decisions", args=[award_round.pk]))
    rows = page.context["rows"]
    assert [(row.business_name, row.score, row.recommended.name_id) for row in rows] == [
        ("Tenun Lurik Kurnia", Decimal("100.00"), "Bintang 3"),
        ("Batik Giriloyo", Decimal("75.00"), "Bintang 2"),
    ]
    assert [group.commodity for group in page.context["groups"]] == [None]
    assert reverse("awards:minutes", args=[award_round.pk]) not in page.content.decode()
    decision = services.decide(second, level=level(award_round, "Bintang 2"), reason="", by=admin_user)
    assert decision.score == Decimal("75.00")


# The national minutes --------------------------------------------------------------------------------------------


@pytest.fixture
def decided(national_round, admin_user):
    award_round, nominations = national_round
    services.decide(nominations["top"], level=level(award_round, "Bintang 2"), reason="Kapasitas kecil", by=admin_user)
    services.decide(nominations["second"], level=level(award_round, "Bintang 2"), reason="", by=admin_user)
    return award_round, nominations


def test_national_minutes_page_carries_assessors_ranking_decisions_and_conflicts(client, decided, admin_user):
    award_round, _nominations = decided
    page = in_english(client, admin_user).get(reverse("awards:minutes", args=[award_round.pk]))
    html = plain(page.content.decode())
    assert page.status_code == 200
    number = national_minutes_number(award_round)
    assert number == f"{award_round.pk:03d}/BA-PN-OVOP/{award_round.year}" and number in html
    assert "Draft: 1 nomination has no decision yet." in html
    assert "<td>Rina Wulandari</td><td>Yayasan Batik Indonesia</td> <td>Woven fabric (tenun), Batik fabric</td>" in html
    assert "<td>Budi Santoso</td><td>GAPMMI</td> <td>Batik fabric</td>" in html
    assert "differs: Kapasitas kecil" in html and html.count("table-warning") == 1
    assert "Budi Santoso · Batik Biasa: Kerabat pemilik usaha" in html
    assert html.count("signature-block") == 2 and "National assessor, GAPMMI" in html


def test_national_minutes_pdf_names_the_assessors_and_fits_the_page(client, decided, admin_user):
    award_round, _nominations = decided
    response = in_english(client, admin_user).get(reverse("awards:minutes_pdf", args=[award_round.pk]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert f"berita-acara-nasional-{award_round.year}.pdf" in response["Content-Disposition"]
    text = pdf_text(response.content)
    for expected in (
        "NATIONAL ASSESSMENT MINUTES",
        national_minutes_number(award_round),
        "Rina Wulandari",
        "Budi Santoso",
        "Yayasan Batik Indonesia",
        "GAPMMI",
        "Tenun Unggul",
        "Kapasitas kecil",
        "Kerabat pemilik usaha",
        "National assessment minutes",
    ):
        assert expected in text, expected
    assert_text_fits(response.content)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "id"
    indonesian = client.get(reverse("awards:minutes_pdf", args=[award_round.pk]))
    assert "Rina Wulandari" in pdf_text(indonesian.content) and "Peringkat" in pdf_text(indonesian.content)
    assert_text_fits(indonesian.content)


@pytest.mark.parametrize("url_name", ["awards:minutes", "awards:minutes_pdf"])
@pytest.mark.parametrize("visitor", ["officer", "team_member", "chair", "assessor"])
def test_national_minutes_are_refused_to_everyone_but_ministry_admins(client, request, decided, url_name, visitor):
    award_round, _nominations = decided
    client.force_login(request.getfixturevalue(visitor))
    assert client.get(reverse(url_name, args=[award_round.pk])).status_code == 403


@pytest.mark.parametrize("visitor", ["officer", "team_member", "assessor"])
def test_no_decision_page_or_minutes_link_for_other_roles(client, request, decided, visitor):
    award_round, _nominations = decided
    client.force_login(request.getfixturevalue(visitor))
    assert client.get(reverse("awards:decisions", args=[award_round.pk])).status_code == 403
    home = client.get(reverse("home"), follow=True).content.decode()
    assert reverse("awards:minutes", args=[award_round.pk]) not in home


def test_a_round_without_national_assessment_has_no_national_minutes(client, decision_round, admin_user):
    award_round = decision_round[0]
    client.force_login(admin_user)
    assert client.get(reverse("awards:minutes", args=[award_round.pk])).status_code == 404
    assert client.get(reverse("awards:minutes_pdf", args=[award_round.pk])).status_code == 404


def test_results_are_published_after_the_national_assessment_closes(national_round, admin_user):
    award_round, nominations = national_round
    for nomination in nominations.values():
        services.decide(nomination, level=None, reason="Belum", by=admin_user)
    with pytest.raises(WorkflowError):
        services.publish_results(award_round, by=admin_user)
    award_round.national_closes = award_round.national_opens + timedelta(minutes=30)
    award_round.save()
    assert services.publish_results(award_round, by=admin_user).results_published


def test_a_decision_keeps_the_recommendation_it_was_made_on_when_the_bands_change(client, national_round, admin_user):
    award_round, nominations = national_round
    services.decide(nominations["top"], level=level(award_round, "Bintang 3"), reason="", by=admin_user)
    award_round.score_bands.filter(level__name_id="Bintang 3").update(min_score=Decimal("100.00"))
    award_round.score_bands.filter(level__name_id="Bintang 2").update(min_score=Decimal("90.00"))
    nominations["top"].score_sheets.update(total=Decimal("95.00"))
    page = in_english(client, admin_user).get(reverse("awards:decisions", args=[award_round.pk]))
    top = next(row for row in page.context["rows"] if row.pk == nominations["top"].pk)
    assert top.recommended == level(award_round, "Bintang 2") and top.recommendation == level(award_round, "Bintang 3")
    assert top.recommendation_changed and not top.differs
    assert "(when decided: 3 stars)" in plain(page.content.decode())


def test_national_minutes_leave_out_the_go_global_panel(client, decided, admin_user, assessor):
    """A Go Global panel member (named before publication) is no national assessor of the minutes, and was listed
    with a commodity type 'None'."""
    award_round, _nominations = decided
    panel_only = UserFactory(username="panel_only", role=User.Role.ASSESSOR, first_name="Sari", last_name="Panel")
    curation_services.name_panel_member(award_round, panel_only, by=admin_user)
    curation_services.name_panel_member(award_round, assessor, by=admin_user)
    html = plain(in_english(client, admin_user).get(reverse("awards:minutes", args=[award_round.pk])).content.decode())
    assert "Sari Panel" not in html and "None" not in html
    assert "<td>Rina Wulandari</td><td>Yayasan Batik Indonesia</td> <td>Woven fabric (tenun), Batik fabric</td>" in html
