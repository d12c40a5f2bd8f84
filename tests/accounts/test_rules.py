"""The role predicates of accounts/rules.py: each role passes its own check only, and a visitor passes none."""

import pytest
import rules
from django.contrib.auth.models import AnonymousUser

pytestmark = pytest.mark.django_db

ROLE_RULES = {
    "officer": "accounts.officer_home",
    "team_member": "accounts.team_home",
    "admin_user": "accounts.admin_home",
}


@pytest.mark.parametrize("actor", ["officer", "team_member", "chair", "admin_user"])
def test_each_role_reaches_only_its_own_home(actor, request):
    user = request.getfixturevalue(actor)
    own = ROLE_RULES.get(actor, "accounts.team_home")
    for rule in ROLE_RULES.values():
        assert rules.test_rule(rule, user) == (rule == own), rule


def test_a_visitor_has_no_role():
    visitor = AnonymousUser()
    for rule in ROLE_RULES.values():
        assert not rules.test_rule(rule, visitor)
    assert not rules.test_rule("curation.shortlist", visitor)


def test_only_the_chair_of_a_team_is_its_chair(chair, team_member, officer, admin_user):
    assert rules.test_rule("curation.shortlist", chair)
    for user in (team_member, officer, admin_user):
        assert not rules.test_rule("curation.shortlist", user)


def test_a_chair_flag_without_the_team_role_is_no_chair(officer):
    officer.is_team_chair = True
    assert not rules.test_rule("curation.shortlist", officer)
