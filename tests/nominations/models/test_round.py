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


def test_the_timeline_marks_each_stage_done_under_way_or_to_come(award_round):
    now = award_round.nomination_opens + timedelta(days=1)
    stages = award_round.timeline(now=now)
    assert [stage["state"] for stage in stages] == ["now", "next", "next"]
    award_round.admin_selection = True
    after_nominations = award_round.nomination_closes + timedelta(hours=1)
    stages = award_round.timeline(now=after_nominations)
    assert [str(stage["name"]) for stage in stages][1] == "Seleksi administrasi oleh tim seleksi provinsi"
    assert [stage["state"] for stage in stages] == ["done", "now", "next", "next"]
    assert (stages[1]["starts"], stages[1]["ends"]) == (award_round.nomination_closes, award_round.scoring_opens)
    award_round.results_published_at = award_round.scoring_closes + timedelta(days=30)
    assert award_round.timeline(now=award_round.results_published_at)[-1]["state"] == "done"
