"""Decisions, publishing and the Go Global cohort through the services of awards/services.py."""

import pytest

from audit.models import AuditRecord
from awards import services
from awards.models import CohortMembership
from core.exceptions import WorkflowError
from tests.awards.conftest import decide_all, level

pytestmark = pytest.mark.django_db


def test_only_forwarded_nominations_can_be_decided(decision_round, admin_user):
    award_round, first, second, third = decision_round
    with pytest.raises(WorkflowError):
        services.decide(third, level=level(award_round), reason="x", by=admin_user)


def test_publish_needs_every_forwarded_nomination_decided(decision_round, admin_user):
    award_round, first, second, third = decision_round
    services.decide(first, level=level(award_round), reason="Terbaik", by=admin_user)
    with pytest.raises(WorkflowError, match="1"):
        services.publish_results(award_round, by=admin_user)


def test_decisions_are_audited_with_before_and_after(decision_round, admin_user):
    award_round, first, second, third = decision_round
    services.decide(first, level=level(award_round, "Bintang 2"), reason="Awal", by=admin_user)
    services.decide(first, level=level(award_round), reason="Dinaikkan", by=admin_user)
    changes = list(
        AuditRecord.objects.for_object(first)
        .filter(action="award.decided")
        .order_by("id")
        .values_list("before", "after")
    )
    assert [(before, after["level"]) for before, after in changes] == [
        (None, "Bintang 2"),
        ({"level": "Bintang 2"}, "Bintang 3"),
    ]


def test_cohort_size_is_refused_past_its_limit(decision_round, admin_user):
    award_round, first, second, third = decision_round
    services.decide(first, level=level(award_round), reason="Terbaik", by=admin_user)
    services.decide(second, level=level(award_round, "Bintang 2"), reason="Baik", by=admin_user)
    with pytest.raises(WorkflowError, match="Publikasikan"):
        services.promote(first, by=admin_user)
    services.publish_results(award_round, by=admin_user)
    services.promote(first, by=admin_user)
    with pytest.raises(WorkflowError, match="penuh: 1 dari 1"):
        services.promote(second, by=admin_user)
    assert CohortMembership.objects.count() == 1


def test_not_awarded_cannot_be_promoted(decision_round, admin_user):
    award_round, first, second, third = decision_round
    decide_all(award_round, first, second, admin_user)
    services.publish_results(award_round, by=admin_user)
    with pytest.raises(WorkflowError):
        services.promote(second, by=admin_user)
