"""The national stage of the scoring engine: who assesses what and when (curation/rules.py), national sheets and
their totals, the national rubric beside the provincial one, assigning assessors and reminding them
(curation/services.py). Reasons are asserted in English (`translation.override("en")`)."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core import mail
from django.utils import timezone, translation

from audit.models import AuditRecord
from core.exceptions import WorkflowError
from curation import rules, selectors, services
from curation.forms import CriterionFormSet
from curation.models import Assignment, Criterion, ScoreSheet, SheetStatus, Shortlist, Stage
from nominations import services as nomination_services
from nominations.models import AwardRound, CommodityType, RoundStatus
from notifications.models import Notification
from tests.factories import AssessorFactory, TeamMemberFactory

from .conftest import (
    assess,
    criterion_data,
    locked,
    make_national_round,
    score_in_province,
    stage_scores,
)

pytestmark = pytest.mark.django_db


def reason(verdict):
    assert not verdict, "expected a refusal"
    return verdict.reason


def english(call):
    with translation.override("en"):
        return call()


def refused_in_english(call):
    """The WorkflowError's message, raised in English."""
    with translation.override("en"), pytest.raises(WorkflowError) as raised:
        call()
    return str(raised.value)


# Who assesses what --------------------------------------------------------------------------------------


def test_an_assessor_scores_a_forwarded_nomination_of_their_commodity_type(forwarded, assessor):
    assert rules.may_score(assessor, forwarded.tenun)
    assert rules.stage_of(assessor) == Stage.NATIONAL


def test_an_assessor_may_not_score_a_commodity_type_they_are_not_assigned_to(forwarded, assessor):
    verdict = english(lambda: rules.may_score(assessor, forwarded.batik))
    assert (
        reason(verdict) == f"Only the national assessors of Batik fabric in {forwarded.round} assess this nomination."
    )


def test_an_assessor_may_not_score_a_nomination_its_province_did_not_forward(forwarded, assessor):
    verdict = english(lambda: rules.may_score(assessor, forwarded.kept_home))
    assert reason(verdict) == "This nomination was not forwarded by its province: it is not assessed nationally."


def test_a_reopened_shortlist_takes_its_nominations_out_of_the_national_assessment(forwarded, assessor, admin_user):
    services.reopen_shortlist(forwarded.shortlist, by=admin_user, reason="Salah pilih")
    verdict = english(lambda: rules.may_score(assessor, forwarded.tenun))
    assert "not forwarded" in reason(verdict)


def test_an_assessment_of_another_round_does_not_reach_this_round(forwarded, assessor, admin_user, officer, chair):
    """Round B has the same commodity type; the assessor is named in round A only."""
    other = make_national_round()
    same_commodity = locked(other, officer.regency, officer, business_name="Tenun Putaran B")
    services.set_shortlist(other, chair.province, [same_commodity], by=chair)
    services.forward_shortlist(Shortlist.objects.get(round=other), by=chair, confirm_missing=True)
    verdict = english(lambda: rules.may_score(assessor, same_commodity))
    assert reason(verdict) == f"Only the national assessors of Woven fabric (tenun) in {other} assess this nomination."
    message = refused_in_english(lambda: assess(same_commodity, assessor, 4))
    assert message == verdict.reason and not ScoreSheet.objects.filter(nomination=same_commodity).exists()


def test_an_assessor_scores_only_inside_the_national_window(forwarded, assessor):
    award_round = forwarded.round
    before = english(lambda: rules.may_score(assessor, forwarded.tenun, now=award_round.national_opens - timedelta(1)))
    assert reason(before).startswith("The national assessment opens on ")
    after = english(lambda: rules.may_score(assessor, forwarded.tenun, now=award_round.national_closes))
    assert reason(after).startswith("The national assessment closed on ")
    assert reason(after).endswith(": score sheets are locked.")
    assert rules.may_score(assessor, forwarded.tenun, now=award_round.national_closes - timedelta(seconds=1))


def test_the_provincial_window_does_not_open_the_national_assessment(forwarded, assessor):
    """While the provinces score, the national window is not open yet."""
    during_provincial_scoring = forwarded.round.scoring_opens + timedelta(days=1)
    verdict = english(lambda: rules.may_score(assessor, forwarded.tenun, now=during_provincial_scoring))
    assert reason(verdict).startswith("The national assessment opens on ")


def test_a_round_without_the_stage_has_no_national_scoring(curation_round, officer, chair, assessor, admin_user):
    nomination = locked(curation_round, officer.regency, officer)
    services.save_sheet(nomination, by=chair, values=stage_scores(curation_round, 4), comment="", submit=True)
    services.set_shortlist(curation_round, chair.province, [nomination], by=chair)
    services.forward_shortlist(Shortlist.objects.get(), by=chair, confirm_missing=True)
    Assignment.objects.create(
        round=curation_round, assessor=assessor, commodity=nomination.commodity, assigned_by=admin_user
    )
    verdict = english(lambda: rules.may_score(assessor, nomination))
    assert reason(verdict) == f"{curation_round} has no national assessment."


def test_the_national_assessment_is_over_once_the_results_are_published(forwarded, assessor):
    forwarded.round.results_published_at = timezone.now()
    forwarded.round.save()
    verdict = english(lambda: rules.may_score(assessor, forwarded.tenun))
    assert reason(verdict) == f"The national assessment of {forwarded.round} is over."


def test_an_assessor_needs_a_complete_national_rubric(forwarded, assessor):
    Criterion.objects.filter(aspect__round=forwarded.round, aspect__stage=Stage.NATIONAL).first().delete()
    verdict = english(lambda: rules.may_score(assessor, forwarded.tenun))
    assert reason(verdict) == (
        f"The rubric of {forwarded.round} is not complete (its weights add up to 80.00%): the ministry must finish "
        "it before scoring."
    )
    assert refused_in_english(lambda: assess(forwarded.tenun, assessor, 4)) == verdict.reason


def test_an_incomplete_provincial_rubric_does_not_stop_the_national_assessment(forwarded, assessor):
    province_criterion = Criterion.objects.filter(aspect__round=forwarded.round, aspect__stage=Stage.PROVINCE).first()
    Criterion.objects.filter(pk=province_criterion.pk).update(weight=0)
    assert rules.total_weight(forwarded.round, Stage.PROVINCE) != 100
    assert rules.may_score(assessor, forwarded.tenun)
    assert assess(forwarded.tenun, assessor, 4).total == 75


def test_a_team_member_never_scores_in_the_national_stage(forwarded, chair, team_member):
    for member in (chair, team_member):
        verdict = english(lambda m=member: rules.may_score(m, forwarded.tenun, stage=Stage.NATIONAL))
        assert reason(verdict).startswith("Only the national assessors of Woven fabric (tenun)")
        verdict = english(lambda m=member: rules.may_declare_conflict(m, forwarded.tenun, stage=Stage.NATIONAL))
        assert reason(verdict).startswith("Only the national assessors of Woven fabric (tenun)")
    assert rules.stage_of(team_member) == Stage.PROVINCE


def test_an_assessor_never_scores_in_the_provincial_stage(forwarded, assessor, curation_round, officer, admin_user):
    verdict = english(lambda: rules.may_score(assessor, forwarded.tenun, stage=Stage.PROVINCE))
    assert reason(verdict) == "Only members of the selection team of Daerah Istimewa Yogyakarta score this nomination."
    # Not even a nomination still in provincial scoring, in a round where they assess its commodity type.
    in_scoring = locked(curation_round, officer.regency, officer)
    Assignment.objects.create(
        round=curation_round, assessor=assessor, commodity=in_scoring.commodity, assigned_by=admin_user
    )
    verdict = english(lambda: rules.may_score(assessor, in_scoring, stage=Stage.PROVINCE))
    assert "selection team of Daerah Istimewa Yogyakarta" in reason(verdict)
    verdict = english(lambda: rules.may_declare_conflict(assessor, in_scoring, stage=Stage.PROVINCE))
    assert "selection team of Daerah Istimewa Yogyakarta" in reason(verdict)


def test_a_team_member_cannot_score_a_forwarded_nomination_during_the_national_assessment(
    forwarded, team_member, third_member
):
    """The provincial sheets of a forwarded shortlist stay frozen while the assessors work."""
    message = refused_in_english(
        lambda: services.save_sheet(
            forwarded.batik, by=third_member, values=stage_scores(forwarded.round, 4), comment=""
        )
    )
    assert message.startswith("Scoring closed on ")
    during_scoring = forwarded.round.scoring_closes - timedelta(minutes=1)
    verdict = english(lambda: rules.may_score(third_member, forwarded.batik, now=during_scoring))
    assert "forwarded its shortlist" in reason(verdict)


# Conflicts and final sheets -------------------------------------------------------------------------------


def test_an_assessor_declares_a_conflict_in_the_national_stage(forwarded, assessor):
    sheet = services.declare_conflict(forwarded.tenun, by=assessor, reason="Saya pembina IKM ini")
    assert (sheet.stage, sheet.status) == (Stage.NATIONAL, SheetStatus.CONFLICT)
    assert AuditRecord.objects.for_object(sheet).filter(action="sheet.conflict", actor=assessor).exists()
    verdict = english(lambda: rules.may_score(assessor, forwarded.tenun, sheet))
    assert reason(verdict) == "You declared a conflict of interest on this nomination: you cannot score it."
    assert refused_in_english(lambda: assess(forwarded.tenun, assessor, 4)) == verdict.reason
    # The provincial sheets of the nomination are untouched.
    assert ScoreSheet.objects.filter(nomination=forwarded.tenun, stage=Stage.PROVINCE, status="submitted").count() == 3


def test_an_assessor_may_declare_a_conflict_before_the_window_opens_but_not_after_it_closes(forwarded, assessor):
    award_round = forwarded.round
    assert rules.may_declare_conflict(assessor, forwarded.tenun, now=award_round.national_opens - timedelta(days=1))
    verdict = english(lambda: rules.may_declare_conflict(assessor, forwarded.tenun, now=award_round.national_closes))
    assert reason(verdict) == "Conflicts of interest are declared before the national assessment closes."
    message = refused_in_english(
        lambda: services.declare_conflict(
            forwarded.tenun, by=assessor, reason="Kerabat", now=award_round.national_closes
        )
    )
    assert message == verdict.reason


def test_an_assessor_declares_no_conflict_on_a_nomination_they_do_not_assess(forwarded, assessor):
    for nomination in (forwarded.batik, forwarded.kept_home):
        with pytest.raises(WorkflowError):
            services.declare_conflict(nomination, by=assessor, reason="Kerabat")
    assert not ScoreSheet.objects.filter(member=assessor).exists()


def test_a_conflict_is_declared_instead_of_a_national_sheet_not_after(forwarded, assessor):
    sheet = assess(forwarded.tenun, assessor, 4)
    verdict = english(lambda: rules.may_declare_conflict(assessor, forwarded.tenun, sheet))
    assert reason(verdict) == (
        "You submitted a sheet for this nomination: a conflict of interest is declared instead of scoring, not after."
    )
    assert refused_in_english(lambda: services.declare_conflict(forwarded.tenun, by=assessor, reason="x")) == (
        verdict.reason
    )


def test_a_submitted_national_sheet_is_final(forwarded, assessor):
    sheet = assess(forwarded.tenun, assessor, 4)
    verdict = english(lambda: rules.may_score(assessor, forwarded.tenun, sheet))
    assert reason(verdict).startswith("You submitted this sheet on ")
    assert "a submitted sheet is final" in verdict.reason
    assert refused_in_english(lambda: assess(forwarded.tenun, assessor, 5)) == verdict.reason
    sheet.refresh_from_db()
    assert sheet.total == 75 and sheet.status == SheetStatus.SUBMITTED


def test_national_drafts_freeze_when_the_window_closes(forwarded, assessor):
    assess(forwarded.tenun, assessor, 3, submit=False)
    closes = forwarded.round.national_closes
    message = refused_in_english(lambda: assess(forwarded.tenun, assessor, 4, now=closes))
    assert message.startswith("The national assessment closed on ")
    assert ScoreSheet.objects.get(member=assessor).status == SheetStatus.DRAFT


def test_national_drafts_freeze_when_the_results_are_published(forwarded, assessor):
    assess(forwarded.tenun, assessor, 3, submit=False)
    forwarded.round.results_published_at = timezone.now()
    forwarded.round.save()
    message = refused_in_english(lambda: assess(forwarded.tenun, assessor, 4))
    assert message == f"The national assessment of {forwarded.round} is over."
    assert ScoreSheet.objects.get(member=assessor).status == SheetStatus.DRAFT


def test_national_sheets_freeze_when_the_round_leaves_curation(forwarded, assessor):
    forwarded.round.status = RoundStatus.CLOSED
    forwarded.round.save()
    assert "is over" in reason(english(lambda: rules.may_score(assessor, forwarded.tenun)))


# National totals ---------------------------------------------------------------------------------------


def assess_values(scene, assessor, values, submit=True):
    return services.save_sheet(scene.tenun, by=assessor, values=values, comment="", submit=submit)


def test_a_national_sheet_is_totalled_on_the_national_rubric(forwarded, assessor):
    sheet = assess(forwarded.tenun, assessor, 4)
    assert (sheet.stage, sheet.status, sheet.total) == (Stage.NATIONAL, SheetStatus.SUBMITTED, Decimal("75.00"))
    assert {score.criterion.aspect.stage for score in sheet.scores.select_related("criterion__aspect")} == {"national"}
    assert AuditRecord.objects.for_object(sheet).filter(action="sheet.submitted", actor=assessor).exists()


def test_uneven_national_scores_are_weighted_with_the_national_weights(forwarded, assessor):
    values = stage_scores(forwarded.round, 1, Stage.NATIONAL)
    quality = Criterion.objects.get(aspect__round=forwarded.round, name_en="Quality and appearance")  # weight 20
    values[quality.pk] = (5, "")
    assert assess_values(forwarded, assessor, values).total == 20


def test_an_assessor_cannot_post_a_provincial_criterion(forwarded, assessor):
    values = stage_scores(forwarded.round, 4, Stage.NATIONAL)
    values.update(stage_scores(forwarded.round, 5, Stage.PROVINCE))
    assert refused_in_english(lambda: assess_values(forwarded, assessor, values)).startswith("Unknown criterion.")
    only_province = stage_scores(forwarded.round, 5, Stage.PROVINCE)
    assert refused_in_english(lambda: assess_values(forwarded, assessor, only_province, submit=False)).startswith(
        "Unknown criterion."
    )
    assert not ScoreSheet.objects.filter(member=assessor, status=SheetStatus.SUBMITTED).exists()
    assert not ScoreSheet.objects.filter(member=assessor).exclude(scores=None).exists()


def test_submitting_needs_every_national_criterion(forwarded, assessor):
    values = stage_scores(forwarded.round, 4, Stage.NATIONAL)
    values.pop(next(iter(values)))
    assert "missing" in refused_in_english(lambda: assess_values(forwarded, assessor, values))
    assert assess_values(forwarded, assessor, values, submit=False).status == SheetStatus.DRAFT


def test_a_team_member_cannot_post_a_national_criterion(national_round, officer, team_member):
    nomination = locked(national_round, officer.regency, officer)
    values = stage_scores(national_round, 4, Stage.NATIONAL)
    now = national_round.scoring_opens + timedelta(hours=1)
    with translation.override("en"), pytest.raises(WorkflowError, match="Unknown criterion"):
        services.save_sheet(nomination, by=team_member, values=values, comment="", submit=True, now=now)
    sheet = score_in_province(nomination, team_member, 4)
    assert (sheet.stage, sheet.total) == (Stage.PROVINCE, 75)


def test_an_assessors_and_a_members_sheet_on_one_nomination_are_two_sheets(forwarded, assessor, chair):
    """One sheet per scorer and stage: the national sheet never overwrites a provincial one."""
    assess(forwarded.tenun, assessor, 1)
    assert ScoreSheet.objects.get(nomination=forwarded.tenun, member=chair).total == 100
    assert ScoreSheet.objects.filter(nomination=forwarded.tenun).count() == 4


# The rubric per stage ------------------------------------------------------------------------------------


def rubric_of(award_round, stage):
    return sorted(
        Criterion.objects.filter(aspect__round=award_round, aspect__stage=stage).values_list(
            "pk", "name_id", "weight", "aspect_id"
        )
    )


def test_a_national_round_gets_both_default_rubrics(national_round, curation_round):
    assert rules.total_weight(national_round, Stage.PROVINCE) == 100
    assert rules.total_weight(national_round, Stage.NATIONAL) == 100
    assert national_round.aspects.filter(stage=Stage.NATIONAL).count() == 2
    assert rules.total_weight(curation_round, Stage.NATIONAL) == 0  # a round without the stage has no such rubric


def test_editing_the_national_rubric_leaves_the_provincial_rubric_alone(national_round, admin_user):
    province_before = rubric_of(national_round, Stage.PROVINCE)
    criteria = list(Criterion.objects.filter(aspect__round=national_round, aspect__stage=Stage.NATIONAL))
    data = criterion_data(criteria)
    data["criteria-0-weight"] = str(criteria[0].weight - 5)
    data["criteria-1-weight"] = str(criteria[1].weight + 5)
    formset = CriterionFormSet(
        data,
        queryset=Criterion.objects.filter(pk__in=[c.pk for c in criteria]),
        prefix="criteria",
        award_round=national_round,
        stage=Stage.NATIONAL,
    )
    assert formset.is_valid(), formset.errors
    services.save_rubric(national_round, formset, by=admin_user, stage=Stage.NATIONAL)
    assert Criterion.objects.get(pk=criteria[0].pk).weight == criteria[0].weight - 5
    assert rubric_of(national_round, Stage.PROVINCE) == province_before
    change = AuditRecord.objects.filter(action="rubric.changed", actor=admin_user).get()
    assert change.after["stage"] == "national" and change.before["stage"] == "national"


def test_the_provincial_sheets_do_not_freeze_the_national_rubric(forwarded, admin_user, assessor):
    award_round = forwarded.round
    assert rules.rubric_is_frozen(award_round, Stage.PROVINCE)
    assert not rules.rubric_is_frozen(award_round, Stage.NATIONAL)
    assert rules.may_edit_rubric(admin_user, award_round, Stage.NATIONAL)
    assert "frozen" in reason(english(lambda: rules.may_edit_rubric(admin_user, award_round, Stage.PROVINCE)))
    assess(forwarded.tenun, assessor, 4, submit=False)  # a draft freezes nothing
    assert rules.may_edit_rubric(admin_user, award_round, Stage.NATIONAL)
    assess(forwarded.tenun, assessor, 4)
    verdict = english(lambda: rules.may_edit_rubric(admin_user, award_round, Stage.NATIONAL))
    assert reason(verdict).startswith("The rubric is frozen")
    assert refused_in_english(
        lambda: services.check_rubric_editable(award_round, by=admin_user, stage=Stage.NATIONAL)
    ).startswith("The rubric is frozen")


def test_the_national_sheets_do_not_freeze_the_provincial_rubric(national_round, officer, chair, assessor, admin_user):
    """A shortlist forwarded without any provincial sheet (the chair confirmed), then assessed nationally."""
    nomination = locked(national_round, officer.regency, officer)
    services.set_shortlist(national_round, chair.province, [nomination], by=chair)
    services.forward_shortlist(Shortlist.objects.get(), by=chair, confirm_missing=True)
    services.assign_assessor(national_round, assessor, [nomination.commodity], by=admin_user)
    assess(nomination, assessor, 4)
    assert rules.rubric_is_frozen(national_round, Stage.NATIONAL)
    assert not rules.rubric_is_frozen(national_round, Stage.PROVINCE)
    assert rules.may_edit_rubric(admin_user, national_round, Stage.PROVINCE)


def test_a_round_without_the_stage_has_no_national_rubric_to_edit(curation_round, admin_user):
    verdict = english(lambda: rules.may_edit_rubric(admin_user, curation_round, Stage.NATIONAL))
    assert reason(verdict) == f"{curation_round} has no national assessment."
    assert (
        refused_in_english(lambda: services.add_default_rubric(curation_round, by=admin_user, stage=Stage.NATIONAL))
        == verdict.reason
    )
    assert not curation_round.aspects.filter(stage=Stage.NATIONAL).exists()


def test_the_default_national_rubric_is_added_to_an_empty_national_rubric_only(national_round, admin_user):
    province_before = rubric_of(national_round, Stage.PROVINCE)
    Criterion.objects.filter(aspect__round=national_round, aspect__stage=Stage.NATIONAL).delete()
    national_round.aspects.filter(stage=Stage.NATIONAL).delete()
    services.add_default_rubric(national_round, by=admin_user, stage=Stage.NATIONAL)
    assert rules.total_weight(national_round, Stage.NATIONAL) == 100
    assert rubric_of(national_round, Stage.PROVINCE) == province_before
    assert "empty rubric" in refused_in_english(
        lambda: services.add_default_rubric(national_round, by=admin_user, stage=Stage.NATIONAL)
    )


# Assigning assessors -------------------------------------------------------------------------------------


@pytest.fixture
def tenun_type(db):
    return CommodityType.objects.get(code="kain-tenun")


def test_assigning_an_assessor_is_audited_and_tells_them_by_email(
    national_round, assessor, admin_user, tenun_type, django_capture_on_commit_callbacks
):
    batik_type = CommodityType.objects.get(code="kain-batik")
    with django_capture_on_commit_callbacks(execute=True):
        new = services.assign_assessor(national_round, assessor, [tenun_type, batik_type], by=admin_user)
    assert set(new) == {tenun_type, batik_type}
    assert set(Assignment.objects.filter(assessor=assessor).values_list("assigned_by", flat=True)) == {admin_user.pk}
    record = AuditRecord.objects.get(action="assessor.assigned")
    assert record.actor == admin_user and record.after == {
        "assessor": "assessor",
        "commodities": ["kain-batik", "kain-tenun"],
    }
    assert [m.to for m in mail.outbox] == [[assessor.email]]
    notification = Notification.objects.get(kind="assessor_assigned")
    assert notification.recipient == assessor and "Kain tenun" in notification.body
    # Assigning again keeps what exists: no second assignment, record or e-mail.
    with django_capture_on_commit_callbacks(execute=True):
        assert services.assign_assessor(national_round, assessor, [tenun_type], by=admin_user) == []
    assert Assignment.objects.filter(assessor=assessor).count() == 2 and len(mail.outbox) == 1
    assert AuditRecord.objects.filter(action="assessor.assigned").count() == 1


def test_assessors_are_assigned_only_to_commodity_types_open_in_the_round(national_round, assessor, admin_user):
    national_round.commodity_types.set(CommodityType.objects.filter(code__in=["kain-tenun", "kain-batik"]))
    pottery = CommodityType.objects.get(code="gerabah")
    message = refused_in_english(lambda: services.assign_assessor(national_round, assessor, [pottery], by=admin_user))
    assert message == "Assessors are assigned only to commodity types open in this round."
    assert refused_in_english(lambda: services.assign_assessor(national_round, assessor, [], by=admin_user)) == (
        "Choose at least one commodity type."
    )
    assert not Assignment.objects.exists()


@pytest.mark.parametrize("who", ["inactive assessor", "team member", "admin"])
def test_only_an_active_assessor_is_assigned(national_round, admin_user, tenun_type, who):
    person = {
        "inactive assessor": lambda: AssessorFactory(is_active=False),
        "team member": lambda: TeamMemberFactory(),
        "admin": lambda: admin_user,
    }[who]()
    message = refused_in_english(lambda: services.assign_assessor(national_round, person, [tenun_type], by=admin_user))
    assert message == "Only an active national assessor can be assigned."
    assert not Assignment.objects.exists()


@pytest.mark.parametrize("who", ["chair", "team_member", "assessor", "officer"])
def test_only_ministry_admins_assign_assessors(national_round, assessor, tenun_type, request, who):
    actor = request.getfixturevalue(who)
    assert reason(english(lambda: rules.may_assign_assessors(actor, national_round))) == (
        "Only ministry admins assign national assessors."
    )
    message = refused_in_english(lambda: services.assign_assessor(national_round, assessor, [tenun_type], by=actor))
    assert message == "Only ministry admins assign national assessors."
    assert not Assignment.objects.exists()


def test_assessors_are_assigned_only_in_rounds_with_the_stage(curation_round, assessor, admin_user, tenun_type):
    message = refused_in_english(
        lambda: services.assign_assessor(curation_round, assessor, [tenun_type], by=admin_user)
    )
    assert message == f"{curation_round} has no national assessment."
    assert not Assignment.objects.exists()


def test_assessors_are_not_assigned_after_publication_nor_in_a_closed_round(
    national_round, assessor, admin_user, tenun_type
):
    national_round.results_published_at = timezone.now()
    national_round.save()
    assert "are published" in refused_in_english(
        lambda: services.assign_assessor(national_round, assessor, [tenun_type], by=admin_user)
    )
    national_round.status = RoundStatus.CLOSED
    national_round.save()
    assert "is closed" in reason(english(lambda: rules.may_assign_assessors(admin_user, national_round)))


def test_an_assignment_without_work_done_is_taken_back_audited(forwarded, assessor, admin_user):
    assess(forwarded.tenun, assessor, 3, submit=False)  # a draft is not work done
    assignment = Assignment.objects.get(assessor=assessor)
    services.unassign_assessor(assignment, by=admin_user)
    assert not Assignment.objects.filter(assessor=assessor).exists()
    record = AuditRecord.objects.get(action="assessor.unassigned")
    assert record.before == {"assessor": "assessor", "commodity": "kain-tenun"}
    # Without the assignment their draft is out of reach: the rule refuses, the nomination is no longer visible.
    assert not rules.may_score(assessor, forwarded.tenun)


@pytest.mark.parametrize("work", ["submitted", "conflict"])
def test_an_assignment_stays_once_the_assessor_has_worked_on_it(forwarded, assessor, admin_user, work):
    if work == "submitted":
        assess(forwarded.tenun, assessor, 4)
    else:
        services.declare_conflict(forwarded.tenun, by=assessor, reason="Kerabat")
    assignment = Assignment.objects.get(assessor=assessor)
    message = refused_in_english(lambda: services.unassign_assessor(assignment, by=admin_user))
    assert message == f"{assessor} has already assessed Woven fabric (tenun) nominations: the assignment stays."
    assert Assignment.objects.filter(pk=assignment.pk).exists()


def test_an_assessors_work_in_one_commodity_type_does_not_hold_another_assignment(forwarded, admin_user):
    other = forwarded.other_assessor
    assess(forwarded.tenun, other, 4)
    services.unassign_assessor(Assignment.objects.get(assessor=other, commodity__code="kain-batik"), by=admin_user)
    assert list(Assignment.objects.filter(assessor=other).values_list("commodity__code", flat=True)) == ["kain-tenun"]


def test_only_an_admin_takes_an_assignment_back(forwarded, assessor, chair):
    assignment = Assignment.objects.get(assessor=assessor)
    assert refused_in_english(lambda: services.unassign_assessor(assignment, by=chair)) == (
        "Only ministry admins assign national assessors."
    )
    assert Assignment.objects.filter(pk=assignment.pk).exists()


def test_a_round_keeps_its_national_assessment_once_an_assessor_has_scored(forwarded, assessor, admin_user):
    edited = AwardRound.objects.get(pk=forwarded.round.pk)
    edited.national_assessment = False
    assess(forwarded.tenun, assessor, 3, submit=False)  # even a draft
    message = refused_in_english(lambda: nomination_services.save_round(edited, by=admin_user))
    assert message == "National assessors have already scored in this round: its national assessment stays."
    assert AwardRound.objects.get(pk=forwarded.round.pk).national_assessment


# Reminders ---------------------------------------------------------------------------------------------


def test_reminders_go_only_to_assessors_with_work_left(forwarded, assessor, admin_user, tenun_type):
    other = forwarded.other_assessor
    assess(forwarded.tenun, other, 4)
    services.declare_conflict(forwarded.batik, by=other, reason="Kerabat")  # other_assessor is done
    idle = AssessorFactory(username="idle_assessor")  # assesses a type nobody forwarded
    services.assign_assessor(forwarded.round, idle, [CommodityType.objects.get(code="gerabah")], by=admin_user)
    gone = AssessorFactory(username="gone_assessor")
    services.assign_assessor(forwarded.round, gone, [tenun_type], by=admin_user)
    gone.is_active = False
    gone.save()
    assert services.assessors_with_work_left(forwarded.round) == [(assessor, 1)]
    assert services.send_assessment_reminders(forwarded.round) == 1
    reminder = Notification.objects.get(kind="assessment_reminder")
    assert reminder.recipient == assessor


def test_a_team_member_with_provincial_sheets_left_gets_no_assessment_reminder(forwarded, assessor):
    """third_member still has provincial sheets left: the national reminders are for assessors only."""
    services.send_assessment_reminders(forwarded.round)
    assert set(
        Notification.objects.filter(kind="assessment_reminder").values_list("recipient__username", flat=True)
    ) == {
        "assessor",
        "other_assessor",
    }


def test_reminders_go_out_only_inside_the_national_window(forwarded):
    award_round = forwarded.round
    for moment in (award_round.national_opens - timedelta(seconds=1), award_round.national_closes):
        message = refused_in_english(lambda m=moment: services.send_assessment_reminders(award_round, now=m))
        assert message == "Reminders go out only while the national assessment is open."
    assert not Notification.objects.filter(kind="assessment_reminder").exists()


def test_provincial_reminders_do_not_count_national_sheets(forwarded, assessor):
    """During the provincial window, the team members with work left are counted on provincial sheets only."""
    award_round = forwarded.round
    assess(forwarded.tenun, assessor, 4)
    left = {member.username: todo for member, todo in services.members_with_work_left(award_round)}
    assert left == {"third_member": 2}


def test_no_reminder_once_the_results_are_published(forwarded):
    """The assessment is over at publication (rules.national_window), even with days left on its clock: reminding
    the assessors then asks for sheets they can no longer save."""
    forwarded.round.results_published_at = timezone.now()
    forwarded.round.save()
    assert not forwarded.round.national_window_open()
    message = refused_in_english(lambda: services.send_assessment_reminders(forwarded.round))
    assert message == "Reminders go out only while the national assessment is open."
    assert not Notification.objects.filter(kind="assessment_reminder").exists()


def test_reminders_of_a_round_without_the_stage_are_refused(curation_round):
    assert "national assessment is open" in refused_in_english(
        lambda: services.send_assessment_reminders(curation_round)
    )


# Worklists -----------------------------------------------------------------------------------------------


def test_sheets_left_counts_the_assessors_worklist_in_this_round(forwarded, assessor, admin_user, officer, chair):
    """The assessor assesses woven fabric here and batik fabric in another round: this round's batik is not theirs."""
    other = make_national_round()
    elsewhere = locked(other, officer.regency, officer, commodity=forwarded.batik.commodity)
    services.set_shortlist(other, chair.province, [elsewhere], by=chair)
    services.forward_shortlist(Shortlist.objects.get(round=other), by=chair, confirm_missing=True)
    services.assign_assessor(other, assessor, [elsewhere.commodity], by=admin_user)
    assert list(selectors.national_worklist(assessor, forwarded.round)) == [forwarded.tenun]
    assert list(selectors.national_worklist(assessor, other)) == [elsewhere]
    assert rules.sheets_left(assessor, forwarded.round) == 1
    assess(forwarded.tenun, assessor, 3, submit=False)
    assert rules.sheets_left(assessor, forwarded.round) == 1
    assess(forwarded.tenun, assessor, 3)
    assert rules.sheets_left(assessor, forwarded.round) == 0
    assert rules.sheets_left(assessor, other) == 1
    assert rules.sheets_left(forwarded.other_assessor, forwarded.round) == 2
