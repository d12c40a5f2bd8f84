"""Every transition leaves an append-only audit record with who, when, before and after."""

import pytest

from audit.models import AuditRecord
from awards import services as awards
from tests.awards.conftest import level

pytestmark = pytest.mark.django_db


def test_every_transition_is_audited(decision_round, admin_user, chair):
    award_round, first, second, third = decision_round
    awards.decide(first, level=level(award_round), reason="Terbaik", by=admin_user)
    awards.decide(second, level=None, reason="Belum siap", by=admin_user)
    awards.publish_results(award_round, by=admin_user)
    awards.promote(first, by=admin_user)
    actions = set(AuditRecord.objects.values_list("action", flat=True))
    assert {
        "sheet.submitted",
        "shortlist.changed",
        "shortlist.forwarded",
        "award.decided",
        "round.published",
        "cohort.promoted",
    } <= actions
    forwarded = AuditRecord.objects.get(action="shortlist.forwarded")
    assert forwarded.actor == chair and forwarded.after["nominations"] == sorted([first.pk, second.pk])
    published = AuditRecord.objects.get(action="round.published")
    assert (
        published.actor == admin_user
        and published.before == {"results_published_at": None}
        and published.after["results_published_at"]
    )
