"""The statistics of reports/statistics.py, through their page: scoped per role."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_statistics_are_scoped_per_role(client, two_provinces, admin_user, team_member, officer):
    for user, expected in [(admin_user, 3), (team_member, 2), (officer, 1)]:
        client.force_login(user)
        response = client.get(reverse("reports:statistics"), {"round": two_provinces.pk})
        assert response.context["total"] == expected
