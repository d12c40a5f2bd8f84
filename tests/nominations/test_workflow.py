"""The nomination workflow through its service functions: windows, quota, transitions, history."""

from datetime import timedelta

import pytest
from django.utils import timezone

from audit.models import AuditRecord
from core.exceptions import StaleEdit, WorkflowError
from nominations import services
from nominations.models import NominationStatus, RoundStatus
from tests.factories import AwardRoundFactory, NominationFactory

pytestmark = pytest.mark.django_db


def test_submit_inside_window_records_who_and_when(nomination, officer):
    services.submit_nomination(nomination, by=officer)
    nomination.refresh_from_db()
    assert nomination.status == NominationStatus.SUBMITTED
    assert nomination.submitted_at is not None
    event = AuditRecord.objects.for_object(nomination).get(action="nomination.submitted")
    assert event.actor == officer
    assert event.before == {"status": "draft"} and event.after == {"status": "submitted"}


def test_submit_after_deadline_is_refused_with_the_closing_date(nomination, officer):
    nomination.round.nomination_closes = timezone.now() - timedelta(minutes=1)
    nomination.round.nomination_opens = timezone.now() - timedelta(days=30)
    nomination.round.save()
    with pytest.raises(WorkflowError, match="ditutup pada|closed on"):
        services.submit_nomination(nomination, by=officer)
    nomination.refresh_from_db()
    assert nomination.status == NominationStatus.DRAFT


def test_submit_before_window_opens_is_refused(nomination, officer):
    nomination.round.nomination_opens = timezone.now() + timedelta(days=1)
    nomination.round.save()
    with pytest.raises(WorkflowError):
        services.submit_nomination(nomination, by=officer)


def test_submit_in_draft_round_is_refused(nomination, officer):
    nomination.round.status = RoundStatus.DRAFT
    nomination.round.save()
    with pytest.raises(WorkflowError):
        services.submit_nomination(nomination, by=officer)


def test_quota_per_regency_is_enforced(award_round, officer):
    award_round.regency_quota = 2
    award_round.save()
    first, second, third = (
        NominationFactory(round=award_round, regency=officer.regency, created_by=officer, with_photo=True)
        for _ in range(3)
    )
    services.submit_nomination(first, by=officer)
    services.submit_nomination(second, by=officer)
    with pytest.raises(WorkflowError, match="2"):
        services.submit_nomination(third, by=officer)
    services.withdraw_nomination(first, by=officer)
    services.submit_nomination(third, by=officer)
    third.refresh_from_db()
    assert third.status == NominationStatus.SUBMITTED


def test_quota_counts_each_regency_separately(award_round, officer, other_officer):
    award_round.regency_quota = 1
    award_round.save()
    services.submit_nomination(
        NominationFactory(round=award_round, regency=officer.regency, created_by=officer, with_photo=True), by=officer
    )
    other = NominationFactory(
        round=award_round, regency=other_officer.regency, created_by=other_officer, with_photo=True
    )
    services.submit_nomination(other, by=other_officer)


def test_submit_without_photo_or_fields_lists_what_is_missing(award_round, officer):
    nomination = NominationFactory(
        round=award_round, regency=officer.regency, created_by=officer, product_name="", phone=""
    )
    with pytest.raises(WorkflowError) as error:
        services.submit_nomination(nomination, by=officer)
    message = str(error.value)
    assert "nama produk" in message and "telepon kontak" in message and "foto produk" in message


def test_officer_of_another_regency_cannot_submit(nomination, other_officer):
    with pytest.raises(WorkflowError):
        services.submit_nomination(nomination, by=other_officer)


def test_return_for_revision_then_resubmit_keeps_history(nomination, officer, team_member):
    services.submit_nomination(nomination, by=officer)
    with pytest.raises(WorkflowError):
        services.return_for_revision(nomination, by=team_member, reason="  ")
    services.return_for_revision(nomination, by=team_member, reason="Foto produk kurang jelas")
    nomination.refresh_from_db()
    assert nomination.status == NominationStatus.RETURNED
    assert nomination.return_reason == "Foto produk kurang jelas"
    services.submit_nomination(nomination, by=officer)
    nomination.refresh_from_db()
    assert nomination.status == NominationStatus.RESUBMITTED
    actions = list(
        AuditRecord.objects.for_object(nomination)
        .order_by("at", "id")
        .values_list("action", "actor__username", "reason")
    )
    assert actions == [
        ("nomination.submitted", "officer", ""),
        ("nomination.returned", "team_member", "Foto produk kurang jelas"),
        ("nomination.submitted", "officer", ""),
    ]


def test_team_of_another_province_cannot_return(nomination, officer, other_province_member):
    services.submit_nomination(nomination, by=officer)
    with pytest.raises(WorkflowError):
        services.return_for_revision(nomination, by=other_province_member, reason="x")


def test_cannot_return_a_draft(nomination, team_member):
    with pytest.raises(WorkflowError):
        services.return_for_revision(nomination, by=team_member, reason="x")


def test_withdraw_before_curation(nomination, officer):
    services.submit_nomination(nomination, by=officer)
    services.withdraw_nomination(nomination, by=officer, reason="IKM tidak bersedia")
    nomination.refresh_from_db()
    assert nomination.status == NominationStatus.WITHDRAWN
    assert (
        AuditRecord.objects.for_object(nomination)
        .filter(action="nomination.withdrawn", reason="IKM tidak bersedia")
        .exists()
    )


def test_curation_locks_submitted_nominations_and_blocks_withdraw(nomination, officer, admin_user):
    services.submit_nomination(nomination, by=officer)
    draft = NominationFactory(round=nomination.round, regency=officer.regency, created_by=officer)
    award_round = nomination.round
    with pytest.raises(WorkflowError, match="curation|kurasi"):
        services.start_curation(award_round, by=admin_user)
    services.start_curation(award_round, by=admin_user, now=award_round.nomination_closes)
    nomination.refresh_from_db()
    draft.refresh_from_db()
    assert nomination.status == NominationStatus.LOCKED
    assert draft.status == NominationStatus.DRAFT
    with pytest.raises(WorkflowError):
        services.withdraw_nomination(nomination, by=officer)


def test_only_one_round_takes_nominations(award_round, admin_user):
    second = AwardRoundFactory(status=RoundStatus.DRAFT)
    with pytest.raises(WorkflowError):
        services.open_round_for_nominations(second, by=admin_user)
    services.start_curation(award_round, by=admin_user, now=award_round.nomination_closes)
    services.open_round_for_nominations(second, by=admin_user)
    second.refresh_from_db()
    assert second.status == RoundStatus.NOMINATION


def test_stale_edit_is_refused(nomination, officer):
    stale_version = nomination.version
    services.save_nomination(nomination, by=officer, expected_version=stale_version)
    with pytest.raises(StaleEdit):
        services.save_nomination(nomination, by=officer, expected_version=stale_version)
