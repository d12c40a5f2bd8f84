"""curation/rules.py: blind scoring (who sees the team's results, and why not) and the sheets left on a worklist."""

import pytest
import rules

from core.exceptions import WorkflowError
from curation import rules as curation_rules
from curation import services
from curation.models import Shortlist
from nominations.models import NominationStatus

from .conftest import all_scores, locked, make_curation_round

pytestmark = pytest.mark.django_db


def submit(nomination, member, value=4):
    services.save_sheet(nomination, by=member, values=all_scores(nomination.round, value), comment="", submit=True)


def test_a_ministry_admin_sees_every_provinces_results(curation_round, admin_user, jabar):
    assert curation_rules.may_see_team_results(admin_user, curation_round, jabar) == (True, "")


def test_the_chair_sees_the_results_with_sheets_left(curation_round, locked_nomination, chair, diy):
    assert curation_rules.may_see_team_results(chair, curation_round, diy).allowed


def test_a_member_with_sheets_left_sees_nothing_and_is_told_how_many(curation_round, officer, team_member, diy):
    first, second = (locked(curation_round, officer.regency, officer) for _ in range(2))
    verdict = curation_rules.may_see_team_results(team_member, curation_round, diy)
    assert not verdict.allowed and "2" in verdict.reason
    submit(first, team_member)
    verdict = curation_rules.may_see_team_results(team_member, curation_round, diy)
    assert not verdict.allowed and "1" in verdict.reason


def test_a_member_who_scored_or_declared_a_conflict_on_everything_sees_the_results(
    curation_round, officer, team_member, diy
):
    first, second = (locked(curation_round, officer.regency, officer) for _ in range(2))
    submit(first, team_member)
    services.declare_conflict(second, by=team_member, reason="Saudara")
    assert curation_rules.may_see_team_results(team_member, curation_round, diy) == (True, "")


def test_another_provinces_member_sees_nothing_even_with_nothing_left(curation_round, other_province_member, diy):
    verdict = curation_rules.may_see_team_results(other_province_member, curation_round, diy)
    assert not verdict.allowed and verdict.reason


def test_an_officer_sees_no_team_results(curation_round, officer, diy):
    assert not curation_rules.may_see_team_results(officer, curation_round, diy).allowed


def test_sheets_left_counts_only_the_members_province_and_this_round(curation_round, officer, team_member, chair):
    from accounts.models import Regency
    from tests.factories import AwardRoundFactory

    mine = locked(curation_round, officer.regency, officer)
    locked(curation_round, Regency.objects.exclude(province=team_member.province).first(), officer)
    locked(AwardRoundFactory(status=curation_round.status), officer.regency, officer)
    drafted = locked(curation_round, officer.regency, officer)
    type(drafted).objects.filter(pk=drafted.pk).update(status=NominationStatus.WITHDRAWN)
    assert curation_rules.sheets_left(team_member, curation_round) == 1
    submit(mine, chair)  # another member's sheet does not count for this one
    assert curation_rules.sheets_left(team_member, curation_round) == 1
    services.save_sheet(mine, by=team_member, values=all_scores(curation_round, 3), comment="")  # a draft
    assert curation_rules.sheets_left(team_member, curation_round) == 1
    submit(mine, team_member)
    assert curation_rules.sheets_left(team_member, curation_round) == 0


@pytest.mark.parametrize(
    ("actor", "allowed"),
    [("team_member", True), ("chair", True), ("admin_user", False), ("officer", False)],
)
def test_scoring_pages_are_for_team_members(actor, allowed, request):
    assert rules.test_rule("curation.score", request.getfixturevalue(actor)) == allowed


def test_a_team_member_without_a_province_is_refused_the_results(curation_round, team_member):
    verdict = curation_rules.may_see_team_results(team_member, curation_round, None)
    assert not verdict.allowed and verdict.reason


@pytest.mark.parametrize("actor", ["team_member", "chair", "officer"])
def test_only_a_ministry_admin_manages_the_requirements(curation_round, admin_user, actor, request):
    assert curation_rules.may_edit_requirements(admin_user, curation_round)
    user = request.getfixturevalue(actor)
    assert not curation_rules.may_edit_requirements(user, curation_round)
    with pytest.raises(WorkflowError):
        services.add_default_requirements(curation_round, by=user)
    assert not curation_round.requirements.exists()


@pytest.fixture
def to_check(curation_round, officer, admin_user):
    """A locked nomination of a round with the administrative selection and its default requirements."""
    curation_round.admin_selection = True
    curation_round.save()
    services.add_default_requirements(curation_round, by=admin_user)
    return locked(curation_round, officer.regency, officer)


def test_a_withdrawn_nomination_is_not_checked_even_in_curation(to_check, team_member):
    assert curation_rules.may_check_selection(team_member, to_check)
    type(to_check).objects.filter(pk=to_check.pk).update(status=NominationStatus.WITHDRAWN)
    to_check.refresh_from_db()
    verdict = curation_rules.may_check_selection(team_member, to_check)
    assert not verdict.allowed and verdict.reason


def test_a_declared_conflict_does_not_make_the_selection_final(to_check, team_member, chair):
    services.check_nomination(to_check, by=team_member, met=list(services.requirements_for(to_check)))
    services.declare_conflict(to_check, by=chair, reason="Kerabat pemilik")
    assert curation_rules.may_check_selection(team_member, to_check) == (True, "")


def test_only_the_provinces_own_forwarded_shortlist_of_this_round_freezes_its_sheets(
    curation_round, locked_nomination, team_member, jabar, diy
):
    Shortlist.objects.create(round=curation_round, province=jabar, forwarded_at=curation_round.scoring_opens)
    Shortlist.objects.create(round=make_curation_round(), province=diy, forwarded_at=curation_round.scoring_opens)
    assert curation_rules.may_score(team_member, locked_nomination) == (True, "")
    assert curation_rules.may_declare_conflict(team_member, locked_nomination) == (True, "")
