"""Every guard of nominations/services.py, pinned at the service level: actor, state, window, closed round, stale
edit, quota, who is notified, what the audit record holds, the version after a save."""

from datetime import timedelta

import pytest
from django.utils import formats, timezone

from audit.models import AuditRecord
from core.exceptions import StaleEdit, WorkflowError
from nominations import services
from nominations.models import AwardRound, CommodityType, Ikm, NominationStatus, RoundStatus
from notifications.models import Notification
from tests.factories import (
    AwardRoundFactory,
    NominationFactory,
    OfficerFactory,
    TeamMemberFactory,
)

pytestmark = pytest.mark.django_db


def audit(target, action):
    return AuditRecord.objects.for_object(target).get(action=action)


def notified(kind):
    return {n.recipient.username for n in Notification.objects.filter(kind=kind)}


def status_of(nomination):
    nomination.refresh_from_db()
    return nomination.status


def another_round():
    """A second round (only one round takes nominations at a time)."""
    return AwardRoundFactory(status=RoundStatus.DRAFT)


def submitted(award_round, officer, status=NominationStatus.SUBMITTED, **kwargs):
    return NominationFactory(
        round=award_round, regency=officer.regency, created_by=officer, with_photo=True, status=status, **kwargs
    )


# check_round_not_closed ------------------------------------------------------------------------------


@pytest.mark.parametrize("status", [RoundStatus.DRAFT, RoundStatus.NOMINATION, RoundStatus.CURATION])
def test_an_open_round_passes_the_closed_round_check(status):
    services.check_round_not_closed(AwardRoundFactory(status=status))


def test_a_closed_round_refuses_any_change():
    with pytest.raises(WorkflowError, match="ditutup|closed"):
        services.check_round_not_closed(AwardRoundFactory(status=RoundStatus.CLOSED))


# save_nomination ----------------------------------------------------------------------------------------


def test_a_new_draft_records_its_creator_and_an_audit_record(award_round, officer):
    draft = NominationFactory.build(round=award_round, regency=officer.regency, created_by=None, ikm=None)
    services.save_nomination(draft, by=officer)
    draft.refresh_from_db()
    assert draft.created_by == officer
    assert draft.status == NominationStatus.DRAFT
    event = audit(draft, "nomination.created")
    assert event.actor == officer and event.after == {"status": "draft"}


def test_a_new_draft_is_refused_in_a_closed_round(officer):
    closed = AwardRoundFactory(status=RoundStatus.CLOSED)
    draft = NominationFactory.build(round=closed, regency=officer.regency, created_by=None, ikm=None)
    with pytest.raises(WorkflowError, match="ditutup|closed"):
        services.save_nomination(draft, by=officer)
    assert draft.pk is None


def test_an_edit_bumps_the_version_by_one_and_writes_no_creation_record(nomination, officer):
    version = nomination.version
    nomination.product_name = "Kain baru"
    saved = services.save_nomination(nomination, by=officer, expected_version=version)
    assert saved.version == version + 1
    nomination.refresh_from_db()
    assert nomination.version == version + 1 and nomination.product_name == "Kain baru"
    assert not AuditRecord.objects.for_object(nomination).filter(action="nomination.created").exists()


def test_an_edit_bumps_only_its_own_nominations_version(nomination, officer):
    other = NominationFactory(round=nomination.round, regency=officer.regency, created_by=officer)
    assert other.version == nomination.version
    services.save_nomination(nomination, by=officer, expected_version=nomination.version)
    before = other.version
    other.refresh_from_db()
    assert other.version == before


def test_an_edit_based_on_an_older_version_is_refused_as_stale(nomination, officer):
    services.save_nomination(nomination, by=officer, expected_version=nomination.version)
    stale = type(nomination).objects.get(pk=nomination.pk)
    stale.product_name = "Perubahan tab lama"
    with pytest.raises(StaleEdit):
        services.save_nomination(stale, by=officer, expected_version=nomination.version - 1)
    nomination.refresh_from_db()
    assert nomination.product_name != "Perubahan tab lama"


def test_a_returned_nomination_can_be_edited(award_round, officer):
    returned = submitted(award_round, officer, status=NominationStatus.RETURNED)
    returned.product_name = "Diperbaiki"
    services.save_nomination(returned, by=officer, expected_version=returned.version)
    returned.refresh_from_db()
    assert returned.product_name == "Diperbaiki"


@pytest.mark.parametrize("status", [NominationStatus.SUBMITTED, NominationStatus.LOCKED, NominationStatus.WITHDRAWN])
def test_a_nomination_past_the_draft_cannot_be_edited(award_round, officer, status):
    past = submitted(award_round, officer, status=status)
    past.product_name = "Tidak boleh"
    with pytest.raises(WorkflowError, match=str(past.get_status_display().lower())):
        services.save_nomination(past, by=officer, expected_version=past.version)
    past.refresh_from_db()
    assert past.product_name != "Tidak boleh"


def test_an_edit_in_a_closed_round_is_refused(nomination, officer):
    AwardRound.objects.filter(pk=nomination.round_id).update(status=RoundStatus.CLOSED)
    with pytest.raises(WorkflowError, match="ditutup|closed"):
        services.save_nomination(nomination, by=officer, expected_version=nomination.version)


def test_a_second_nomination_of_the_same_ikm_in_a_round_is_refused(nomination, officer):
    twin = NominationFactory.build(
        round=nomination.round, regency=officer.regency, created_by=None, nib=nomination.nib, ikm=None
    )
    with pytest.raises(WorkflowError):
        services.save_nomination(twin, by=officer)
    assert twin.pk is None or not type(nomination).objects.filter(pk=twin.pk).exists()


def test_a_draft_without_nib_has_no_ikm(award_round, officer):
    draft = NominationFactory.build(round=award_round, regency=officer.regency, created_by=None, nib="", ikm=None)
    services.save_nomination(draft, by=officer)
    draft.refresh_from_db()
    assert draft.ikm is None


def test_a_new_nib_creates_its_ikm_in_the_drafts_regency_named_after_the_business(award_round, officer):
    draft = NominationFactory.build(
        round=award_round, regency=officer.regency, created_by=None, nib="9199999999991", ikm=None
    )
    services.save_nomination(draft, by=officer)
    ikm = Ikm.objects.get(nib="9199999999991")
    assert draft.ikm == ikm
    assert ikm.regency == officer.regency and ikm.business_name == draft.business_name


def test_a_new_nib_without_business_name_names_its_ikm_after_the_nib(award_round, officer):
    draft = NominationFactory.build(
        round=award_round, regency=officer.regency, created_by=None, nib="9199999999992", business_name="", ikm=None
    )
    services.save_nomination(draft, by=officer)
    assert Ikm.objects.get(nib="9199999999992").business_name == "9199999999992"


def test_a_nib_held_by_another_regency_is_refused(award_round, officer, other_officer):
    submitted(award_round, other_officer, nib="9199999999993")
    draft = NominationFactory.build(
        round=another_round(), regency=officer.regency, created_by=None, nib="9199999999993", ikm=None
    )
    with pytest.raises(WorkflowError, match="kabupaten/kota lain|another regency"):
        services.save_nomination(draft, by=officer)


def test_the_holding_regency_renames_its_ikm(award_round, officer):
    submitted(award_round, officer, nib="9199999999994", business_name="Nama Lama")
    draft = NominationFactory.build(
        round=another_round(),
        regency=officer.regency,
        created_by=None,
        nib="9199999999994",
        business_name="Nama Baru",
        ikm=None,
    )
    services.save_nomination(draft, by=officer)
    assert Ikm.objects.get(nib="9199999999994").business_name == "Nama Baru"


def test_a_draft_of_an_ikm_nobody_holds_yet_does_not_rename_it(award_round, officer, other_officer):
    NominationFactory(
        round=award_round, regency=other_officer.regency, created_by=other_officer, nib="9199999999995",
        business_name="Nama Pertama",
    )  # fmt: skip
    draft = NominationFactory.build(
        round=another_round(),
        regency=officer.regency,
        created_by=None,
        nib="9199999999995",
        business_name="Nama Lain",
        ikm=None,
    )
    services.save_nomination(draft, by=officer)
    assert Ikm.objects.get(nib="9199999999995").business_name == "Nama Pertama"


def test_a_draft_without_business_name_keeps_the_ikm_name(award_round, officer):
    submitted(award_round, officer, nib="9199999999996", business_name="Nama Tetap")
    draft = NominationFactory.build(
        round=another_round(), regency=officer.regency, created_by=None, nib="9199999999996", business_name="",
        ikm=None,
    )  # fmt: skip
    services.save_nomination(draft, by=officer)
    assert Ikm.objects.get(nib="9199999999996").business_name == "Nama Tetap"


# move_ikm ----------------------------------------------------------------------------------------------


def test_a_ministry_admin_moves_an_ikm_and_the_audit_says_from_where_to_where(nomination, admin_user, bantul):
    submitted(another_round(), OfficerFactory(regency=nomination.regency), nib="9199999999997")
    ikm = Ikm.objects.get(nib="9199999999997")
    services.move_ikm(ikm, bantul, by=admin_user, reason="Pindah pabrik")
    ikm.refresh_from_db()
    assert ikm.regency == bantul and ikm.moved_at is not None and ikm.holder_id() == bantul.pk
    event = audit(ikm, "ikm.moved")
    assert event.actor == admin_user and event.reason == "Pindah pabrik"
    assert event.before == {"regency": str(nomination.regency)} and event.after == {"regency": str(bantul)}


def test_moving_an_ikm_nobody_holds_records_no_previous_regency(nomination, admin_user, bantul):
    services.move_ikm(nomination.ikm, bantul, by=admin_user, reason="Pindah")
    assert audit(nomination.ikm, "ikm.moved").before == {"regency": None}


def test_only_a_ministry_admin_moves_an_ikm(nomination, officer, bantul):
    with pytest.raises(WorkflowError):
        services.move_ikm(nomination.ikm, bantul, by=officer, reason="Pindah")
    nomination.ikm.refresh_from_db()
    assert nomination.ikm.regency != bantul


def test_moving_an_ikm_needs_a_reason(nomination, admin_user, bantul):
    with pytest.raises(WorkflowError):
        services.move_ikm(nomination.ikm, bantul, by=admin_user, reason="   ")
    nomination.ikm.refresh_from_db()
    assert nomination.ikm.moved_at is None


# submit_nomination -------------------------------------------------------------------------------------


def test_submitting_sets_the_status_time_version_and_audit(nomination, officer):
    now = timezone.now()
    version = nomination.version
    result = services.submit_nomination(nomination, by=officer, now=now)
    assert result.version == version + 1
    nomination.refresh_from_db()
    assert nomination.status == NominationStatus.SUBMITTED
    assert nomination.submitted_at == now and nomination.version == version + 1
    event = audit(nomination, "nomination.submitted")
    assert event.actor == officer and event.reason == ""
    assert event.before == {"status": "draft"} and event.after == {"status": "submitted"}


def test_submitting_notifies_the_regencys_officers_and_the_provinces_team_only(
    nomination, officer, other_officer, team_member, other_province_member
):
    colleague = OfficerFactory(username="colleague", regency=officer.regency)
    OfficerFactory(username="inactive_officer", regency=officer.regency, is_active=False)
    services.submit_nomination(nomination, by=officer)
    assert notified("nomination_submitted") == {officer.username, colleague.username, team_member.username}
    first = Notification.objects.filter(kind="nomination_submitted").first()
    assert first.link == f"/nominations/{nomination.pk}/"
    assert str(nomination) in first.body and str(nomination.round) in first.body


def test_an_officer_of_another_regency_cannot_submit(nomination, other_officer):
    with pytest.raises(WorkflowError, match=str(nomination.regency)):
        services.submit_nomination(nomination, by=other_officer)
    assert status_of(nomination) == NominationStatus.DRAFT


@pytest.mark.parametrize("actor", ["team_member", "admin_user"])
def test_only_an_officer_submits(nomination, actor, request):
    with pytest.raises(WorkflowError, match=str(nomination.regency)):
        services.submit_nomination(nomination, by=request.getfixturevalue(actor))
    assert status_of(nomination) == NominationStatus.DRAFT


@pytest.mark.parametrize("status", [NominationStatus.SUBMITTED, NominationStatus.LOCKED, NominationStatus.WITHDRAWN])
def test_only_a_draft_or_returned_nomination_is_submitted(award_round, officer, status):
    nomination = submitted(award_round, officer, status=status)
    with pytest.raises(WorkflowError):
        services.submit_nomination(nomination, by=officer)
    assert status_of(nomination) == status


def test_a_returned_nomination_is_resubmitted_even_with_the_quota_used(award_round, officer):
    award_round.regency_quota = 1
    award_round.save()
    returned = submitted(award_round, officer, status=NominationStatus.RETURNED)
    services.submit_nomination(returned, by=officer)
    assert status_of(returned) == NominationStatus.RESUBMITTED
    assert audit(returned, "nomination.submitted").after == {"status": "resubmitted"}


def when(value):
    return formats.date_format(timezone.localtime(value), "DATETIME_FORMAT")


def test_submitting_before_the_window_opens_says_when_it_opens(nomination, officer):
    opens = timezone.now() + timedelta(days=1)
    AwardRound.objects.filter(pk=nomination.round_id).update(nomination_opens=opens)
    with pytest.raises(WorkflowError, match=f"(dibuka pada|open on) {when(opens)}"):
        services.submit_nomination(nomination, by=officer)
    assert status_of(nomination) == NominationStatus.DRAFT


def test_submitting_after_the_window_closed_says_when_it_closed(nomination, officer):
    closes = timezone.now() - timedelta(hours=2)
    AwardRound.objects.filter(pk=nomination.round_id).update(nomination_closes=closes)
    with pytest.raises(WorkflowError, match=f"(ditutup pada|closed on) {when(closes)}"):
        services.submit_nomination(nomination, by=officer)
    assert status_of(nomination) == NominationStatus.DRAFT


def test_submitting_in_a_draft_round_before_its_dates_says_the_window_is_closed(nomination, officer):
    AwardRound.objects.filter(pk=nomination.round_id).update(
        status=RoundStatus.DRAFT, nomination_opens=timezone.now() + timedelta(days=1)
    )
    with pytest.raises(WorkflowError, match="ditutup pada|closed on"):
        services.submit_nomination(nomination, by=officer)


def test_submitting_is_judged_at_the_time_given(nomination, officer):
    closes = timezone.now() - timedelta(hours=1)
    AwardRound.objects.filter(pk=nomination.round_id).update(nomination_closes=closes)
    services.submit_nomination(nomination, by=officer, now=closes - timedelta(minutes=1))
    assert status_of(nomination) == NominationStatus.SUBMITTED


def test_submitting_at_the_opening_moment_is_allowed(nomination, officer):
    opens = nomination.round.nomination_opens
    services.submit_nomination(nomination, by=officer, now=opens)
    assert status_of(nomination) == NominationStatus.SUBMITTED


def test_submitting_with_missing_fields_lists_them_and_keeps_the_draft(nomination, officer):
    type(nomination).objects.filter(pk=nomination.pk).update(owner_name="")
    with pytest.raises(WorkflowError, match="pemilik|owner"):
        services.submit_nomination(nomination, by=officer)
    assert status_of(nomination) == NominationStatus.DRAFT


def test_the_regency_quota_counts_submitted_nominations(award_round, officer):
    award_round.regency_quota = 2
    award_round.save()
    submitted(award_round, officer, status=NominationStatus.SUBMITTED)
    second = submitted(award_round, officer, status=NominationStatus.DRAFT)
    services.submit_nomination(second, by=officer)  # one of two used: allowed
    third = submitted(award_round, officer, status=NominationStatus.DRAFT)
    with pytest.raises(WorkflowError, match="2"):
        services.submit_nomination(third, by=officer)
    assert status_of(third) == NominationStatus.DRAFT


def test_the_regency_quota_ignores_drafts_withdrawn_and_other_regencies_and_rounds(award_round, officer, other_officer):
    award_round.regency_quota = 1
    award_round.save()
    submitted(award_round, officer, status=NominationStatus.WITHDRAWN)
    submitted(award_round, officer, status=NominationStatus.DRAFT)
    submitted(award_round, other_officer, status=NominationStatus.SUBMITTED)
    submitted(another_round(), officer, status=NominationStatus.SUBMITTED)
    draft = submitted(award_round, officer, status=NominationStatus.DRAFT)
    services.submit_nomination(draft, by=officer)
    assert status_of(draft) == NominationStatus.SUBMITTED


# withdraw_nomination ------------------------------------------------------------------------------------


def test_withdrawing_records_the_reason(nomination, officer):
    services.submit_nomination(nomination, by=officer)
    services.withdraw_nomination(nomination, by=officer, reason="Usaha tutup")
    assert status_of(nomination) == NominationStatus.WITHDRAWN
    event = audit(nomination, "nomination.withdrawn")
    assert event.actor == officer and event.reason == "Usaha tutup" and event.before == {"status": "submitted"}


def test_a_withdrawal_without_reason_records_none(nomination, officer):
    services.withdraw_nomination(nomination, by=officer)
    assert audit(nomination, "nomination.withdrawn").reason == ""


def test_an_officer_of_another_regency_cannot_withdraw(nomination, other_officer):
    with pytest.raises(WorkflowError, match=str(nomination.regency)):
        services.withdraw_nomination(nomination, by=other_officer)
    assert status_of(nomination) == NominationStatus.DRAFT


def test_a_team_member_cannot_withdraw(nomination, team_member):
    with pytest.raises(WorkflowError, match=str(nomination.regency)):
        services.withdraw_nomination(nomination, by=team_member)
    assert status_of(nomination) == NominationStatus.DRAFT


def test_a_nomination_can_be_withdrawn_while_its_round_is_a_draft(officer):
    nomination = submitted(AwardRoundFactory(status=RoundStatus.DRAFT), officer, status=NominationStatus.DRAFT)
    services.withdraw_nomination(nomination, by=officer)
    assert status_of(nomination) == NominationStatus.WITHDRAWN


@pytest.mark.parametrize("status", [RoundStatus.CURATION, RoundStatus.CLOSED])
def test_no_withdrawal_once_curation_started(officer, status):
    nomination = submitted(AwardRoundFactory(status=status), officer, status=NominationStatus.LOCKED)
    with pytest.raises(WorkflowError, match="[Kk]urasi|[Cc]uration"):
        services.withdraw_nomination(nomination, by=officer)
    assert status_of(nomination) == NominationStatus.LOCKED


def test_a_withdrawn_nomination_cannot_be_withdrawn_again(award_round, officer):
    nomination = submitted(award_round, officer, status=NominationStatus.WITHDRAWN)
    with pytest.raises(WorkflowError):
        services.withdraw_nomination(nomination, by=officer)
    assert not AuditRecord.objects.for_object(nomination).exists()


# return_for_revision -----------------------------------------------------------------------------------


def test_returning_records_the_reason_and_tells_the_regencys_officers(award_round, officer, other_officer, team_member):
    nomination = submitted(award_round, officer)
    services.return_for_revision(nomination, by=team_member, reason="Foto buram")
    nomination.refresh_from_db()
    assert nomination.status == NominationStatus.RETURNED and nomination.return_reason == "Foto buram"
    event = audit(nomination, "nomination.returned")
    assert event.actor == team_member and event.reason == "Foto buram"
    assert event.after == {"status": "returned"}
    assert notified("nomination_returned") == {officer.username}
    returned = Notification.objects.get(kind="nomination_returned")
    assert returned.link.endswith(f"/{nomination.pk}/edit/")
    assert "Foto buram" in returned.body and str(nomination) in returned.body


def test_a_resubmitted_nomination_can_be_returned_again(award_round, officer, team_member):
    nomination = submitted(award_round, officer, status=NominationStatus.RESUBMITTED)
    services.return_for_revision(nomination, by=team_member, reason="Masih kurang")
    assert status_of(nomination) == NominationStatus.RETURNED


@pytest.mark.parametrize("actor", ["other_province_member", "officer", "admin_user"])
def test_only_the_provinces_team_returns_a_nomination(award_round, officer, actor, request):
    nomination = submitted(award_round, officer)
    with pytest.raises(WorkflowError):
        services.return_for_revision(nomination, by=request.getfixturevalue(actor), reason="Foto buram")
    assert status_of(nomination) == NominationStatus.SUBMITTED


def test_returning_needs_a_reason(award_round, officer, team_member):
    nomination = submitted(award_round, officer)
    with pytest.raises(WorkflowError):
        services.return_for_revision(nomination, by=team_member, reason=" ")
    assert status_of(nomination) == NominationStatus.SUBMITTED


@pytest.mark.parametrize("status", [NominationStatus.DRAFT, NominationStatus.RETURNED, NominationStatus.WITHDRAWN])
def test_only_a_submitted_nomination_is_returned(award_round, officer, team_member, status):
    nomination = submitted(award_round, officer, status=status)
    with pytest.raises(WorkflowError):
        services.return_for_revision(nomination, by=team_member, reason="Foto buram")
    assert status_of(nomination) == status


def test_no_return_once_curation_started(officer, team_member):
    nomination = submitted(AwardRoundFactory(status=RoundStatus.CURATION), officer)
    with pytest.raises(WorkflowError, match="[Kk]urasi|[Cc]uration"):
        services.return_for_revision(nomination, by=team_member, reason="Foto buram")
    assert status_of(nomination) == NominationStatus.SUBMITTED


# Rounds ---------------------------------------------------------------------------------------------------


def test_opening_a_draft_round_for_nominations_is_audited(admin_user):
    award_round = AwardRoundFactory(status=RoundStatus.DRAFT)
    services.open_round_for_nominations(award_round, by=admin_user)
    award_round.refresh_from_db()
    assert award_round.status == RoundStatus.NOMINATION
    event = audit(award_round, "round.status")
    assert event.actor == admin_user and event.reason == ""
    assert event.before == {"status": "draft"} and event.after == {"status": "nomination"}


def test_only_a_draft_round_is_opened_for_nominations(admin_user):
    award_round = AwardRoundFactory(status=RoundStatus.CURATION)
    with pytest.raises(WorkflowError):
        services.open_round_for_nominations(award_round, by=admin_user)
    award_round.refresh_from_db()
    assert award_round.status == RoundStatus.CURATION


def test_a_round_without_commodity_types_is_not_opened(admin_user):
    award_round = AwardRoundFactory(status=RoundStatus.DRAFT, commodity_types=CommodityType.objects.none())
    with pytest.raises(WorkflowError):
        services.open_round_for_nominations(award_round, by=admin_user)
    award_round.refresh_from_db()
    assert award_round.status == RoundStatus.DRAFT


def test_a_round_is_not_opened_while_another_takes_nominations(admin_user):
    other = AwardRoundFactory(status=RoundStatus.NOMINATION)
    award_round = AwardRoundFactory(status=RoundStatus.DRAFT)
    with pytest.raises(WorkflowError, match=str(other)):
        services.open_round_for_nominations(award_round, by=admin_user)
    award_round.refresh_from_db()
    assert award_round.status == RoundStatus.DRAFT


def test_starting_curation_locks_submitted_nominations_only_and_audits_each(award_round, officer, admin_user):
    closes = award_round.nomination_closes
    first = submitted(award_round, officer)
    again = submitted(award_round, officer, status=NominationStatus.RESUBMITTED)
    kept = {
        status: submitted(award_round, officer, status=status)
        for status in (NominationStatus.DRAFT, NominationStatus.RETURNED, NominationStatus.WITHDRAWN)
    }
    services.start_curation(award_round, by=admin_user, now=closes)
    award_round.refresh_from_db()
    assert award_round.status == RoundStatus.CURATION
    event = audit(award_round, "round.status")
    assert event.actor == admin_user and event.after == {"status": "curation"}
    assert status_of(first) == status_of(again) == NominationStatus.LOCKED
    locking = audit(first, "nomination.locked")
    assert locking.actor == admin_user and locking.before == {"status": "submitted"}
    assert audit(again, "nomination.locked").before == {"status": "resubmitted"}
    for status, nomination in kept.items():
        assert status_of(nomination) == status


def test_scoring_open_goes_to_the_active_team_members_of_provinces_with_nominations(
    award_round, officer, team_member, chair, other_province_member, admin_user
):
    TeamMemberFactory(username="left_team", province=team_member.province, is_active=False)
    submitted(award_round, officer)
    services.start_curation(award_round, by=admin_user, now=award_round.nomination_closes)
    assert notified("scoring_open") == {team_member.username, chair.username}
    scoring_open = Notification.objects.filter(kind="scoring_open").first()
    assert scoring_open.link.endswith("/curation/") and str(award_round) in scoring_open.body


def test_curation_does_not_start_before_the_nomination_window_closes(award_round, admin_user):
    with pytest.raises(WorkflowError):
        services.start_curation(award_round, by=admin_user, now=award_round.nomination_closes - timedelta(seconds=1))
    award_round.refresh_from_db()
    assert award_round.status == RoundStatus.NOMINATION


def test_curation_starts_only_from_the_nomination_phase(admin_user):
    award_round = AwardRoundFactory(status=RoundStatus.DRAFT)
    with pytest.raises(WorkflowError):
        services.start_curation(award_round, by=admin_user, now=award_round.nomination_closes)
    award_round.refresh_from_db()
    assert award_round.status == RoundStatus.DRAFT


def test_creating_a_round_is_audited_with_its_name_and_year(admin_user):
    award_round = AwardRoundFactory.build(name="Putaran Uji", year=2040)
    services.save_round(award_round, by=admin_user)
    event = audit(award_round, "round.created")
    assert event.actor == admin_user and event.after == {
        "name": "Putaran Uji",
        "year": 2040,
        "national_assessment": False,
        "national_window": [None, None],
        "commodity_types": [],
    }
    assert not AuditRecord.objects.for_object(award_round).filter(action="round.edited").exists()


def test_editing_a_round_is_audited(award_round, admin_user):
    award_round.name = "Nama Baru"
    services.save_round(award_round, by=admin_user)
    award_round.refresh_from_db()
    assert award_round.name == "Nama Baru"
    after = audit(award_round, "round.edited").after
    assert (after["name"], after["year"]) == ("Nama Baru", award_round.year)


def test_a_closed_round_is_not_edited(admin_user):
    award_round = AwardRoundFactory(status=RoundStatus.CLOSED, name="Nama Lama")
    award_round.name = "Nama Baru"
    with pytest.raises(WorkflowError):
        services.save_round(award_round, by=admin_user)
    award_round.refresh_from_db()
    assert award_round.name == "Nama Lama"


def test_concluding_makes_locked_nominations_awarded_or_not(officer, admin_user):
    award_round = AwardRoundFactory(status=RoundStatus.CURATION)
    winner = submitted(award_round, officer, status=NominationStatus.LOCKED)
    loser = submitted(award_round, officer, status=NominationStatus.LOCKED)
    withdrawn = submitted(award_round, officer, status=NominationStatus.WITHDRAWN)
    concluded = services.conclude_curated(award_round, {winner.pk}, by=admin_user)
    assert [n.pk for n in concluded] == sorted([winner.pk, loser.pk])
    assert status_of(winner) == NominationStatus.AWARDED
    assert status_of(loser) == NominationStatus.NOT_AWARDED
    assert status_of(withdrawn) == NominationStatus.WITHDRAWN
    event = audit(winner, "nomination.concluded")
    assert event.actor == admin_user and event.after == {"status": "awarded"}


def test_a_ministry_admin_reopens_a_closed_round_with_a_reason(admin_user):
    award_round = AwardRoundFactory(status=RoundStatus.CLOSED)
    services.reopen_round(award_round, by=admin_user, reason="Salah input")
    award_round.refresh_from_db()
    assert award_round.status == RoundStatus.CURATION
    event = audit(award_round, "round.reopened")
    assert event.actor == admin_user and event.reason == "Salah input" and event.before == {"status": "closed"}
    assert event.after == {"status": "curation"}


def test_only_a_ministry_admin_reopens_a_round(chair):
    award_round = AwardRoundFactory(status=RoundStatus.CLOSED)
    with pytest.raises(WorkflowError):
        services.reopen_round(award_round, by=chair, reason="Salah input")
    award_round.refresh_from_db()
    assert award_round.status == RoundStatus.CLOSED


def test_only_a_closed_round_is_reopened(admin_user):
    award_round = AwardRoundFactory(status=RoundStatus.CURATION)
    with pytest.raises(WorkflowError):
        services.reopen_round(award_round, by=admin_user, reason="Salah input")
    assert not AuditRecord.objects.for_object(award_round).exists()


def test_reopening_a_round_needs_a_reason(admin_user):
    award_round = AwardRoundFactory(status=RoundStatus.CLOSED)
    with pytest.raises(WorkflowError):
        services.reopen_round(award_round, by=admin_user, reason="")
    award_round.refresh_from_db()
    assert award_round.status == RoundStatus.CLOSED


def test_closing_a_round_in_curation_is_audited(admin_user):
    award_round = AwardRoundFactory(status=RoundStatus.CURATION)
    services.close_round(award_round, by=admin_user)
    award_round.refresh_from_db()
    assert award_round.status == RoundStatus.CLOSED
    event = audit(award_round, "round.status")
    assert event.actor == admin_user and event.after == {"status": "closed"}


def test_only_a_round_in_curation_is_closed(admin_user):
    award_round = AwardRoundFactory(status=RoundStatus.NOMINATION)
    with pytest.raises(WorkflowError):
        services.close_round(award_round, by=admin_user)
    award_round.refresh_from_db()
    assert award_round.status == RoundStatus.NOMINATION


def test_a_commodity_type_is_audited_when_created_and_when_edited_with_before_and_after(admin_user):
    commodity = CommodityType(code="lurik-sutra", name_id="Lurik sutra", name_en="Silk lurik", position=50)
    services.save_commodity_type(commodity, by=admin_user)
    created = AuditRecord.objects.get(action="commodity.created")
    stored = {
        "code": "lurik-sutra",
        "name_id": "Lurik sutra",
        "name_en": "Silk lurik",
        "is_active": True,
        "position": 50,
    }
    assert (created.actor, created.target, created.before, created.after) == (admin_user, commodity, None, stored)
    commodity.is_active = False
    services.save_commodity_type(commodity, by=admin_user)
    edited = AuditRecord.objects.get(action="commodity.edited")
    assert (edited.actor, edited.before, edited.after) == (admin_user, stored, {**stored, "is_active": False})
    assert CommodityType.objects.get(code="lurik-sutra").is_active is False
