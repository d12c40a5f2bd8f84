"""Award rounds (nominations/models/round.py): the phase follows the status and the dates."""

from datetime import timedelta

import pytest

from nominations.models import RoundStatus

pytestmark = pytest.mark.django_db


def test_round_phase_follows_status_and_dates(award_round):
    assert award_round.phase == "nominations_open"
    award_round.status = RoundStatus.CURATION
    assert award_round.phase_at(award_round.scoring_opens) == "curation"
    assert award_round.phase_at(award_round.scoring_closes + timedelta(seconds=1)) == "decision"
    award_round.status = RoundStatus.CLOSED
    assert award_round.phase == "closed"
