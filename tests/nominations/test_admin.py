"""The Django admin of nominations (nominations/admin.py) is read-only: it changes no round or nomination."""

import pytest
from django.urls import reverse

from tests.awards.conftest import closed_round, decision_round  # noqa: F401 - fixtures
from tests.curation.conftest import curation_round  # noqa: F401 - fixture

pytestmark = pytest.mark.django_db


def test_the_django_admin_changes_no_round_or_nomination(client, closed_round, admin_user):
    """The review renamed the closed 2022 round and a nomination through /admin/ with no audit record."""
    award_round, first, second, third = closed_round
    client.force_login(admin_user)
    for model, obj in (("awardround", award_round), ("nomination", first)):
        url = reverse(f"admin:nominations_{model}_change", args=[obj.pk])
        assert client.get(url).status_code == 200  # readable
        assert client.post(url, {"name": "Diubah", "business_name": "Diubah"}).status_code == 403
    award_round.refresh_from_db()
    first.refresh_from_db()
    assert award_round.name != "Diubah" and first.business_name != "Diubah"
