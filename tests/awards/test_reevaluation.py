"""Re-evaluation of earlier star holders in a new round: the admin's choice, the regency's entry outside its quota,
the round's rule for skipping the provincial ranking and for entries not submitted, the decision's outcome, and the
star that follows the published result."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

from audit.models import AuditRecord
from awards import services as awards
from awards.selectors import Outcome, reevaluation_outcome
from awards.services import seed_default_levels
from core.exceptions import WorkflowError
from curation import rules as curation_rules
from curation.models import AdminCheck, Shortlist, national_nominations, scoring_nominations
from nominations import services as nominations
from nominations.models import AwardRound, MissingReevaluation, Nomination, NominationStatus, RoundStatus
from nominations.selectors import star_history
from notifications.models import Notification
from tests.curation.conftest import curation_round  # noqa: F401 - fixture
from tests.factories import (
    AwardRoundFactory,
    DecisionFactory,
    IkmFactory,
    NominationFactory,
    NominationPhotoFactory,
)

from .conftest import closed_round, decision_round  # noqa: F401 - fixtures

pytestmark = pytest.mark.django_db


@pytest.fixture
def new_round(closed_round):  # noqa: F811
    """The next round, taking nominations, re-evaluations skipping the provincial ranking; the earlier round's first
    nomination holds Bintang 3, its second was not awarded."""
    earlier, first, second, _third = closed_round
    award_round = AwardRoundFactory(year=earlier.year + 2, regency_quota=1, reevaluation_skips_province=True)
    seed_default_levels(award_round)
    return award_round, first, second


def test_the_admin_starts_a_reevaluation_of_each_current_holder(new_round, admin_user, officer):
    award_round, first, second = new_round
    made = nominations.start_reevaluation(award_round, [first, second], by=admin_user)
    assert [entry.reevaluates for entry in made] == [first]  # the one not awarded holds no star
    entry = made[0]
    assert (entry.status, entry.regency, entry.ikm, entry.round) == (
        NominationStatus.DRAFT,
        first.regency,
        first.ikm,
        award_round,
    )
    assert (entry.business_name, entry.product_name, entry.nib) == (first.business_name, first.product_name, first.nib)
    assert AuditRecord.objects.for_object(entry).filter(action="nomination.reevaluation_started").exists()
    told = Notification.objects.get(recipient=officer, kind="reevaluation_started")
    assert told.subject.startswith("Evaluasi ulang pada") and "Bintang 3" in told.body
    assert nominations.start_reevaluation(award_round, [first], by=admin_user) == []  # already in the round


def test_only_admins_start_reevaluations_and_only_before_nominations_close(new_round, officer, admin_user):
    award_round, first, _second = new_round
    with pytest.raises(WorkflowError):
        nominations.start_reevaluation(award_round, [first], by=officer)
    AwardRound.objects.filter(pk=award_round.pk).update(nomination_closes=timezone.now() - timedelta(minutes=1))
    award_round.refresh_from_db()
    with pytest.raises(WorkflowError, match="sebelum nominasi"):
        nominations.start_reevaluation(award_round, [first], by=admin_user)


def test_a_reevaluation_takes_no_place_in_the_quota(new_round, admin_user, officer):
    award_round, first, _second = new_round
    (entry,) = nominations.start_reevaluation(award_round, [first], by=admin_user)
    regular = NominationFactory(round=award_round, regency=officer.regency, created_by=officer, with_photo=True)
    nominations.submit_nomination(regular, by=officer)  # the regency's one place
    NominationPhotoFactory(nomination=entry)
    nominations.submit_nomination(entry, by=officer)
    entry.refresh_from_db()
    assert entry.status == NominationStatus.SUBMITTED


def test_a_reevaluation_skips_the_provincial_ranking_when_the_round_says_so(new_round, admin_user, officer, chair):
    award_round, first, _second = new_round
    (entry,) = nominations.start_reevaluation(award_round, [first], by=admin_user)
    Nomination.objects.filter(pk=entry.pk).update(status=NominationStatus.LOCKED)
    now = timezone.now()
    AwardRound.objects.filter(pk=award_round.pk).update(
        status=RoundStatus.CURATION,
        nomination_closes=now - timedelta(days=2),
        scoring_opens=now - timedelta(days=1),
        scoring_closes=now + timedelta(days=5),
    )
    award_round.refresh_from_db()
    entry.refresh_from_db()
    assert entry not in scoring_nominations(award_round) and entry in national_nominations(award_round)
    with translation.override("en"):
        assert "skips the provincial ranking" in curation_rules.may_score(chair, entry).reason
    award_round.reevaluation_skips_province = False
    award_round.save()
    assert entry in scoring_nominations(award_round) and entry not in national_nominations(award_round)


@pytest.mark.parametrize(
    ("earlier", "now", "outcome"),
    [
        ("Bintang 2", "Bintang 2", Outcome.KEPT),
        ("Bintang 2", "Bintang 3", Outcome.RAISED),
        ("Bintang 2", "Bintang 1", Outcome.LOWERED),
        ("Bintang 2", None, Outcome.WITHDRAWN),
    ],
)
def test_the_outcome_compares_the_levels(new_round, earlier, now, outcome):
    award_round, first, _second = new_round
    levels = {level.name_id: level for level in award_round.award_levels.all()}
    earlier_levels = {level.name_id: level for level in first.round.award_levels.all()}
    assert reevaluation_outcome(earlier_levels[earlier], levels.get(now)) == outcome


def locked_reevaluation(award_round, first, admin_user):
    (entry,) = nominations.start_reevaluation(award_round, [first], by=admin_user)
    Nomination.objects.filter(pk=entry.pk).update(status=NominationStatus.LOCKED)
    AwardRound.objects.filter(pk=award_round.pk).update(
        status=RoundStatus.CURATION,
        nomination_closes=timezone.now() - timedelta(days=3),
        scoring_opens=timezone.now() - timedelta(days=2),
        scoring_closes=timezone.now() - timedelta(days=1),
    )
    award_round.refresh_from_db()
    entry.refresh_from_db()
    return entry


def test_a_reevaluation_decision_always_needs_a_reason_and_the_published_result_moves_the_star(new_round, admin_user):
    award_round, first, _second = new_round
    entry = locked_reevaluation(award_round, first, admin_user)
    two = award_round.award_levels.get(name_id="Bintang 2")
    with pytest.raises(WorkflowError, match="evaluasi ulang"):
        awards.decide(entry, level=two, reason="", by=admin_user)
    awards.decide(entry, level=two, reason="Kontinuitas produksi menurun.", by=admin_user)
    assert star_history(first.ikm).current == first  # unpublished: the star is still the earlier one
    awards.publish_results(award_round, by=admin_user)
    history = star_history(first.ikm)
    assert history.current.pk == entry.pk and history.current.decision.level == two
    assert [n.pk for n in history.stars] == [entry.pk, first.pk]


@pytest.mark.parametrize(
    ("rule", "expected"), [(MissingReevaluation.KEEP, "Bintang 3"), (MissingReevaluation.WITHDRAW, None)]
)
def test_an_entry_not_submitted_is_settled_by_the_rule_of_the_round(new_round, admin_user, rule, expected):
    award_round, first, _second = new_round
    (entry,) = nominations.start_reevaluation(award_round, [first], by=admin_user)
    with pytest.raises(WorkflowError):  # before the deadline
        awards.settle_missing_reevaluation(entry, by=admin_user)
    AwardRound.objects.filter(pk=award_round.pk).update(
        status=RoundStatus.CURATION,
        reevaluation_missing_rule=rule,
        nomination_closes=timezone.now() - timedelta(days=1),
    )
    decision = awards.settle_missing_reevaluation(entry, by=admin_user)
    assert (decision.level.name_id if decision.level else None) == expected and decision.reason
    assert AuditRecord.objects.for_object(entry).filter(action="award.decided").exists()


def test_where_the_admin_decides_each_a_reason_is_needed(new_round, admin_user):
    award_round, first, _second = new_round
    (entry,) = nominations.start_reevaluation(award_round, [first], by=admin_user)
    AwardRound.objects.filter(pk=award_round.pk).update(
        status=RoundStatus.CURATION, nomination_closes=timezone.now() - timedelta(days=1)
    )
    one = award_round.award_levels.get(name_id="Bintang 1")
    with pytest.raises(WorkflowError, match="evaluasi ulang"):
        awards.settle_missing_reevaluation(entry, by=admin_user, level=one, reason="")
    decision = awards.settle_missing_reevaluation(entry, by=admin_user, level=one, reason="Tidak ada pembaruan data.")
    assert decision.level == one


def test_a_submitted_entry_is_not_settled_as_missing(new_round, admin_user, officer):
    award_round, first, _second = new_round
    (entry,) = nominations.start_reevaluation(award_round, [first], by=admin_user)
    NominationPhotoFactory(nomination=entry)
    nominations.submit_nomination(entry, by=officer)
    AwardRound.objects.filter(pk=award_round.pk).update(
        status=RoundStatus.CURATION, nomination_closes=timezone.now() - timedelta(days=1)
    )
    with pytest.raises(WorkflowError, match="tidak diajukan"):
        awards.settle_missing_reevaluation(entry, by=admin_user)


def test_the_page_starts_all_holders_of_a_round_and_lists_the_entries(client, new_round, admin_user):
    award_round, first, _second = new_round
    client.force_login(admin_user)
    url = reverse("awards:reevaluation", args=[award_round.pk])
    page = client.get(url).content.decode()
    assert first.business_name in page and "1 pemegang bintang" in page
    response = client.post(url, {"all_of_round": first.round_id}, follow=True)
    page = response.content.decode()
    assert "1 evaluasi ulang dimulai" in page and 'id="outcome-kept">0<' in page
    assert Nomination.objects.filter(round=award_round, reevaluates=first).exists()


@pytest.mark.parametrize("who", ["officer", "team_member", "chair", "assessor"])
def test_nobody_else_reaches_the_page(client, request, new_round, who):
    award_round, _first, _second = new_round
    client.force_login(request.getfixturevalue(who))
    assert client.get(reverse("awards:reevaluation", args=[award_round.pk])).status_code == 403


def test_statistics_count_reevaluations_apart_with_their_outcomes(client, new_round, admin_user):
    award_round, first, _second = new_round
    entry = locked_reevaluation(award_round, first, admin_user)
    awards.decide(entry, level=award_round.award_levels.get(name_id="Bintang 3"), reason="Tetap unggul.", by=admin_user)
    client.force_login(admin_user)
    response = client.get(reverse("reports:statistics"), {"round": award_round.pk})
    assert response.context["total"] == 0  # the round's own nominations only
    figures = response.context["reevaluation"]
    assert (figures["n"], figures["submitted"]) == (1, 1)
    assert {str(label): n for label, n in figures["outcomes"]}["dipertahankan"] == 1


def published_holders(count, admin_user, officer):
    """A closed, published round in which `count` IKM of the officer's regency received Bintang 2."""
    earlier = AwardRoundFactory(
        status=RoundStatus.CLOSED,
        year=2029,
        name=f"Penghargaan IKM OVOP 2029 ({count})",
        results_published_at=timezone.now() - timedelta(days=30),
    )
    seed_default_levels(earlier)
    two = earlier.award_levels.get(name_id="Bintang 2")
    for index in range(count):
        ikm = IkmFactory(nib=f"{9300000000000 + count * 100 + index}")
        nomination = NominationFactory(
            round=earlier,
            regency=officer.regency,
            created_by=officer,
            nib=ikm.nib,
            ikm=ikm,
            status=NominationStatus.AWARDED,
        )
        DecisionFactory(nomination=nomination, level=two, decided_by=admin_user)
    return earlier


def test_the_reevaluation_page_reads_the_same_number_of_queries_for_3_or_20_holders(client, admin_user, officer):
    client.force_login(admin_user)
    counts = []
    for count in (3, 20):
        award_round = AwardRoundFactory(reevaluation_skips_province=True)
        seed_default_levels(award_round)
        earlier = published_holders(count, admin_user, officer)
        url = reverse("awards:reevaluation", args=[award_round.pk])
        with CaptureQueriesContext(connection) as before:
            assert client.get(url).status_code == 200
        made = nominations.start_reevaluation(award_round, list(earlier.nominations.all()), by=admin_user)
        assert len(made) == count
        with CaptureQueriesContext(connection) as after:
            assert client.get(url).status_code == 200
        counts.append((len(before), len(after)))
        AwardRound.objects.filter(pk=award_round.pk).update(status=RoundStatus.CLOSED)
    assert counts[0] == counts[1], counts


def test_a_reevaluation_stopped_at_an_earlier_stage_is_settled_by_the_rule(new_round, admin_user, chair, client):
    """Submitted, but not passing the administrative selection (or left off the forwarded shortlist): no decision
    would reach it through the stages, so the round's rule settles it, and its star follows at publication."""
    award_round, first, _second = new_round
    entry = locked_reevaluation(award_round, first, admin_user)
    AwardRound.objects.filter(pk=award_round.pk).update(
        admin_selection=True, reevaluation_missing_rule=MissingReevaluation.WITHDRAW
    )
    award_round.refresh_from_db()
    AdminCheck.objects.create(
        nomination=entry, passed=False, reason="Izin usaha kedaluwarsa.", checked_by=chair, checked_at=timezone.now()
    )
    assert entry.pk in awards.stopped_short(award_round, [entry])
    client.force_login(admin_user)
    page = client.get(reverse("awards:reevaluation", args=[award_round.pk])).content.decode()
    assert "Berhenti sebelum penetapan" in page
    decision = awards.settle_missing_reevaluation(entry, by=admin_user)
    assert decision.level is None
    awards.publish_results(award_round, by=admin_user)
    entry.refresh_from_db()
    assert entry.status == NominationStatus.NOT_AWARDED and star_history(first.ikm).current is None


def test_left_off_the_forwarded_shortlist_counts_as_stopped(new_round, admin_user, chair):
    award_round, first, _second = new_round
    entry = locked_reevaluation(award_round, first, admin_user)
    AwardRound.objects.filter(pk=award_round.pk).update(reevaluation_skips_province=False)
    award_round.refresh_from_db()
    assert entry.pk not in awards.stopped_short(award_round, [entry])  # the province has not forwarded yet
    Shortlist.objects.create(round=award_round, province=chair.province, forwarded_at=timezone.now())
    assert entry.pk in awards.stopped_short(award_round, [entry])
