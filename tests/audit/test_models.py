"""Audit records (audit/models.py) are append-only: neither changed nor deleted, one by one or in bulk."""

import pytest

from audit.models import AppendOnlyError, AuditRecord
from tests.awards.conftest import decision_round  # noqa: F401 - fixture
from tests.curation.conftest import curation_round  # noqa: F401 - fixture

pytestmark = pytest.mark.django_db


def test_audit_records_cannot_be_changed_or_deleted(decision_round):
    record = AuditRecord.objects.first()
    record.reason = "rewritten"
    with pytest.raises(AppendOnlyError):
        record.save()
    with pytest.raises(AppendOnlyError):
        record.delete()
    with pytest.raises(AppendOnlyError):
        AuditRecord.objects.all().delete()
    with pytest.raises(AppendOnlyError):
        AuditRecord.objects.update(reason="x")
