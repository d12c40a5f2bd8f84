"""curation/rules.py: blind scoring (who sees the team's results, and why not) and the sheets left on a worklist."""

import pytest
import rules

from curation import rules as curation_rules
from curation import services
from nominations.models import NominationStatus

from .conftest import all_scores, locked

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
