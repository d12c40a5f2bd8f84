"""The rubric is saved through curation.services.save_rubric: the stored weights must add up to 100% (not just
the forms posted), under a lock, refused once frozen, and every change is audited."""

import pytest

from core.exceptions import WorkflowError
from curation import rules, services
from curation.models import Criterion
from tests.curation.conftest import all_scores, criterion_data

pytestmark = pytest.mark.django_db


def test_the_service_refuses_a_frozen_rubric(curation_round, locked_nomination, team_member, admin_user):
    services.save_sheet(
        locked_nomination, by=team_member, values=all_scores(curation_round, 4), comment="", submit=True
    )
    from curation.forms import CriterionFormSet

    formset = CriterionFormSet(
        criterion_data(list(Criterion.objects.filter(aspect__round=curation_round))),
        queryset=Criterion.objects.filter(aspect__round=curation_round),
        prefix="criteria",
        award_round=curation_round,
    )
    assert formset.is_valid()
    with pytest.raises(WorkflowError, match="frozen|dibekukan"):
        services.save_rubric(curation_round, formset, by=admin_user)


def test_no_sheet_is_scored_against_an_empty_rubric(client, admin_user, curation_round, locked_nomination, team_member):
    """Deleting every aspect leaves no criterion; scoring then is refused, so the rubric is never frozen at 0%."""
    from curation.models import Aspect

    Aspect.objects.filter(round=curation_round).delete()
    with pytest.raises(WorkflowError, match="100|lengkap"):
        services.save_sheet(locked_nomination, by=team_member, values={}, comment="", submit=True)
    assert not rules.rubric_is_frozen(curation_round)
