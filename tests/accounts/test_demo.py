"""accounts/demo.py: the demo accounts leave the Users pages' coverage something to show."""

import pytest

from accounts.demo import PENDING_INVITATION, create_users
from accounts.models import Regency, User
from accounts.selectors import provinces_coverage, regencies_without_officer

pytestmark = pytest.mark.django_db


def test_the_demo_has_a_pending_invitation_a_team_without_chair_and_regencies_without_officer():
    create_users()
    create_users()  # again: nobody invited twice
    invited = User.objects.get(email=PENDING_INVITATION[0])
    assert invited.invitation_pending and invited.regency_id == PENDING_INVITATION[3]
    bengkulu = next(p for p in provinces_coverage() if p.pk == "17")
    assert (bengkulu.members, bengkulu.has_chair, bengkulu.short) == (2, False, True)
    assert regencies_without_officer().count() == Regency.objects.count() - 4
    assert regencies_without_officer().get(pk=PENDING_INVITATION[3]).pending
