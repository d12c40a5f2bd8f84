"""The export and statistics pages of reports/views.py: unknown exports are 404, visitors are sent to the login."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_unknown_export_is_404_and_anonymous_is_sent_to_login(client, two_provinces, admin_user):
    assert client.get(reverse("reports:export", args=["nominations", "csv"])).status_code == 302
    client.force_login(admin_user)
    assert client.get(reverse("reports:export", args=["passwords", "csv"])).status_code == 404
