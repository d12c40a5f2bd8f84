"""The curation models' database constraints: one score sheet per member and nomination."""

import pytest
from django.db import IntegrityError, transaction

from curation.models import ScoreSheet

pytestmark = pytest.mark.django_db


def test_one_sheet_per_member_per_nomination(locked_nomination, team_member):
    ScoreSheet.objects.create(nomination=locked_nomination, member=team_member)
    with pytest.raises(IntegrityError), transaction.atomic():
        ScoreSheet.objects.create(nomination=locked_nomination, member=team_member)
