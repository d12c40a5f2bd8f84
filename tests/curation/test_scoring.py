"""Scoring through curation.services.save_sheet: weighted totals on 0-100, scales, windows, complete, final sheets."""

from datetime import timedelta

import pytest

from audit.models import AuditRecord
from core.exceptions import WorkflowError
from curation import rules, services
from curation.models import Criterion, ScoreSheet, SheetStatus
from tests.curation.conftest import all_scores

pytestmark = pytest.mark.django_db


def test_default_rubric_weights_add_up_to_100(curation_round):
    assert rules.total_weight(curation_round) == 100
    assert curation_round.aspects.count() == 3 and Criterion.objects.filter(aspect__round=curation_round).count() == 11


def test_submitted_total_is_weighted_on_0_to_100(locked_nomination, team_member, curation_round):
    sheet = services.save_sheet(
        locked_nomination, by=team_member, values=all_scores(curation_round, 4), comment="Bagus", submit=True
    )
    assert sheet.status == SheetStatus.SUBMITTED and sheet.total == 75
    assert AuditRecord.objects.for_object(sheet).filter(action="sheet.submitted", actor=team_member).exists()


def test_uneven_scores_are_weighted(locked_nomination, team_member, curation_round):
    values = all_scores(curation_round, 1)
    quality = Criterion.objects.get(aspect__round=curation_round, name_en="Product quality")  # weight 12
    values[quality.pk] = (5, "")
    sheet = services.save_sheet(locked_nomination, by=team_member, values=values, comment="", submit=True)
    assert sheet.total == 12


def test_scores_outside_the_scale_are_refused(locked_nomination, team_member, curation_round):
    values = all_scores(curation_round, 4)
    first = next(iter(values))
    values[first] = (9, "")
    with pytest.raises(WorkflowError, match="antara 1 dan 5"):
        services.save_sheet(locked_nomination, by=team_member, values=values, comment="", submit=True)


def test_submit_needs_every_criterion(locked_nomination, team_member, curation_round):
    values = all_scores(curation_round, 4)
    values.pop(next(iter(values)))
    with pytest.raises(WorkflowError):
        services.save_sheet(locked_nomination, by=team_member, values=values, comment="", submit=True)
    draft = services.save_sheet(locked_nomination, by=team_member, values=values, comment="", submit=False)
    assert draft.status == SheetStatus.DRAFT and draft.total is None


def test_scoring_outside_the_window_is_refused(locked_nomination, team_member, curation_round):
    with pytest.raises(WorkflowError, match="ditutup"):
        services.save_sheet(
            locked_nomination,
            by=team_member,
            values=all_scores(curation_round, 4),
            comment="",
            submit=True,
            now=curation_round.scoring_closes,
        )
    with pytest.raises(WorkflowError, match="dibuka"):
        services.save_sheet(
            locked_nomination,
            by=team_member,
            values=all_scores(curation_round, 4),
            comment="",
            submit=True,
            now=curation_round.scoring_opens - timedelta(seconds=1),
        )


def test_submitted_sheet_is_final(locked_nomination, team_member, curation_round):
    """Blind scoring: the others' scores are shown once one's own sheet is in, so it cannot change afterwards."""
    services.save_sheet(
        locked_nomination, by=team_member, values=all_scores(curation_round, 4), comment="", submit=True
    )
    with pytest.raises(WorkflowError, match="final"):
        services.save_sheet(
            locked_nomination, by=team_member, values=all_scores(curation_round, 5), comment="revisi", submit=True
        )
    sheet = ScoreSheet.objects.get(nomination=locked_nomination, member=team_member)
    assert sheet.total == 75 and sheet.status == SheetStatus.SUBMITTED
