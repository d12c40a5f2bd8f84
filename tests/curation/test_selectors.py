"""The rankings of curation/selectors.py: mean, count and spread computed in the database; ties go to the earlier
submission."""

from decimal import Decimal

import pytest

from curation import selectors

pytestmark = pytest.mark.django_db


def test_ranking_mean_count_and_spread_computed_in_the_database(scored, curation_round, diy):
    a, b, c = scored
    rows = {row.pk: row for row in selectors.ranking(selectors.in_curation(curation_round, diy))}
    assert rows[a.pk].mean == Decimal("75") and rows[a.pk].sheet_count == 2 and rows[a.pk].spread == Decimal("50")
    assert float(rows[a.pk].stddev) == pytest.approx(25.0)
    assert rows[a.pk].disagreement is True and rows[b.pk].disagreement is False
    assert rows[c.pk].mean == Decimal("25") and rows[c.pk].sheet_count == 1 and rows[c.pk].conflict_count == 1


def test_ties_go_to_the_earlier_submission(scored, curation_round, diy):
    a, b, c = scored
    assert [row.pk for row in selectors.ranking(selectors.in_curation(curation_round, diy))][2] == c.pk
    from datetime import timedelta

    from django.utils import timezone

    a.submitted_at, b.submitted_at = timezone.now(), timezone.now() - timedelta(days=1)  # B was submitted first
    a.save(update_fields=["submitted_at"])
    b.save(update_fields=["submitted_at"])
    order = [row.pk for row in selectors.ranking(selectors.in_curation(curation_round, diy))]
    assert order == [b.pk, a.pk, c.pk]
