"""Score bands: the recommended award for a score (edges), their order, the defaults a new round gets, the band page
and its service (audited, frozen once the results are published)."""

from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import translation

from audit.models import AuditRecord
from awards import services
from awards.forms import ScoreBandFormSet
from awards.models import AwardLevel, ScoreBand, band_order_problem, recommended_level
from awards.selectors import decision_score, round_bands
from core.exceptions import WorkflowError
from nominations.models import CommodityType, RoundStatus
from tests.awards.test_round_setup import new_round
from tests.factories import AwardRoundFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def banded_round():
    """A round in curation with the default levels and bands (Bintang 3 ≥ 85, Bintang 2 ≥ 75, Bintang 1 ≥ 65)."""
    award_round = AwardRoundFactory(status=RoundStatus.DRAFT)
    services.seed_default_levels(award_round)
    services.seed_default_bands(award_round)
    return award_round


def level(award_round, name):
    return award_round.award_levels.get(name_id=name)


def bands_data(rows, initial=0):
    """A posted band formset: rows of (band id or "", level id, min score, delete)."""
    data = {
        "bands-TOTAL_FORMS": str(len(rows)),
        "bands-INITIAL_FORMS": str(initial),
        "bands-MIN_NUM_FORMS": "0",
        "bands-MAX_NUM_FORMS": "1000",
    }
    for index, (pk, level_pk, score, delete) in enumerate(rows):
        data |= {f"bands-{index}-id": pk, f"bands-{index}-level": level_pk, f"bands-{index}-min_score": score}
        if delete:
            data[f"bands-{index}-DELETE"] = "on"
    return data


def stored_rows(award_round):
    return [(band.pk, band.level_id, str(band.min_score), False) for band in award_round.score_bands.order_by("pk")]


# The recommendation ------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "score, expected",
    [
        ("100", "Bintang 3"),
        ("85", "Bintang 3"),  # exactly at a threshold: reached
        ("84.99", "Bintang 2"),
        ("75.00", "Bintang 2"),
        ("65", "Bintang 1"),
        ("64.99", None),  # below every band: not awarded
        ("0", None),
        (None, None),  # no score
    ],
)
def test_the_recommended_level_is_the_highest_whose_minimum_the_score_reaches(banded_round, score, expected):
    recommended = recommended_level(None if score is None else Decimal(score), round_bands(banded_round))
    assert (recommended.name_id if recommended else None) == expected


def test_a_round_without_bands_recommends_nothing(banded_round):
    assert recommended_level(Decimal("100"), []) is None


def test_a_score_is_compared_as_shown_two_decimals_half_up(banded_round):
    assert decision_score(84.995) == Decimal("85.00")
    assert recommended_level(decision_score(84.995), round_bands(banded_round)).name_id == "Bintang 3"
    assert decision_score(None) is None


def test_the_band_order_needs_a_higher_minimum_for_a_higher_level(banded_round):
    three, two = level(banded_round, "Bintang 3"), level(banded_round, "Bintang 2")
    assert band_order_problem([(three, Decimal(85)), (two, Decimal(75))]) is None
    with translation.override("en"):
        assert band_order_problem([(two, Decimal(75)), (three, Decimal(75))]) == (
            "3 stars is a higher award than 2 stars, so its minimum score must be higher: 75 is not above 75."
        )
    assert band_order_problem([(three, Decimal(70)), (two, Decimal(75))])


# Defaults --------------------------------------------------------------------------------------------------------


def test_a_new_round_gets_the_default_bands_audited(admin_user):
    award_round = services.set_up_round(new_round(), by=admin_user, commodity_types=CommodityType.objects.all())
    bands = {band.level.name_id: band.min_score for band in round_bands(award_round)}
    assert bands == {"Bintang 3": Decimal(85), "Bintang 2": Decimal(75), "Bintang 1": Decimal(65)}
    seeded = AuditRecord.objects.get(action="score_bands.seeded")
    assert seeded.actor == admin_user and seeded.after == {"Bintang 3": "85", "Bintang 2": "75", "Bintang 1": "65"}


def test_editing_a_round_without_bands_adds_none(admin_user):
    award_round = services.set_up_round(new_round(), by=admin_user, commodity_types=CommodityType.objects.all())
    ScoreBand.objects.filter(round=award_round).delete()
    award_round.name = "Penghargaan IKM OVOP 2040 (ubah)"
    services.set_up_round(award_round, by=admin_user, commodity_types=CommodityType.objects.all())
    assert not award_round.score_bands.exists()


def test_seeding_keeps_existing_bands_and_skips_levels_of_other_names(banded_round):
    ScoreBand.objects.filter(round=banded_round, level__name_id="Bintang 3").update(min_score=90)
    services.seed_default_bands(banded_round)
    assert banded_round.score_bands.get(level__name_id="Bintang 3").min_score == 90
    other = AwardRoundFactory(status=RoundStatus.DRAFT)
    AwardLevel.objects.create(round=other, name_id="Emas", name_en="Gold", rank=1)
    assert services.seed_default_bands(other) == [] and not other.score_bands.exists()


def test_an_admin_adds_the_default_bands_to_a_round_without_them(client, admin_user):
    award_round = AwardRoundFactory(status=RoundStatus.DRAFT)
    services.seed_default_levels(award_round)
    client.force_login(admin_user)
    client.post(reverse("awards:bands", args=[award_round.pk]), {"default": ""})
    assert award_round.score_bands.count() == 3
    assert AuditRecord.objects.get(action="score_bands.seeded").actor == admin_user
    with pytest.raises(WorkflowError):
        services.add_default_bands(award_round, by=admin_user)


# The band page and its service ---------------------------------------------------------------------------------


def test_admin_changes_the_bands_on_their_page_audited(client, admin_user, banded_round):
    client.force_login(admin_user)
    page = client.get(reverse("awards:bands", args=[banded_round.pk]))
    assert page.status_code == 200 and len(page.context["formset"].forms) == 3
    rows = stored_rows(banded_round)
    rows[0] = (rows[0][0], rows[0][1], "90", False)  # Bintang 3
    rows[2] = (rows[2][0], rows[2][1], rows[2][2], True)  # Bintang 1 goes
    response = client.post(reverse("awards:bands", args=[banded_round.pk]), bands_data(rows, initial=3))
    assert response.status_code == 302
    assert {b.level.name_id: b.min_score for b in round_bands(banded_round)} == {
        "Bintang 3": Decimal(90),
        "Bintang 2": Decimal(75),
    }
    changed = AuditRecord.objects.get(action="score_bands.changed")
    assert changed.actor == admin_user
    assert changed.before == {"Bintang 3": "85.00", "Bintang 2": "75.00", "Bintang 1": "65.00"}
    assert changed.after == {"Bintang 3": "90.00", "Bintang 2": "75.00"}
    # Bintang 1 has no band any more: the page offers an empty row for it.
    assert len(client.get(reverse("awards:bands", args=[banded_round.pk])).context["formset"].forms) == 3


def test_bands_out_of_order_are_a_form_error_and_what_was_typed_stays(client, admin_user, banded_round):
    client.force_login(admin_user)
    client.cookies["django_language"] = "en"
    rows = stored_rows(banded_round)
    rows[1] = (rows[1][0], rows[1][1], "88", False)  # Bintang 2 above Bintang 3's 85
    response = client.post(reverse("awards:bands", args=[banded_round.pk]), bands_data(rows, initial=3))
    html = response.content.decode()
    assert response.status_code == 200
    assert "3 stars is a higher award than 2 stars, so its minimum score must be higher" in html
    assert 'value="88"' in html
    assert banded_round.score_bands.get(level__name_id="Bintang 2").min_score == 75
    assert not AuditRecord.objects.filter(action="score_bands.changed").exists()


def test_one_band_per_level_and_only_levels_of_the_round(banded_round):
    three = level(banded_round, "Bintang 3")
    ScoreBand.objects.filter(round=banded_round).delete()
    twice = ScoreBandFormSet(
        bands_data([("", three.pk, "90", False), ("", three.pk, "80", False)]),
        award_round=banded_round,
        prefix="bands",
    )
    assert not twice.is_valid() and "dua rentang" in str(twice.non_form_errors())
    other = AwardRoundFactory(status=RoundStatus.DRAFT)
    services.seed_default_levels(other)
    foreign = ScoreBandFormSet(
        bands_data([("", level(other, "Bintang 3").pk, "90", False)]), award_round=banded_round, prefix="bands"
    )
    assert not foreign.is_valid() and "level" in foreign.forms[0].errors


def test_the_service_checks_the_stored_order_too(admin_user, banded_round):
    """A formset posting only some rows cannot leave the stored bands out of order."""
    one = banded_round.score_bands.get(level__name_id="Bintang 1")
    formset = ScoreBandFormSet(
        bands_data([(one.pk, one.level_id, "80", False)], initial=1), award_round=banded_round, prefix="bands"
    )
    formset.get_queryset = lambda: ScoreBand.objects.filter(pk=one.pk)  # as if the others were not on the page
    assert formset.is_valid(), formset.errors
    with pytest.raises(WorkflowError, match="Bintang 2"):
        services.save_bands(banded_round, formset, by=admin_user)
    assert banded_round.score_bands.get(level__name_id="Bintang 1").min_score == 65


def test_bands_are_frozen_once_results_are_published(client, admin_user, decision_round):
    award_round, first, second, _third = decision_round
    services.seed_default_bands(award_round)
    services.decide(first, level=None, reason="Belum", by=admin_user)
    services.decide(second, level=None, reason="Belum", by=admin_user)
    services.publish_results(award_round, by=admin_user)
    client.force_login(admin_user)
    client.cookies["django_language"] = "en"
    page = client.get(reverse("awards:bands", args=[award_round.pk])).content.decode()
    assert "its score bands are frozen" in page and 'name="bands-TOTAL_FORMS"' not in page
    rows = stored_rows(award_round)
    rows[0] = (rows[0][0], rows[0][1], "99", False)
    client.post(reverse("awards:bands", args=[award_round.pk]), bands_data(rows, initial=3))
    assert award_round.score_bands.get(level__name_id="Bintang 3").min_score == 85
    formset = ScoreBandFormSet(bands_data(rows, initial=3), award_round=award_round, prefix="bands")
    assert formset.is_valid()
    with pytest.raises(WorkflowError, match="dibekukan|frozen"):
        services.save_bands(award_round, formset, by=admin_user)
