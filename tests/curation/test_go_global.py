"""The Go Global selection, the third stage of the scoring engine: candidates, the expert panel, scoring in the
stage, promotion from its ranking (passing over a higher-ranked candidate needs a reason), closing the selection
with its e-mails, and the admin's page."""

from datetime import timedelta

import pytest
from django.conf import settings
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import translation

from audit.models import AuditRecord
from awards import services as awards_services
from awards.models import CohortMembership
from core.exceptions import WorkflowError
from curation import rules, selectors, services
from curation.models import Assignment, Criterion, ScoreSheet, SheetStatus, Stage, go_global_candidates
from nominations.models import RoundStatus
from notifications.models import Notification
from tests.awards.conftest import decision_round, level, other_assessor  # noqa: F401 - fixtures
from tests.factories.curation import AssignmentFactory
from tests.factories.nominations import AwardRoundFactory

pytestmark = pytest.mark.django_db


def go_global_scores(award_round, value):
    criteria = Criterion.objects.filter(aspect__round=award_round, aspect__stage=Stage.GO_GLOBAL)
    return {c.pk: (value, "") for c in criteria}


def publish(award_round, first, second, admin_user, second_level="Bintang 2"):
    awards_services.decide(first, level=level(award_round, "Bintang 3"), reason="Terbaik", by=admin_user)
    awards_services.decide(second, level=level(award_round, second_level), reason="Baik", by=admin_user)
    awards_services.publish_results(award_round, by=admin_user)
    award_round.refresh_from_db()


@pytest.fixture
def selection(decision_round, admin_user, assessor):  # noqa: F811
    """Published: the first nomination Bintang 3, the second Bintang 2 (both candidates), the assessor on the panel,
    cohort of two."""
    award_round, first, second, third = decision_round
    award_round.cohort_size = 2
    award_round.save()
    services.name_panel_member(award_round, assessor, by=admin_user)
    publish(award_round, first, second, admin_user)
    return award_round, first, second


def refused_in_english(call):
    with translation.override("en"), pytest.raises(WorkflowError) as error:
        call()
    return str(error.value)


# Candidates ---------------------------------------------------------------------------------------------------


def test_candidates_are_published_awards_of_eligible_levels_only(decision_round, admin_user):  # noqa: F811
    award_round, first, second, _third = decision_round
    awards_services.decide(first, level=level(award_round, "Bintang 3"), reason="Terbaik", by=admin_user)
    awards_services.decide(second, level=level(award_round, "Bintang 1"), reason="Cukup", by=admin_user)
    assert not go_global_candidates(award_round).exists()  # not published yet
    awards_services.publish_results(award_round, by=admin_user)
    assert list(go_global_candidates(award_round)) == [first]


def test_default_levels_bintang_1_is_not_eligible(decision_round):  # noqa: F811
    award_round = decision_round[0]
    assert {lv.name_id: lv.eligible_for_go_global for lv in award_round.award_levels.all()} == {
        "Bintang 3": True,
        "Bintang 2": True,
        "Bintang 1": False,
    }


def test_a_bintang_1_holder_cannot_be_promoted(decision_round, admin_user):  # noqa: F811
    award_round, first, second, _third = decision_round
    publish(award_round, first, second, admin_user, second_level="Bintang 1")
    assert "not eligible" in refused_in_english(lambda: awards_services.promote(second, by=admin_user))


# The panel ---------------------------------------------------------------------------------------------------


def test_naming_a_panel_member_seeds_the_rubric_and_tells_them(decision_round, admin_user, assessor):  # noqa: F811
    award_round = decision_round[0]
    assignment = services.name_panel_member(award_round, assessor, by=admin_user)
    assert (assignment.stage, assignment.commodity) == (Stage.GO_GLOBAL, None)
    assert rules.total_weight(award_round, Stage.GO_GLOBAL) == 100
    assert list(
        Criterion.objects.filter(aspect__round=award_round, aspect__stage=Stage.GO_GLOBAL).values_list(
            "name_en", "weight", "scale_max"
        )
    ) == [("Product potential", 40, 5), ("Export readiness", 40, 5), ("Commitment", 20, 5)]
    assert Notification.objects.filter(recipient=assessor, kind="go_global_panel").exists()
    assert "already on the Go Global panel" in refused_in_english(
        lambda: services.name_panel_member(award_round, assessor, by=admin_user)
    )


def test_only_an_assessor_sits_on_the_panel_and_only_admins_name_them(decision_round, admin_user, chair, assessor):  # noqa: F811
    award_round = decision_round[0]
    assert "active assessor" in refused_in_english(
        lambda: services.name_panel_member(award_round, chair, by=admin_user)
    )
    assert "Only ministry admins" in refused_in_english(
        lambda: services.name_panel_member(award_round, assessor, by=chair)
    )


def test_the_database_keeps_commodity_types_to_national_assignments(decision_round, admin_user, assessor):  # noqa: F811
    award_round = decision_round[0]
    commodity = award_round.commodity_types.first()
    for stage, commodity_value in ((Stage.NATIONAL, None), (Stage.GO_GLOBAL, commodity)):
        with pytest.raises(IntegrityError), transaction.atomic():
            Assignment.objects.create(
                round=award_round, assessor=assessor, stage=stage, commodity=commodity_value, assigned_by=admin_user
            )
    Assignment.objects.create(round=award_round, assessor=assessor, stage=Stage.GO_GLOBAL, assigned_by=admin_user)
    with pytest.raises(IntegrityError), transaction.atomic():
        Assignment.objects.create(round=award_round, assessor=assessor, stage=Stage.GO_GLOBAL, assigned_by=admin_user)


def test_a_panel_member_who_scored_stays(selection, admin_user, assessor):
    award_round, first, _second = selection
    services.save_sheet(first, by=assessor, values=go_global_scores(award_round, 4), comment="", submit=True)
    assignment = Assignment.objects.get(round=award_round, stage=Stage.GO_GLOBAL)
    assert "already scored" in refused_in_english(lambda: services.unassign_assessor(assignment, by=admin_user))


# Scoring in the stage ---------------------------------------------------------------------------------------


def test_the_stage_of_an_assessor_follows_the_round(decision_round, admin_user, assessor):  # noqa: F811
    award_round, first, second, _third = decision_round
    services.name_panel_member(award_round, assessor, by=admin_user)
    assert rules.stage_of(assessor, award_round) == Stage.NATIONAL  # before publication
    publish(award_round, first, second, admin_user)
    assert rules.stage_of(assessor, award_round) == Stage.GO_GLOBAL
    assert rules.stage_of(assessor) == Stage.NATIONAL


def test_a_panel_member_scores_candidates_in_the_go_global_stage(selection, assessor):
    award_round, first, second = selection
    assert set(selectors.worklist(assessor, award_round)) == {first, second}
    sheet = services.save_sheet(first, by=assessor, values=go_global_scores(award_round, 5), comment="", submit=True)
    assert (sheet.stage, sheet.status, sheet.total) == (Stage.GO_GLOBAL, SheetStatus.SUBMITTED, 100)
    assert rules.sheets_left(assessor, award_round) == 1
    assert "submitted this sheet" in refused_in_english(
        lambda: services.save_sheet(first, by=assessor, values=go_global_scores(award_round, 1), comment="")
    )


def test_an_assessor_off_the_panel_cannot_score_candidates(selection, other_assessor):
    award_round, first, _second = selection
    verdict = rules.may_score(other_assessor, first, stage=Stage.GO_GLOBAL)
    assert not verdict
    assert not rules.may_score(other_assessor, first)  # their stage is the (finished) national assessment


def test_a_panel_member_declares_a_conflict(selection, assessor):
    award_round, first, _second = selection
    sheet = services.declare_conflict(first, by=assessor, reason="Kerabat pemilik")
    assert (sheet.stage, sheet.status) == (Stage.GO_GLOBAL, SheetStatus.CONFLICT)


def test_closing_the_selection_locks_the_sheets(selection, admin_user, assessor):
    award_round, first, _second = selection
    awards_services.close_go_global(award_round, by=admin_user)
    assert "closed" in refused_in_english(
        lambda: services.save_sheet(first, by=assessor, values=go_global_scores(award_round, 3), comment="")
    )


def test_the_go_global_rubric_is_edited_on_its_tab(client, selection, admin_user):
    award_round = selection[0]
    client.force_login(admin_user)
    response = client.get(reverse("curation:rubric", args=[award_round.pk]) + "?stage=go_global")
    assert response.status_code == 200
    assert response.context["stage"] == Stage.GO_GLOBAL
    assert "Potensi produk" in response.content.decode()


# Promotion and closing ---------------------------------------------------------------------------------------


def test_passing_over_a_higher_ranked_candidate_needs_a_reason(selection, admin_user, assessor):
    award_round, first, second = selection
    services.save_sheet(first, by=assessor, values=go_global_scores(award_round, 2), comment="", submit=True)
    services.save_sheet(second, by=assessor, values=go_global_scores(award_round, 5), comment="", submit=True)
    assert "give the reason" in refused_in_english(lambda: awards_services.promote(first, by=admin_user))
    awards_services.promote(first, by=admin_user, reason="Komitmen ekspor lebih kuat")
    entry = AuditRecord.objects.filter(action="cohort.promoted").latest("pk")
    assert entry.reason == "Komitmen ekspor lebih kuat"
    assert entry.after["passed_over"] == [second.pk]
    awards_services.promote(second, by=admin_user)  # nobody above it is left out


def test_promoting_in_ranking_order_needs_no_reason(selection, admin_user, assessor):
    award_round, first, second = selection
    services.save_sheet(first, by=assessor, values=go_global_scores(award_round, 5), comment="", submit=True)
    awards_services.promote(first, by=admin_user)
    assert CohortMembership.objects.filter(nomination=first).exists()


def test_closing_tells_the_not_selected_and_stops_promotions(selection, admin_user, officer, other_officer):
    award_round, first, second = selection
    awards_services.promote(first, by=admin_user)
    assert awards_services.close_go_global(award_round, by=admin_user) == 1
    told = Notification.objects.filter(kind="go_global_not_selected")
    assert list(told.values_list("recipient__username", flat=True)) == [other_officer.username]
    assert Notification.objects.filter(kind="promoted", recipient=officer).exists()
    assert "closed" in refused_in_english(lambda: awards_services.promote(second, by=admin_user))
    assert "already closed" in refused_in_english(lambda: awards_services.close_go_global(award_round, by=admin_user))


def test_reminders_go_to_panel_members_with_candidates_left(selection, assessor):
    assert services.send_go_global_reminders(selection[0]) == 1
    assert Notification.objects.filter(kind="go_global_reminder", recipient=assessor).exists()


# Pages -------------------------------------------------------------------------------------------------------


def test_the_admin_page_ranks_candidates_with_their_award(client, selection, admin_user, assessor):
    award_round, first, second = selection
    services.save_sheet(second, by=assessor, values=go_global_scores(award_round, 5), comment="", submit=True)
    client.force_login(admin_user)
    response = client.get(reverse("curation:go_global", args=[award_round.pk]))
    assert response.status_code == 200
    rows = response.context["rows"]
    assert [row.pk for row in rows] == [second.pk, first.pk]
    assert rows[0].decision.level.name_id == "Bintang 2"
    assert [a.assessor for a in response.context["panel"]] == [assessor]


def test_the_admin_promotes_from_the_ranking_and_closes(client, selection, admin_user):
    award_round, first, _second = selection
    client.force_login(admin_user)
    response = client.post(reverse("awards:promote", args=[first.pk]), {"from_ranking": "1"})
    assert response.url.startswith(reverse("curation:go_global", args=[award_round.pk]))
    assert CohortMembership.objects.filter(nomination=first).exists()
    client.post(reverse("awards:go_global_close", args=[award_round.pk]))
    award_round.refresh_from_db()
    assert award_round.go_global_closed_at is not None


def test_the_admin_names_a_panel_member_on_the_page(client, decision_round, admin_user, assessor):  # noqa: F811
    award_round = decision_round[0]
    client.force_login(admin_user)
    client.post(reverse("curation:go_global", args=[award_round.pk]), {"assessor": assessor.pk})
    assert Assignment.objects.filter(round=award_round, assessor=assessor, stage=Stage.GO_GLOBAL).exists()


def test_a_panel_member_scores_on_the_worklist_and_score_page(client, selection, assessor):
    award_round, first, _second = selection
    client.force_login(assessor)
    response = client.get(reverse("curation:worklist"))
    assert response.context["stage"] == Stage.GO_GLOBAL
    assert {n.pk for n in response.context["items"]} == {first.pk, selection[2].pk}
    response = client.get(reverse("curation:score", args=[first.pk]))
    assert response.status_code == 200
    assert response.context["stage"] == Stage.GO_GLOBAL
    assert response.context["scoring"]
    values = {f"score_{c}": 4 for c in go_global_scores(award_round, 4)}
    client.post(reverse("curation:score", args=[first.pk]), {**values, "comment": "", "submit": "1"})
    assert ScoreSheet.objects.get(nomination=first, member=assessor).stage == Stage.GO_GLOBAL


@pytest.mark.parametrize("reason", ["Komitmen\x00ekspor", "x" * 2001])
def test_a_promotion_reason_with_a_nul_or_too_long_is_refused(client, selection, admin_user, assessor, reason):
    """The reason for passing over a candidate came from the POST as typed: a NUL character made PostgreSQL refuse the
    audit record (a server error), and a reason over 2,000 characters was silently cut."""
    award_round, first, second = selection
    services.save_sheet(first, by=assessor, values=go_global_scores(award_round, 2), comment="", submit=True)
    services.save_sheet(second, by=assessor, values=go_global_scores(award_round, 5), comment="", submit=True)
    client.force_login(admin_user)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    data = {"from_ranking": "1", "reason": reason}
    response = client.post(reverse("awards:promote", args=[first.pk]), data, follow=True)
    assert response.status_code == 200
    assert not CohortMembership.objects.exists()
    assert "Null characters are not allowed" in response.content.decode() or "at most 2000" in response.content.decode()


def test_a_panel_member_reaches_the_candidates_while_a_newer_round_names_them_a_national_assessor(
    client, selection, assessor
):
    """The worklist showed an assessor the newest round in curation they are assigned in: named a national assessor
    of a newer round (its assessment not open yet), a panel member lost the candidates of the open selection."""
    award_round, first, second = selection
    newer = AwardRoundFactory(year=award_round.year + 1, status=RoundStatus.CURATION)
    newer.national_assessment = True
    newer.national_opens = newer.scoring_closes + timedelta(days=1)
    newer.national_closes = newer.national_opens + timedelta(days=14)
    newer.save()
    AssignmentFactory(round=newer, assessor=assessor)
    client.force_login(assessor)
    response = client.get(reverse("curation:worklist"))
    assert response.context["award_round"] == award_round and response.context["stage"] == Stage.GO_GLOBAL
    assert {n.pk for n in response.context["items"]} == {first.pk, second.pk}
    response = client.get(reverse("curation:worklist"), {"round": newer.pk})
    assert response.context["award_round"] == newer and response.context["stage"] == Stage.NATIONAL
    link = Notification.objects.filter(kind="go_global_panel", recipient=assessor).get().link
    assert client.get(link).context["award_round"] == award_round
