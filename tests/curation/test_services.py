"""Every guard of curation/services.py, pinned at the service level: the rubric's freeze and total, the score sheet
(member, window, state, stale edit, range, what is stored and cleared, the total), conflicts of interest, the
shortlist (chair, quota, which nominations, awarded ones), forwarding, reminders and reopening."""

import re
from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import formats, timezone

from audit.models import AuditRecord
from awards.models import AwardLevel, Decision
from awards.services import seed_default_levels
from core.exceptions import StaleEdit, WorkflowError
from curation import rules as curation_rules
from curation import services
from curation.forms import AspectFormSet, CriterionFormSet
from curation.models import Aspect, Criterion, Score, ScoreSheet, SheetStatus, Shortlist
from nominations.models import AwardRound, NominationStatus, RoundStatus
from notifications.models import Notification
from tests.factories import AwardRoundFactory, MinistryAdminFactory, TeamMemberFactory

from .conftest import all_scores, locked, make_curation_round

pytestmark = pytest.mark.django_db


def audit(target, action):
    return AuditRecord.objects.for_object(target).get(action=action)


def notified(kind):
    return {n.recipient.username for n in Notification.objects.filter(kind=kind)}


def criteria(award_round):
    return list(Criterion.objects.filter(aspect__round=award_round).order_by("pk"))


def score(nomination, member, value=4, submit=True, **kwargs):
    return services.save_sheet(
        nomination, by=member, values=all_scores(nomination.round, value), comment="", submit=submit, **kwargs
    )


def set_round(award_round, **fields):
    AwardRound.objects.filter(pk=award_round.pk).update(**fields)
    award_round.refresh_from_db()


# Rubric ----------------------------------------------------------------------------------------------------


def test_the_rubric_is_frozen_by_a_submitted_sheet_of_its_round(curation_round, locked_nomination, team_member):
    score(locked_nomination, team_member, submit=False)
    assert not curation_rules.rubric_is_frozen(curation_round)
    score(locked_nomination, team_member)
    assert curation_rules.rubric_is_frozen(curation_round)


def test_a_submitted_sheet_of_another_round_does_not_freeze_the_rubric(curation_round, locked_nomination, team_member):
    score(locked_nomination, team_member)
    assert not curation_rules.rubric_is_frozen(AwardRoundFactory(status=RoundStatus.DRAFT))


def test_a_closed_rounds_rubric_is_frozen():
    assert curation_rules.rubric_is_frozen(AwardRoundFactory(status=RoundStatus.CLOSED))


def test_a_frozen_rubric_is_not_editable(curation_round, locked_nomination, team_member, admin_user):
    services.check_rubric_editable(curation_round, by=admin_user)
    score(locked_nomination, team_member)
    with pytest.raises(WorkflowError, match="frozen|dibekukan"):
        services.check_rubric_editable(curation_round, by=admin_user)


def test_a_closed_rounds_rubric_is_not_editable(admin_user):
    with pytest.raises(WorkflowError, match="closed|ditutup"):
        services.check_rubric_editable(AwardRoundFactory(status=RoundStatus.CLOSED), by=admin_user)


def test_the_default_rubric_has_three_aspects_and_weights_of_100_on_a_1_to_5_scale(admin_user):
    award_round = AwardRoundFactory(status=RoundStatus.DRAFT)
    services.seed_default_rubric(award_round, by=admin_user)
    assert list(Aspect.objects.filter(round=award_round).order_by("position").values_list("name_id", "position")) == [
        ("Produk", 1),
        ("Usaha", 2),
        ("Pasar", 3),
    ]
    stored = criteria(award_round)
    assert len(stored) == 11 and curation_rules.total_weight(award_round) == Decimal(100)
    assert {(c.scale_min, c.scale_max) for c in stored} == {(1, 5)}
    assert [c.position for c in stored[:4]] == [1, 2, 3, 4]
    assert stored[0].name_en == "Product quality" and stored[0].guidance_id.startswith("Konsistensi")
    event = audit(award_round, "rubric.changed")
    assert event.actor == admin_user and event.before is None
    assert event.after["aspects"] == ["Produk", "Usaha", "Pasar"] and len(event.after["criteria"]) == 11


def test_seeding_keeps_an_existing_rubric(curation_round):
    first = criteria(curation_round)
    services.seed_default_rubric(curation_round)
    assert criteria(curation_round) == first


def test_the_admin_adds_the_default_rubric_only_to_an_empty_rubric(admin_user, curation_round):
    with pytest.raises(WorkflowError):
        services.add_default_rubric(curation_round, by=admin_user)
    empty = AwardRoundFactory(status=RoundStatus.DRAFT)
    services.add_default_rubric(empty, by=admin_user)
    assert curation_rules.total_weight(empty) == Decimal(100)
    assert audit(empty, "rubric.changed").actor == admin_user


def test_the_default_rubric_is_not_added_to_a_closed_round(admin_user):
    closed = AwardRoundFactory(status=RoundStatus.CLOSED)
    with pytest.raises(WorkflowError):
        services.add_default_rubric(closed, by=admin_user)
    assert not Aspect.objects.filter(round=closed).exists()


def test_an_empty_rubric_weighs_nothing():
    assert curation_rules.total_weight(AwardRoundFactory(status=RoundStatus.DRAFT)) == Decimal(0)


def criterion_formset(award_round, weights, stored=None):
    stored = stored or criteria(award_round)
    data = {
        "criteria-TOTAL_FORMS": str(len(stored)),
        "criteria-INITIAL_FORMS": str(len(stored)),
        "criteria-MIN_NUM_FORMS": "0",
        "criteria-MAX_NUM_FORMS": "1000",
    }
    for i, (c, weight) in enumerate(zip(stored, weights, strict=True)):
        data.update(
            {
                f"criteria-{i}-id": c.pk,
                f"criteria-{i}-aspect": c.aspect_id,
                f"criteria-{i}-name_id": c.name_id,
                f"criteria-{i}-name_en": c.name_en,
                f"criteria-{i}-guidance_id": "",
                f"criteria-{i}-guidance_en": "",
                f"criteria-{i}-weight": str(weight),
                f"criteria-{i}-scale_min": "1",
                f"criteria-{i}-scale_max": "5",
                f"criteria-{i}-position": c.position,
            }
        )
    formset = CriterionFormSet(
        data,
        queryset=Criterion.objects.filter(pk__in=[c.pk for c in stored]),
        prefix="criteria",
        award_round=award_round,
    )
    assert formset.is_valid(), formset.errors
    return formset


def test_saving_the_rubric_keeps_the_total_at_100_and_audits_the_change(admin_user, curation_round):
    weights = [c.weight for c in criteria(curation_round)]
    weights[0], weights[1] = weights[0] + 2, weights[1] - 2
    services.save_rubric(curation_round, criterion_formset(curation_round, weights), by=admin_user)
    assert [c.weight for c in criteria(curation_round)] == weights
    event = AuditRecord.objects.for_object(curation_round).get(action="rubric.changed", actor=admin_user)
    assert event.before["criteria"][0][1] == f"{weights[0] - 2:.2f}"
    assert event.after["criteria"][0][1] == f"{weights[0]:.2f}"


def test_a_new_aspect_belongs_to_the_round_whose_rubric_is_saved(admin_user, curation_round):
    data = {
        "aspects-TOTAL_FORMS": "1",
        "aspects-INITIAL_FORMS": "0",
        "aspects-MIN_NUM_FORMS": "0",
        "aspects-MAX_NUM_FORMS": "1000",
        "aspects-0-name_id": "Lingkungan",
        "aspects-0-name_en": "Environment",
        "aspects-0-position": "4",
    }
    formset = AspectFormSet(data, queryset=Aspect.objects.none(), prefix="aspects")
    assert formset.is_valid(), formset.errors
    services.save_rubric(curation_round, formset, by=admin_user)
    assert Aspect.objects.get(name_id="Lingkungan").round == curation_round
    event = AuditRecord.objects.for_object(curation_round).filter(action="rubric.changed").latest("pk")
    assert event.actor == admin_user and event.after["aspects"][-1] == "Lingkungan"


def test_a_rubric_saved_unchanged_writes_no_audit_record(admin_user, curation_round):
    weights = [c.weight for c in criteria(curation_round)]
    services.save_rubric(curation_round, criterion_formset(curation_round, weights), by=admin_user)
    assert not AuditRecord.objects.for_object(curation_round).filter(action="rubric.changed", actor=admin_user).exists()


def test_a_rubric_whose_stored_weights_would_not_add_up_to_100_is_not_saved(admin_user, curation_round):
    """The posted form alone says 100%; with the ten criteria not posted, the rubric would hold 188%."""
    first = criteria(curation_round)[0]
    with pytest.raises(WorkflowError, match="188"):
        services.save_rubric(curation_round, criterion_formset(curation_round, [100], [first]), by=admin_user)
    first.refresh_from_db()
    assert first.weight == 12


# Score sheets ----------------------------------------------------------------------------------------------


def test_a_submitted_sheet_stores_the_weighted_total_and_is_audited(locked_nomination, team_member):
    now = timezone.now()
    sheet = score(locked_nomination, team_member, value=5, now=now)
    sheet.refresh_from_db()
    assert sheet.status == SheetStatus.SUBMITTED and sheet.total == Decimal("100.00") and sheet.submitted_at == now
    assert sheet.version == 2
    event = audit(sheet, "sheet.submitted")
    assert event.actor == team_member
    assert event.before == {"status": "draft", "total": None}
    assert event.after == {"status": "submitted", "total": "100.0"}


@pytest.mark.parametrize(("value", "total"), [(1, Decimal("0.00")), (3, Decimal("50.00")), (4, Decimal("75.00"))])
def test_the_total_maps_the_scale_onto_0_to_100(locked_nomination, team_member, value, total):
    assert score(locked_nomination, team_member, value=value).total == total


def test_the_total_weighs_each_criterion(curation_round, locked_nomination, team_member):
    values = all_scores(curation_round, 1)
    heaviest = criteria(curation_round)[0]  # Mutu produk, 12%
    values[heaviest.pk] = (5, "")
    sheet = services.save_sheet(locked_nomination, by=team_member, values=values, comment="", submit=True)
    assert sheet.total == Decimal("12.00")


def test_a_draft_save_stores_scores_notes_and_comment_without_total_or_audit(
    curation_round, locked_nomination, team_member
):
    first = criteria(curation_round)[0]
    sheet = services.save_sheet(
        locked_nomination, by=team_member, values={first.pk: (3, "Cukup")}, comment="Catatan", submit=False
    )
    sheet.refresh_from_db()
    assert sheet.status == SheetStatus.DRAFT and sheet.total is None and sheet.submitted_at is None
    assert sheet.comment == "Catatan" and sheet.version == 2
    assert list(sheet.scores.values_list("criterion_id", "value", "note")) == [(first.pk, 3, "Cukup")]
    assert not AuditRecord.objects.filter(action="sheet.submitted").exists()


def test_each_save_bumps_the_sheet_version_by_one(curation_round, locked_nomination, team_member):
    first = criteria(curation_round)[0]
    sheet = services.save_sheet(locked_nomination, by=team_member, values={first.pk: (3, "")}, comment="")
    sheet = services.save_sheet(
        locked_nomination, by=team_member, values={first.pk: (4, None)}, comment="", expected_version=sheet.version
    )
    assert sheet.version == 3
    assert Score.objects.get(sheet=sheet).value == 4 and Score.objects.get(sheet=sheet).note == ""


def test_clearing_a_score_removes_the_stored_one(curation_round, locked_nomination, team_member):
    first, second = criteria(curation_round)[:2]
    services.save_sheet(locked_nomination, by=team_member, values={first.pk: (3, ""), second.pk: (4, "")}, comment="")
    sheet = services.save_sheet(
        locked_nomination, by=team_member, values={first.pk: (None, ""), second.pk: (5, "")}, comment=""
    )
    assert list(sheet.scores.values_list("criterion_id", "value")) == [(second.pk, 5)]


def test_a_sheet_saved_from_an_older_version_is_refused_as_stale(curation_round, locked_nomination, team_member):
    first = criteria(curation_round)[0]
    sheet = services.save_sheet(locked_nomination, by=team_member, values={first.pk: (3, "")}, comment="")
    with pytest.raises(StaleEdit):
        services.save_sheet(
            locked_nomination,
            by=team_member,
            values={first.pk: (5, "")},
            comment="",
            expected_version=sheet.version - 1,
        )
    assert Score.objects.get(sheet=sheet).value == 3


def test_a_submitted_sheet_is_final(locked_nomination, team_member):
    sheet = score(locked_nomination, team_member, value=4)
    with pytest.raises(WorkflowError, match=when(sheet.submitted_at)):
        score(locked_nomination, team_member, value=2)
    sheet.refresh_from_db()
    assert sheet.total == Decimal("75.00") and sheet.version == 2


def test_a_member_with_a_conflict_cannot_score(locked_nomination, team_member):
    services.declare_conflict(locked_nomination, by=team_member, reason="Saudara pemilik")
    with pytest.raises(WorkflowError):
        score(locked_nomination, team_member)
    assert ScoreSheet.objects.get().status == SheetStatus.CONFLICT


@pytest.mark.parametrize("actor", ["other_province_member", "officer", "admin_user"])
def test_only_the_provinces_team_scores(locked_nomination, actor, request):
    with pytest.raises(WorkflowError):
        score(locked_nomination, request.getfixturevalue(actor))
    assert not ScoreSheet.objects.exists()


def test_scoring_needs_the_round_in_curation(curation_round, locked_nomination, team_member):
    set_round(curation_round, status=RoundStatus.NOMINATION)
    with pytest.raises(WorkflowError):
        score(locked_nomination, team_member)
    assert not ScoreSheet.objects.exists()


def when(value):
    return re.escape(formats.date_format(timezone.localtime(value), "DATETIME_FORMAT"))


def test_scoring_opens_at_the_scoring_opening(curation_round, locked_nomination, team_member):
    with pytest.raises(WorkflowError, match=when(curation_round.scoring_opens)):
        score(locked_nomination, team_member, now=curation_round.scoring_opens - timedelta(seconds=1))
    assert score(locked_nomination, team_member, now=curation_round.scoring_opens).status == SheetStatus.SUBMITTED


def test_scoring_closes_at_the_scoring_closing(curation_round, locked_nomination, team_member):
    with pytest.raises(WorkflowError, match=when(curation_round.scoring_closes)):
        score(locked_nomination, team_member, now=curation_round.scoring_closes)
    last = curation_round.scoring_closes - timedelta(seconds=1)
    assert score(locked_nomination, team_member, now=last).status == SheetStatus.SUBMITTED


@pytest.mark.parametrize("status", [NominationStatus.SUBMITTED, NominationStatus.WITHDRAWN, NominationStatus.AWARDED])
def test_only_a_nomination_in_curation_is_scored(curation_round, officer, team_member, status):
    nomination = locked(curation_round, officer.regency, officer)
    type(nomination).objects.filter(pk=nomination.pk).update(status=status)
    with pytest.raises(WorkflowError):
        score(nomination, team_member)
    assert not ScoreSheet.objects.exists()


def test_no_sheet_is_scored_against_an_unfinished_rubric(curation_round, locked_nomination, team_member):
    Criterion.objects.filter(pk=criteria(curation_round)[0].pk).update(weight=Decimal(11))
    with pytest.raises(WorkflowError, match="99"):
        score(locked_nomination, team_member)
    assert not ScoreSheet.objects.exists()


@pytest.mark.parametrize("value", [0, 6])
def test_a_score_outside_the_scale_is_refused(curation_round, locked_nomination, team_member, value):
    values = all_scores(curation_round, 3)
    values[criteria(curation_round)[0].pk] = (value, "")
    with pytest.raises(WorkflowError):
        services.save_sheet(locked_nomination, by=team_member, values=values, comment="", submit=False)
    assert not Score.objects.exists()


@pytest.mark.parametrize("value", [1, 5])
def test_the_ends_of_the_scale_are_accepted(curation_round, locked_nomination, team_member, value):
    assert score(locked_nomination, team_member, value=value).status == SheetStatus.SUBMITTED


def test_a_criterion_of_another_round_is_refused(curation_round, locked_nomination, team_member, admin_user):
    other = AwardRoundFactory(status=RoundStatus.DRAFT)
    services.seed_default_rubric(other)
    values = {criteria(other)[0].pk: (3, "")}
    with pytest.raises(WorkflowError):
        services.save_sheet(locked_nomination, by=team_member, values=values, comment="")
    assert not Score.objects.exists()


def test_submitting_needs_every_criterion_scored(curation_round, locked_nomination, team_member):
    values = all_scores(curation_round, 3)
    missing = criteria(curation_round)[-1]
    del values[missing.pk]
    with pytest.raises(WorkflowError, match=missing.name_id):
        services.save_sheet(locked_nomination, by=team_member, values=values, comment="", submit=True)
    values[missing.pk] = (None, "")
    with pytest.raises(WorkflowError, match=missing.name_id):
        services.save_sheet(locked_nomination, by=team_member, values=values, comment="", submit=True)
    assert not ScoreSheet.objects.filter(status=SheetStatus.SUBMITTED).exists()


def test_a_forwarded_shortlist_freezes_its_provinces_sheets(curation_round, locked_nomination, chair, team_member):
    score(locked_nomination, chair)
    services.set_shortlist(curation_round, chair.province, [locked_nomination], by=chair)
    services.forward_shortlist(Shortlist.objects.get(), by=chair, confirm_missing=True)
    with pytest.raises(WorkflowError, match=when(Shortlist.objects.get().forwarded_at)):
        score(locked_nomination, team_member)
    assert not ScoreSheet.objects.filter(member=team_member).exists()
    with pytest.raises(WorkflowError, match="forwarded|meneruskan|diteruskan"):
        services.declare_conflict(locked_nomination, by=team_member, reason="Saudara")


# Conflicts of interest ---------------------------------------------------------------------------------------


def test_declaring_a_conflict_clears_the_draft_scores_and_is_audited(curation_round, locked_nomination, team_member):
    draft = score(locked_nomination, team_member, submit=False)
    sheet = services.declare_conflict(locked_nomination, by=team_member, reason="Saudara pemilik")
    sheet.refresh_from_db()
    assert sheet.pk == draft.pk and sheet.status == SheetStatus.CONFLICT
    assert sheet.conflict_reason == "Saudara pemilik" and sheet.total is None and sheet.submitted_at is None
    assert sheet.version == draft.version + 1 and not sheet.scores.exists()
    event = audit(sheet, "sheet.conflict")
    assert event.actor == team_member and event.reason == "Saudara pemilik"
    assert event.before == {"status": "draft"} and event.after == {"status": "conflict"}


def test_a_conflict_is_declared_only_by_the_provinces_team(locked_nomination, other_province_member):
    with pytest.raises(WorkflowError):
        services.declare_conflict(locked_nomination, by=other_province_member, reason="Saudara")
    assert not ScoreSheet.objects.exists()


def test_a_conflict_is_declared_before_scoring_closes(curation_round, locked_nomination, team_member):
    with pytest.raises(WorkflowError):
        services.declare_conflict(
            locked_nomination, by=team_member, reason="Saudara", now=curation_round.scoring_closes
        )
    last = curation_round.scoring_closes - timedelta(seconds=1)
    assert services.declare_conflict(locked_nomination, by=team_member, reason="Saudara", now=last).status == (
        SheetStatus.CONFLICT
    )


def test_a_conflict_is_declared_only_during_curation(curation_round, locked_nomination, team_member):
    set_round(curation_round, status=RoundStatus.NOMINATION)
    with pytest.raises(WorkflowError):
        services.declare_conflict(locked_nomination, by=team_member, reason="Saudara")
    assert not ScoreSheet.objects.exists()


def test_a_conflict_needs_a_reason(locked_nomination, team_member):
    with pytest.raises(WorkflowError):
        services.declare_conflict(locked_nomination, by=team_member, reason="  ")
    assert not ScoreSheet.objects.exists()


def test_no_conflict_after_submitting_a_sheet(locked_nomination, team_member):
    score(locked_nomination, team_member)
    with pytest.raises(WorkflowError):
        services.declare_conflict(locked_nomination, by=team_member, reason="Saudara")
    assert ScoreSheet.objects.get().status == SheetStatus.SUBMITTED


# Shortlists ----------------------------------------------------------------------------------------------------


def test_the_chair_sets_the_shortlist_and_the_change_is_audited(curation_round, officer, chair):
    first, second = (locked(curation_round, officer.regency, officer) for _ in range(2))
    services.set_shortlist(curation_round, chair.province, [second, first], by=chair)
    services.set_shortlist(curation_round, chair.province, [first], by=chair)
    shortlist = Shortlist.objects.get(round=curation_round, province=chair.province)
    assert list(shortlist.nominations.all()) == [first]
    event = AuditRecord.objects.for_object(shortlist).filter(action="shortlist.changed").latest("pk")
    assert event.actor == chair
    assert event.before == {"nominations": sorted([first.pk, second.pk])} and event.after == {"nominations": [first.pk]}


@pytest.mark.parametrize("actor", ["team_member", "other_province_member", "admin_user"])
def test_only_the_provinces_chair_sets_the_shortlist(curation_round, locked_nomination, diy, actor, request):
    with pytest.raises(WorkflowError):
        services.set_shortlist(curation_round, diy, [locked_nomination], by=request.getfixturevalue(actor))
    assert not Shortlist.objects.filter(nominations=locked_nomination).exists()


def test_the_chair_of_another_province_cannot_set_the_shortlist(curation_round, locked_nomination, diy, jabar):
    other_chair = TeamMemberFactory(username="other_chair", province=jabar, is_team_chair=True)
    with pytest.raises(WorkflowError):
        services.set_shortlist(curation_round, diy, [locked_nomination], by=other_chair)


def test_the_province_shortlist_quota_is_enforced(curation_round, officer, chair):
    nominations = [locked(curation_round, officer.regency, officer) for _ in range(3)]
    services.set_shortlist(curation_round, chair.province, nominations[:2], by=chair)  # quota 2: allowed
    with pytest.raises(WorkflowError, match="2"):
        services.set_shortlist(curation_round, chair.province, nominations, by=chair)
    assert Shortlist.objects.get().nominations.count() == 2


@pytest.mark.parametrize("status", [NominationStatus.WITHDRAWN, NominationStatus.RETURNED, NominationStatus.SUBMITTED])
def test_only_nominations_in_curation_are_shortlisted(curation_round, officer, chair, status):
    nomination = locked(curation_round, officer.regency, officer)
    type(nomination).objects.filter(pk=nomination.pk).update(status=status)
    with pytest.raises(WorkflowError):
        services.set_shortlist(curation_round, chair.province, [nomination], by=chair)
    assert not Shortlist.objects.filter(nominations=nomination).exists()


def test_another_provinces_or_rounds_nomination_is_not_shortlisted(curation_round, officer, chair, jabar):
    from accounts.models import Regency

    elsewhere = locked(curation_round, Regency.objects.filter(province=jabar).first(), officer)
    other_round = locked(AwardRoundFactory(status=RoundStatus.CURATION), officer.regency, officer)
    for nomination in (elsewhere, other_round):
        with pytest.raises(WorkflowError):
            services.set_shortlist(curation_round, chair.province, [nomination], by=chair)
    assert not Shortlist.objects.filter(nominations__isnull=False).exists()


@pytest.mark.parametrize(
    "fields",
    [{"status": RoundStatus.CLOSED}, {"status": RoundStatus.NOMINATION}, {"results_published_at": timezone.now()}],
)
def test_shortlists_change_only_in_curation_before_publication(curation_round, locked_nomination, chair, fields):
    set_round(curation_round, **fields)
    with pytest.raises(WorkflowError):
        services.set_shortlist(curation_round, chair.province, [locked_nomination], by=chair)
    assert not Shortlist.objects.filter(nominations=locked_nomination).exists()


def test_a_forwarded_shortlist_cannot_change(curation_round, locked_nomination, chair):
    services.set_shortlist(curation_round, chair.province, [locked_nomination], by=chair)
    services.forward_shortlist(Shortlist.objects.get(), by=chair, confirm_missing=True)
    with pytest.raises(WorkflowError):
        services.set_shortlist(curation_round, chair.province, [], by=chair)
    assert Shortlist.objects.get().nominations.count() == 1


def test_an_awarded_nomination_cannot_leave_the_shortlist(curation_round, officer, chair, admin_user):
    seed_default_levels(curation_round)
    first, second = (locked(curation_round, officer.regency, officer) for _ in range(2))
    services.set_shortlist(curation_round, chair.province, [first, second], by=chair)
    Decision.objects.create(
        nomination=first,
        level=AwardLevel.objects.filter(round=curation_round).first(),
        reason="x",
        decided_by=admin_user,
    )
    Decision.objects.create(nomination=second, level=None, reason="x", decided_by=admin_user)
    with pytest.raises(WorkflowError, match=first.business_name):
        services.set_shortlist(curation_round, chair.province, [second], by=chair)
    services.set_shortlist(curation_round, chair.province, [first], by=chair)  # not awarded: may leave
    assert list(Shortlist.objects.get().nominations.all()) == [first]


def test_who_took_part_in_another_round_only_is_not_in_the_team_of_the_minutes(curation_round, officer, chair):
    other_round = make_curation_round()
    gone = TeamMemberFactory(username="gone", province=chair.province)
    score(locked(other_round, officer.regency, officer), gone)
    type(gone).objects.filter(pk=gone.pk).update(is_active=False)
    assert gone not in services.team_of_the_minutes(curation_round, chair.province)


def test_the_team_of_the_minutes_is_the_active_team_and_who_took_part_chair_first(
    curation_round, locked_nomination, chair, team_member, other_province_member
):
    gone = TeamMemberFactory(username="gone", province=chair.province, last_name="Aaa")
    idle = TeamMemberFactory(username="idle", province=chair.province, is_active=False)
    drafted = TeamMemberFactory(username="drafted", province=chair.province)
    score(locked_nomination, gone)
    score(locked_nomination, drafted, submit=False)
    type(gone).objects.filter(pk__in=[gone.pk, drafted.pk]).update(is_active=False)
    team = list(services.team_of_the_minutes(curation_round, chair.province))
    assert team[0] == chair
    assert set(team) == {chair, team_member, gone}
    assert idle not in team


def test_missing_sheets_counts_this_rounds_locked_nominations_of_the_province_in_name_order(
    curation_round, officer, chair, team_member, jabar
):
    from accounts.models import Regency

    later = locked(curation_round, officer.regency, officer, business_name="Zamrud Batik")
    earlier = locked(curation_round, officer.regency, officer, business_name="Anyaman Bambu")
    locked(curation_round, Regency.objects.filter(province=jabar).first(), officer)  # another province
    withdrawn = locked(curation_round, officer.regency, officer)
    type(withdrawn).objects.filter(pk=withdrawn.pk).update(status=NominationStatus.WITHDRAWN)
    locked(make_curation_round(), officer.regency, officer)  # another round
    TeamMemberFactory(username="gone", province=chair.province, is_active=False)
    zed = TeamMemberFactory(username="zed", province=chair.province, last_name="Zulkarnain")
    abe = TeamMemberFactory(username="abe", province=chair.province, last_name="Abdullah")
    missing = services.missing_sheets(curation_round, chair.province)
    assert [member for member, _left in missing][:1] == [chair]
    members = [member for member, _left in missing]
    assert members.index(abe) < members.index(zed) and set(members) == {chair, team_member, abe, zed}
    assert all(left == [earlier, later] for _member, left in missing)


def test_missing_sheets_lists_what_each_active_member_still_owes(curation_round, officer, chair, team_member):
    first, second = (locked(curation_round, officer.regency, officer) for _ in range(2))
    score(first, chair)
    score(second, chair, submit=False)
    services.declare_conflict(first, by=team_member, reason="Saudara")
    missing = dict(services.missing_sheets(curation_round, chair.province))
    assert set(missing[chair]) == {second}
    assert set(missing[team_member]) == {second}
    score(second, chair)
    assert chair not in dict(services.missing_sheets(curation_round, chair.province))


def shortlisted(curation_round, chair, nominations):
    services.set_shortlist(curation_round, chair.province, nominations, by=chair)
    return Shortlist.objects.get(round=curation_round, province=chair.province)


def test_forwarding_records_the_team_the_sheets_and_tells_the_ministry(
    curation_round, officer, chair, team_member, admin_user
):
    other_admin = MinistryAdminFactory(username="other_admin")
    first, second = (locked(curation_round, officer.regency, officer) for _ in range(2))
    for nomination in (first, second):
        score(nomination, chair)
    score(first, team_member)
    score(second, team_member, submit=False)  # a draft is no sheet
    from accounts.models import Regency

    locked(curation_round, Regency.objects.exclude(province=chair.province).first(), officer)  # another province
    withdrawn = locked(curation_round, officer.regency, officer)
    type(withdrawn).objects.filter(pk=withdrawn.pk).update(status=NominationStatus.WITHDRAWN)
    now = timezone.now()
    shortlist = shortlisted(curation_round, chair, [first])
    services.forward_shortlist(shortlist, by=chair, now=now, confirm_missing=True)
    shortlist.refresh_from_db()
    assert shortlist.forwarded_at == now and shortlist.forwarded_by == chair
    assert set(shortlist.team.all()) == {chair, team_member}
    event = audit(shortlist, "shortlist.forwarded")
    assert event.actor == chair
    assert event.after == {
        "nominations": [first.pk],
        "sheets": {str(first.pk): 2, str(second.pk): 1},
        "missing_sheets": 1,
    }
    assert notified("shortlist_forwarded") == {admin_user.username, other_admin.username}
    forwarded = Notification.objects.filter(kind="shortlist_forwarded").first()
    assert forwarded.link.endswith(f"/{shortlist.pk}/minutes/")
    assert str(chair.province) in forwarded.body and "(1 " in forwarded.body


def test_forwarding_with_sheets_missing_needs_confirmation_and_lists_them(
    curation_round, locked_nomination, chair, team_member
):
    score(locked_nomination, chair)
    shortlist = shortlisted(curation_round, chair, [locked_nomination])
    with pytest.raises(services.MissingSheets, match="1") as refused:
        services.forward_shortlist(shortlist, by=chair)
    assert refused.value.missing == [(team_member, [locked_nomination])]
    shortlist.refresh_from_db()
    assert not shortlist.is_forwarded


def test_forwarding_with_every_sheet_in_needs_no_confirmation(curation_round, locked_nomination, chair):
    score(locked_nomination, chair)
    services.forward_shortlist(shortlisted(curation_round, chair, [locked_nomination]), by=chair)
    assert Shortlist.objects.get().is_forwarded


def test_only_the_chair_forwards(curation_round, locked_nomination, chair, team_member):
    shortlist = shortlisted(curation_round, chair, [locked_nomination])
    with pytest.raises(WorkflowError):
        services.forward_shortlist(shortlist, by=team_member, confirm_missing=True)
    shortlist.refresh_from_db()
    assert not shortlist.is_forwarded


def test_an_empty_shortlist_is_not_forwarded(curation_round, chair):
    with pytest.raises(WorkflowError):
        services.forward_shortlist(shortlisted(curation_round, chair, []), by=chair, confirm_missing=True)
    assert not Shortlist.objects.get().is_forwarded


def test_a_shortlist_is_forwarded_once(curation_round, locked_nomination, chair):
    shortlist = shortlisted(curation_round, chair, [locked_nomination])
    services.forward_shortlist(shortlist, by=chair, confirm_missing=True)
    with pytest.raises(WorkflowError):
        services.forward_shortlist(shortlist, by=chair, confirm_missing=True)
    assert AuditRecord.objects.filter(action="shortlist.forwarded").count() == 1


def test_no_forwarding_after_publication(curation_round, locked_nomination, chair):
    shortlist = shortlisted(curation_round, chair, [locked_nomination])
    set_round(curation_round, results_published_at=timezone.now())
    with pytest.raises(WorkflowError):
        services.forward_shortlist(shortlist, by=chair, confirm_missing=True)
    shortlist.refresh_from_db()
    assert not shortlist.is_forwarded


def test_a_ministry_admin_reopens_a_forwarded_shortlist_with_a_reason(
    curation_round, locked_nomination, chair, admin_user
):
    shortlist = shortlisted(curation_round, chair, [locked_nomination])
    services.forward_shortlist(shortlist, by=chair, confirm_missing=True)
    shortlist.refresh_from_db()
    forwarded_at = shortlist.forwarded_at
    services.reopen_shortlist(shortlist, by=admin_user, reason="Nilai salah")
    shortlist.refresh_from_db()
    assert shortlist.forwarded_at is None and shortlist.forwarded_by is None and not shortlist.team.exists()
    event = audit(shortlist, "shortlist.reopened")
    assert event.actor == admin_user and event.reason == "Nilai salah"
    assert event.before == {"forwarded_at": forwarded_at.isoformat()} and event.after == {"forwarded_at": None}


def test_only_a_ministry_admin_reopens_a_shortlist(curation_round, locked_nomination, chair):
    shortlist = shortlisted(curation_round, chair, [locked_nomination])
    services.forward_shortlist(shortlist, by=chair, confirm_missing=True)
    with pytest.raises(WorkflowError):
        services.reopen_shortlist(shortlist, by=chair, reason="Nilai salah")
    shortlist.refresh_from_db()
    assert shortlist.is_forwarded


def test_reopening_needs_a_forwarded_shortlist_and_a_reason(curation_round, locked_nomination, chair, admin_user):
    shortlist = shortlisted(curation_round, chair, [locked_nomination])
    with pytest.raises(WorkflowError):
        services.reopen_shortlist(shortlist, by=admin_user, reason="Nilai salah")
    services.forward_shortlist(shortlist, by=chair, confirm_missing=True)
    with pytest.raises(WorkflowError):
        services.reopen_shortlist(shortlist, by=admin_user, reason=" ")
    shortlist.refresh_from_db()
    assert shortlist.is_forwarded


def test_no_reopening_after_publication(curation_round, locked_nomination, chair, admin_user):
    shortlist = shortlisted(curation_round, chair, [locked_nomination])
    services.forward_shortlist(shortlist, by=chair, confirm_missing=True)
    set_round(curation_round, results_published_at=timezone.now())
    with pytest.raises(WorkflowError):
        services.reopen_shortlist(shortlist, by=admin_user, reason="Nilai salah")
    shortlist.refresh_from_db()
    assert shortlist.is_forwarded


# Reminders ----------------------------------------------------------------------------------------------------


def test_members_with_work_left_counts_nominations_without_their_sheet(
    curation_round, officer, chair, team_member, other_province_member
):
    first, _second = (locked(curation_round, officer.regency, officer) for _ in range(2))
    score(first, chair)
    TeamMemberFactory(username="inactive", province=chair.province, is_active=False)
    elsewhere = AwardRoundFactory(status=RoundStatus.DRAFT)
    services.seed_default_rubric(elsewhere)
    locked(elsewhere, officer.regency, officer)  # another round's nomination is no work in this one
    done_elsewhere = locked(curation_round, officer.regency, officer)
    type(done_elsewhere).objects.filter(pk=done_elsewhere.pk).update(status=NominationStatus.AWARDED)
    assert dict(services.members_with_work_left(curation_round)) == {chair: 1, team_member: 2}


def test_a_sheet_of_another_round_does_not_count_as_done(curation_round, officer, chair, team_member):
    locked(curation_round, officer.regency, officer)
    elsewhere = make_curation_round()
    score(locked(elsewhere, officer.regency, officer), team_member)
    assert dict(services.members_with_work_left(curation_round))[team_member] == 1


def test_the_reminder_count_is_the_number_of_members_reminded(curation_round, officer, chair, team_member):
    locked(curation_round, officer.regency, officer)
    assert services.send_scoring_reminders(curation_round) == 2


def test_reminders_go_to_members_with_work_left_only(curation_round, officer, chair, team_member):
    nomination = locked(curation_round, officer.regency, officer)
    score(nomination, chair)
    assert services.send_scoring_reminders(curation_round) == 1
    assert notified("scoring_reminder") == {team_member.username}
    reminder = Notification.objects.get(kind="scoring_reminder")
    assert reminder.link.endswith("/curation/")
    assert reminder.body.count(str(curation_round)) == 1 and "1 " in reminder.body


def test_reminders_go_out_only_while_scoring_is_open(curation_round, locked_nomination, team_member):
    with pytest.raises(WorkflowError):
        services.send_scoring_reminders(curation_round, now=curation_round.scoring_closes)
    assert not Notification.objects.filter(kind="scoring_reminder").exists()


def test_a_round_and_province_have_one_shortlist(curation_round, diy):
    first = services.shortlist_for(curation_round, diy)
    assert services.shortlist_for(curation_round, diy) == first
    assert (first.round, first.province) == (curation_round, diy)
