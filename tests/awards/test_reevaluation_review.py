"""Review of the re-evaluation of earlier stars as an attacker and a hurried user: tampered choices, settling what
is not a missing entry, the entry's visibility, a withdrawn entry, and rounds whose levels are named differently."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from awards import selectors
from awards import services as awards
from awards.models import AwardLevel
from awards.selectors import Outcome
from awards.services import seed_default_levels
from core.exceptions import WorkflowError
from nominations import services as nominations
from nominations.models import AwardRound, MissingReevaluation, Nomination, RoundStatus
from tests.factories import AwardRoundFactory, DecisionFactory, NominationFactory

from .conftest import closed_round, decision_round  # noqa: F401 - fixtures
from .test_reevaluation import new_round  # noqa: F401 - fixture

pytestmark = pytest.mark.django_db


def past_deadline(award_round, **fields):
    AwardRound.objects.filter(pk=award_round.pk).update(
        status=RoundStatus.CURATION, nomination_closes=timezone.now() - timedelta(days=1), **fields
    )
    award_round.refresh_from_db()


def test_a_tampered_choice_starts_nothing_but_current_holders_of_earlier_published_rounds(
    client, new_round, admin_user, officer
):
    award_round, first, second = new_round
    unpublished = AwardRoundFactory(status=RoundStatus.CURATION, year=award_round.year - 1)
    seed_default_levels(unpublished)
    pending = NominationFactory(round=unpublished, regency=officer.regency, created_by=officer)
    DecisionFactory(nomination=pending, level=unpublished.award_levels.first(), decided_by=admin_user)
    own = NominationFactory(round=award_round, regency=officer.regency, created_by=officer)
    client.force_login(admin_user)
    url = reverse("awards:reevaluation", args=[award_round.pk])
    client.post(url, {"holders": [second.pk, pending.pk, own.pk, "x", "-1"], "all_of_round": unpublished.pk})
    assert not Nomination.objects.filter(reevaluates__isnull=False).exists()
    with pytest.raises(WorkflowError):
        nominations.start_reevaluation(award_round, [first], by=officer)
    client.force_login(officer)
    assert client.post(url, {"holders": [first.pk]}).status_code == 403
    assert not Nomination.objects.filter(reevaluates__isnull=False).exists()


def test_settling_refuses_what_is_not_a_missing_reevaluation(client, new_round, admin_user, officer, other_officer):
    award_round, first, second = new_round
    (entry,) = nominations.start_reevaluation(award_round, [first], by=admin_user)
    client.force_login(other_officer)
    assert client.get(reverse("nominations:detail", args=[entry.pk])).status_code in (403, 404)
    client.force_login(admin_user)
    settle = reverse("awards:reevaluation_settle", args=[entry.pk])
    client.post(settle, {f"s{entry.pk}-reason": "Terlalu cepat."})  # before the deadline
    assert not hasattr(Nomination.objects.get(pk=entry.pk), "decision")
    assert client.post(reverse("awards:reevaluation_settle", args=[second.pk])).status_code == 404
    client.force_login(officer)
    assert client.post(settle).status_code == 403


def test_a_withdrawn_reevaluation_is_settled_by_the_rule_of_the_round(client, new_round, admin_user, officer):
    """Withdrawing the entry must not keep the star out of the round's rule: it was not submitted either."""
    award_round, first, _second = new_round
    (entry,) = nominations.start_reevaluation(award_round, [first], by=admin_user)
    nominations.withdraw_nomination(entry, by=officer, reason="Tidak perlu.")
    past_deadline(award_round, reevaluation_missing_rule=MissingReevaluation.WITHDRAW)
    client.force_login(admin_user)
    page = client.get(reverse("awards:reevaluation", args=[award_round.pk])).content.decode()
    assert reverse("awards:reevaluation_settle", args=[entry.pk]) in page
    decision = awards.settle_missing_reevaluation(entry, by=admin_user)
    assert decision.level is None


def test_the_outcome_compares_by_name_in_a_round_of_five_stars(new_round, admin_user):
    """The earlier round had Bintang 3 (its highest, rank 1); this round names five levels, Bintang 5 the highest:
    Bintang 4 and 5 raise the star, Bintang 3 keeps it, whatever their ranks."""
    award_round, first, _second = new_round
    award_round.award_levels.all().delete()
    levels = {
        f"Bintang {stars}": AwardLevel.objects.create(
            round=award_round, name_id=f"Bintang {stars}", name_en=f"{stars} stars", rank=6 - stars
        )
        for stars in range(1, 6)
    }
    expected = {"Bintang 5": Outcome.RAISED, "Bintang 4": Outcome.RAISED, "Bintang 3": Outcome.KEPT}
    expected |= {"Bintang 2": Outcome.LOWERED, "Bintang 1": Outcome.LOWERED}
    for name, outcome in expected.items():
        Nomination.objects.filter(round=award_round).delete()
        (entry,) = nominations.start_reevaluation(award_round, [first], by=admin_user)
        DecisionFactory(nomination=entry, level=levels[name], decided_by=admin_user, reason="Dinilai ulang.")
        (row,) = selectors.reevaluations(award_round)
        assert row.outcome == outcome, name
