"""Closed rounds stay closed: every service refuses changes to them (the pages: tests/nominations/views/test_rounds.py,
tests/curation/views/test_ranking.py, tests/nominations/test_admin.py)."""

import pytest
from django.urls import reverse

from awards import services as awards
from core.exceptions import WorkflowError
from curation import services as curation
from curation.models import Shortlist
from nominations import services
from tests.awards.conftest import closed_round, decision_round  # noqa: F401 - fixtures
from tests.curation.conftest import all_scores, curation_round  # noqa: F401 - fixture

pytestmark = pytest.mark.django_db


def test_every_service_refuses_changes_to_a_closed_round(closed_round, admin_user, chair, team_member, officer):
    award_round, first, second, third = closed_round
    shortlist = Shortlist.objects.get()
    attempts = [
        lambda: curation.reopen_shortlist(shortlist, by=admin_user, reason="Ubah"),
        lambda: curation.set_shortlist(award_round, chair.province, [first], by=chair),
        lambda: curation.save_sheet(third, by=team_member, values=all_scores(award_round, 3), comment="", submit=True),
        lambda: curation.declare_conflict(third, by=team_member, reason="Kerabat"),
        lambda: curation.check_rubric_editable(award_round, by=admin_user),
        lambda: awards.decide(first, level=None, reason="Ubah", by=admin_user),
        lambda: awards.promote(first, by=admin_user),
        lambda: services.save_round(award_round, by=admin_user),
        lambda: services.save_nomination(first, by=officer, expected_version=first.version),
    ]
    for attempt in attempts:
        with pytest.raises(WorkflowError):
            attempt()
    assert Shortlist.objects.get().is_forwarded


def test_a_refused_forward_in_a_closed_round_creates_no_shortlist(client, closed_round, jabar):
    from tests.factories import TeamMemberFactory

    award_round = closed_round[0]
    jabar_chair = TeamMemberFactory(province=jabar, is_team_chair=True)
    client.force_login(jabar_chair)
    client.post(f"{reverse('curation:shortlist_forward')}?round={award_round.pk}")
    assert not Shortlist.objects.filter(province=jabar).exists()
