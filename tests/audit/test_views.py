"""The audit trail's page (audit/views.py): browsable and filterable by ministry admins only."""

import pytest
from django.urls import reverse

from tests.reports.conftest import two_provinces  # noqa: F401 - fixture

pytestmark = pytest.mark.django_db


def test_audit_trail_browsable_and_filterable_by_admins_only(client, two_provinces, admin_user, officer):
    client.force_login(admin_user)
    page = client.get(reverse("audit:list"), {"action": "nomination.submitted"})
    assert page.context["page"].paginator.count == 3
    assert client.get(reverse("audit:list"), {"actor": "officer_bandung"}).context["page"].paginator.count == 1
    client.force_login(officer)
    assert client.get(reverse("audit:list")).status_code == 403
