"""Every guard of awards/services.py, pinned at the service level: who decides, when, on which nominations and
levels; publication (phase, window, undecided, what each nomination becomes, the held e-mails); the Go Global cohort
(published, awarded, once, its size) and the programme's audit."""

from datetime import timedelta

import pytest
from django.forms.models import model_to_dict

from audit.models import AuditRecord
from awards import services
from awards.forms import ProgrammeForm
from awards.models import AwardLevel, CohortMembership, Decision
from core.exceptions import WorkflowError
from curation.models import Shortlist
from nominations.models import AwardRound, NominationStatus, RoundStatus
from notifications.models import Notification
from tests.factories import AwardRoundFactory, OfficerFactory

pytestmark = pytest.mark.django_db


def level(award_round, name="Bintang 3"):
    return award_round.award_levels.get(name_id=name)


def audit(target, action):
    return AuditRecord.objects.for_object(target).filter(action=action).latest("pk")


def set_round(award_round, **fields):
    AwardRound.objects.filter(pk=award_round.pk).update(**fields)
    award_round.refresh_from_db()


def decided(decision_round, admin_user):
    award_round, first, second, _third = decision_round
    services.decide(first, level=level(award_round), reason="Terbaik", by=admin_user)
    services.decide(second, level=None, reason="Belum siap", by=admin_user)
    return award_round, first, second


def published(decision_round, admin_user):
    award_round, first, second = decided(decision_round, admin_user)
    services.publish_results(award_round, by=admin_user)
    award_round.refresh_from_db()
    return award_round, first, second


# Award levels ---------------------------------------------------------------------------------------------------


def test_a_round_gets_bintang_5_4_and_3_by_rank():
    award_round = AwardRoundFactory(status=RoundStatus.DRAFT)
    services.seed_default_levels(award_round)
    assert list(award_round.award_levels.order_by("rank").values_list("name_id", "name_en", "rank")) == [
        ("Bintang 3", "3 stars", 1),
        ("Bintang 2", "2 stars", 2),
        ("Bintang 1", "1 star", 3),
    ]


def test_seeding_keeps_existing_award_levels():
    award_round = AwardRoundFactory(status=RoundStatus.DRAFT)
    AwardLevel.objects.create(round=award_round, name_id="Emas", name_en="Gold", rank=1)
    services.seed_default_levels(award_round)
    assert list(award_round.award_levels.values_list("name_id", flat=True)) == ["Emas"]


def test_the_forwarded_nominations_are_those_of_forwarded_shortlists(decision_round):
    award_round, first, second, third = decision_round
    assert set(services.forwarded_nominations(award_round)) == {first, second}


# decide ----------------------------------------------------------------------------------------------------------


def test_a_decision_records_level_reason_and_decider_and_is_audited(decision_round, admin_user):
    award_round, first, _second, _third = decision_round
    decision = services.decide(first, level=level(award_round), reason="Terbaik", by=admin_user)
    decision.refresh_from_db()
    assert (decision.level, decision.reason, decision.decided_by) == (level(award_round), "Terbaik", admin_user)
    event = audit(first, "award.decided")
    assert event.actor == admin_user and event.reason == "Terbaik"
    assert event.before is None and event.after == {"level": "Bintang 3", "recommended": None, "score": "100.00"}


def test_a_changed_decision_is_audited_with_the_previous_level(decision_round, admin_user):
    award_round, first, _second, _third = decision_round
    services.decide(first, level=level(award_round), reason="Terbaik", by=admin_user)
    services.decide(first, level=level(award_round, "Bintang 2"), reason="Turun", by=admin_user)
    event = audit(first, "award.decided")
    assert event.before == {"level": str(level(award_round))} and event.after["level"] == "Bintang 2"
    services.decide(first, level=None, reason="Batal", by=admin_user)
    services.decide(first, level=level(award_round), reason="Lagi", by=admin_user)
    assert audit(first, "award.decided").before == {"level": None}
    assert Decision.objects.filter(nomination=first).count() == 1


def test_only_a_ministry_admin_decides(decision_round, chair):
    award_round, first, _second, _third = decision_round
    with pytest.raises(WorkflowError):
        services.decide(first, level=level(award_round), reason="Terbaik", by=chair)
    assert not Decision.objects.exists()


def test_no_decision_after_publication(decision_round, admin_user):
    award_round, first, second = published(decision_round, admin_user)
    with pytest.raises(WorkflowError):
        services.decide(second, level=level(award_round), reason="Terbaik", by=admin_user)
    assert not Decision.objects.get(nomination=second).is_awarded


@pytest.mark.parametrize("status", [RoundStatus.NOMINATION, RoundStatus.CLOSED])
def test_decisions_are_made_during_curation(decision_round, admin_user, status):
    award_round, first, _second, _third = decision_round
    set_round(award_round, status=status)
    with pytest.raises(WorkflowError):
        services.decide(first, level=level(award_round), reason="Terbaik", by=admin_user)
    assert not Decision.objects.exists()


@pytest.mark.parametrize("with_level", [True, False])
def test_a_nomination_not_forwarded_gets_no_decision(decision_round, admin_user, with_level):
    award_round, _first, _second, third = decision_round
    with pytest.raises(WorkflowError):
        services.decide(third, level=level(award_round) if with_level else None, reason="x", by=admin_user)
    assert not Decision.objects.exists()


def test_an_award_is_taken_back_from_a_reopened_shortlist(decision_round, admin_user):
    award_round, first, _second, _third = decision_round
    services.decide(first, level=level(award_round), reason="Terbaik", by=admin_user)
    Shortlist.objects.filter(round=award_round).update(forwarded_at=None)
    with pytest.raises(WorkflowError):
        services.decide(first, level=level(award_round, "Bintang 2"), reason="Turun", by=admin_user)
    services.decide(first, level=None, reason="Dikembalikan", by=admin_user)
    assert not Decision.objects.get(nomination=first).is_awarded


def test_a_level_of_another_round_is_refused(decision_round, admin_user):
    _award_round, first, _second, _third = decision_round
    other = AwardRoundFactory(status=RoundStatus.DRAFT)
    services.seed_default_levels(other)
    with pytest.raises(WorkflowError):
        services.decide(first, level=level(other), reason="Terbaik", by=admin_user)
    assert not Decision.objects.exists()


def test_a_decision_needs_a_reason(decision_round, admin_user):
    award_round, first, _second, _third = decision_round
    with pytest.raises(WorkflowError):
        services.decide(first, level=level(award_round), reason=" ", by=admin_user)
    assert not Decision.objects.exists()


# publish_results --------------------------------------------------------------------------------------------------


def test_publishing_concludes_each_nomination_and_holds_the_e_mails(decision_round, admin_user, officer, other_officer):
    award_round, first, second = decided(decision_round, admin_user)
    third = decision_round[3]
    colleague = OfficerFactory(username="colleague", regency=officer.regency)
    now = award_round.scoring_closes
    services.publish_results(award_round, by=admin_user, now=now)
    award_round.refresh_from_db()
    assert award_round.results_published_at == now
    event = audit(award_round, "round.published")
    assert event.actor == admin_user
    assert event.before == {"results_published_at": None} and event.after == {"results_published_at": now.isoformat()}
    for nomination, status in [
        (first, NominationStatus.AWARDED),
        (second, NominationStatus.NOT_AWARDED),
        (third, NominationStatus.NOT_AWARDED),
    ]:
        nomination.refresh_from_db()
        assert nomination.status == status
    mails = Notification.objects.filter(kind="results_published")
    assert {n.status for n in mails} == {Notification.Status.OUTBOX}
    # first and third are Sleman's (two officers each), second is Bantul's.
    assert sorted(n.recipient.username for n in mails) == sorted(
        [officer.username, colleague.username] * 2 + [other_officer.username]
    )
    assert {n.link for n in mails.filter(recipient=other_officer)} == {f"/nominations/{second.pk}/"}
    assert str(second) in mails.get(recipient=other_officer).body
    assert AuditRecord.objects.for_object(first).get(action="nomination.concluded").actor == admin_user


def test_the_award_level_is_in_the_winners_e_mail(decision_round, admin_user, officer):
    award_round, first, _second = published(decision_round, admin_user)
    body = Notification.objects.get(kind="results_published", link=f"/nominations/{first.pk}/").body
    assert "Bintang 3" in body


def test_only_a_ministry_admin_publishes(decision_round, admin_user, chair):
    award_round, _first, _second = decided(decision_round, admin_user)
    with pytest.raises(WorkflowError):
        services.publish_results(award_round, by=chair)
    award_round.refresh_from_db()
    assert not award_round.results_published


def test_results_are_published_once(decision_round, admin_user):
    award_round, _first, _second = published(decision_round, admin_user)
    with pytest.raises(WorkflowError):
        services.publish_results(award_round, by=admin_user)
    assert AuditRecord.objects.filter(action="round.published").count() == 1


def test_results_are_published_after_scoring_closes(decision_round, admin_user):
    award_round, _first, _second = decided(decision_round, admin_user)
    with pytest.raises(WorkflowError):
        services.publish_results(award_round, by=admin_user, now=award_round.scoring_closes - timedelta(seconds=1))
    award_round.refresh_from_db()
    assert not award_round.results_published


def test_results_are_published_from_curation_only(decision_round, admin_user):
    award_round, _first, _second = decided(decision_round, admin_user)
    set_round(award_round, status=RoundStatus.CLOSED)
    with pytest.raises(WorkflowError):
        services.publish_results(award_round, by=admin_user)
    award_round.refresh_from_db()
    assert not award_round.results_published


def test_every_forwarded_nomination_needs_a_decision_before_publication(decision_round, admin_user):
    award_round, first, _second, _third = decision_round
    services.decide(first, level=level(award_round), reason="Terbaik", by=admin_user)
    with pytest.raises(WorkflowError, match="1"):
        services.publish_results(award_round, by=admin_user)
    award_round.refresh_from_db()
    assert not award_round.results_published


def test_a_round_without_any_decision_is_not_published(admin_user):
    award_round = AwardRoundFactory(status=RoundStatus.CURATION)
    with pytest.raises(WorkflowError):
        services.publish_results(award_round, by=admin_user, now=award_round.scoring_closes)
    award_round.refresh_from_db()
    assert not award_round.results_published


# promote ---------------------------------------------------------------------------------------------------------


def test_promoting_an_awarded_ikm_is_audited_and_tells_its_officers(decision_round, admin_user, officer):
    award_round, first, _second = published(decision_round, admin_user)
    membership = services.promote(first, by=admin_user)
    assert membership.nomination == first and membership.promoted_by == admin_user
    event = audit(first, "cohort.promoted")
    assert event.actor == admin_user and event.after == {"cohort": str(award_round), "place": 1}
    promoted = Notification.objects.get(kind="promoted")
    assert promoted.recipient == officer and promoted.link.endswith(f"/{membership.pk}/")
    assert str(first) in promoted.body and str(award_round) in promoted.body


def test_only_a_ministry_admin_promotes(decision_round, admin_user, chair):
    _award_round, first, _second = published(decision_round, admin_user)
    with pytest.raises(WorkflowError):
        services.promote(first, by=chair)
    assert not CohortMembership.objects.exists()


def test_promotion_waits_for_publication(decision_round, admin_user):
    _award_round, first, _second = decided(decision_round, admin_user)
    with pytest.raises(WorkflowError):
        services.promote(first, by=admin_user)
    assert not CohortMembership.objects.exists()


def test_no_promotion_in_a_closed_round(decision_round, admin_user):
    award_round, first, _second = published(decision_round, admin_user)
    set_round(award_round, status=RoundStatus.CLOSED)
    with pytest.raises(WorkflowError, match="ditutup|closed"):
        services.promote(first, by=admin_user)
    assert not CohortMembership.objects.exists()


def test_only_an_awarded_ikm_is_promoted(decision_round, admin_user):
    _award_round, _first, second = published(decision_round, admin_user)
    third = decision_round[3]
    for nomination in (second, third):
        with pytest.raises(WorkflowError):
            services.promote(nomination, by=admin_user)
    assert not CohortMembership.objects.exists()


def test_an_ikm_joins_the_cohort_once(decision_round, admin_user):
    award_round, first, _second = published(decision_round, admin_user)
    set_round(award_round, cohort_size=5)
    services.promote(first, by=admin_user)
    with pytest.raises(WorkflowError):
        services.promote(first, by=admin_user)
    assert CohortMembership.objects.count() == 1


def test_the_cohort_size_is_enforced(decision_round, admin_user):
    award_round, first, second = decided(decision_round, admin_user)
    services.decide(second, level=level(award_round, "Bintang 2"), reason="Naik", by=admin_user)
    services.publish_results(award_round, by=admin_user)
    services.promote(first, by=admin_user)  # one of one place
    with pytest.raises(WorkflowError, match="1"):
        services.promote(second, by=admin_user)
    set_round(award_round, cohort_size=2)
    services.promote(second, by=admin_user)
    assert audit(second, "cohort.promoted").after == {"cohort": str(award_round), "place": 2}


# update_programme -------------------------------------------------------------------------------------------------


def programme_form(membership, **changes):
    data = {
        k: v for k, v in model_to_dict(membership, fields=ProgrammeForm._meta.fields).items() if v not in (None, "")
    }
    data = {k: v for k, v in data.items() if v is not False and k != "export_plan"}
    data.update(changes)
    form = ProgrammeForm(data, instance=membership)
    assert form.is_valid(), form.errors
    return form


def test_a_programme_update_is_audited_field_by_field(decision_round, admin_user):
    _award_round, first, _second = published(decision_round, admin_user)
    membership = services.promote(first, by=admin_user)
    form = programme_form(membership, mentor="Bu Rini", has_website="on")
    services.update_programme(membership, form, by=admin_user)
    membership.refresh_from_db()
    assert membership.mentor == "Bu Rini" and membership.has_website
    event = audit(membership, "cohort.updated")
    assert event.actor == admin_user
    assert event.before["mentor"] == "" and event.after["mentor"] == "Bu Rini"
    assert event.before["has_website"] == "False" and event.after["has_website"] == "True"
    assert "has_marketplace" not in event.after


def test_an_unchanged_programme_writes_no_audit_record(decision_round, admin_user):
    _award_round, first, _second = published(decision_round, admin_user)
    membership = services.promote(first, by=admin_user)
    form = programme_form(membership)
    assert not form.changed_data
    services.update_programme(membership, form, by=admin_user)
    assert not AuditRecord.objects.filter(action="cohort.updated").exists()


def test_only_a_ministry_admin_updates_a_programme(decision_round, admin_user, officer):
    _award_round, first, _second = published(decision_round, admin_user)
    membership = services.promote(first, by=admin_user)
    form = programme_form(membership, mentor="Bu Rini")
    with pytest.raises(WorkflowError):
        services.update_programme(membership, form, by=officer)
    membership.refresh_from_db()
    assert membership.mentor == ""
