"""The object predicates of nominations/rules.py: a nomination is edited, submitted and withdrawn by an officer of
its regency (edited only while a draft or returned), and returned by the selection team of its province."""

import pytest
import rules
from django.contrib.auth.models import AnonymousUser

from nominations import rules as nominations_rules
from nominations.models import NominationStatus

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("rule", ["nominations.edit", "nominations.submit", "nominations.withdraw"])
def test_an_officer_of_the_regency_may_act_on_its_draft(nomination, officer, rule):
    assert rules.test_rule(rule, officer, nomination)


@pytest.mark.parametrize("rule", ["nominations.edit", "nominations.submit", "nominations.withdraw"])
@pytest.mark.parametrize("actor", ["other_officer", "team_member", "admin_user"])
def test_nobody_else_acts_on_a_regencys_nomination(nomination, actor, rule, request):
    assert not rules.test_rule(rule, request.getfixturevalue(actor), nomination)


@pytest.mark.parametrize("rule", ["nominations.edit", "nominations.submit", "nominations.return"])
def test_a_visitor_acts_on_no_nomination(nomination, rule):
    assert not rules.test_rule(rule, AnonymousUser(), nomination)


def test_a_user_without_role_in_the_regency_is_not_its_officer(nomination, officer):
    officer.role = officer.Role.TEAM_MEMBER
    assert not rules.test_rule("nominations.submit", officer, nomination)


@pytest.mark.parametrize(
    ("status", "editable"),
    [
        (NominationStatus.DRAFT, True),
        (NominationStatus.RETURNED, True),
        (NominationStatus.SUBMITTED, False),
        (NominationStatus.LOCKED, False),
    ],
)
def test_only_a_draft_or_returned_nomination_is_edited(nomination, officer, status, editable):
    nomination.status = status
    assert rules.test_rule("nominations.edit", officer, nomination) == editable


def test_the_provinces_team_returns_a_nomination(nomination, team_member, chair):
    assert rules.test_rule("nominations.return", team_member, nomination)
    assert rules.test_rule("nominations.return", chair, nomination)


@pytest.mark.parametrize("actor", ["other_province_member", "officer", "admin_user"])
def test_nobody_else_returns_a_nomination(nomination, actor, request):
    assert not rules.test_rule("nominations.return", request.getfixturevalue(actor), nomination)


def test_a_team_role_without_the_province_does_not_return(nomination, team_member):
    team_member.province_id = None
    assert not rules.test_rule("nominations.return", team_member, nomination)


@pytest.mark.parametrize("actor", ["officer", "team_member"])
def test_only_a_ministry_admin_sets_up_and_edits_rounds(award_round, admin_user, actor, request):
    assert nominations_rules.may_manage_rounds(admin_user)
    assert nominations_rules.may_edit_round(admin_user, None) and nominations_rules.may_edit_round(
        admin_user, award_round
    )
    user = request.getfixturevalue(actor)
    assert not nominations_rules.may_manage_rounds(user)
    for edited in (None, award_round):  # a new round, an existing one
        verdict = nominations_rules.may_edit_round(user, edited)
        assert not verdict.allowed and verdict.reason
