"""The user model: one role each, with the jurisdiction the role needs, enforced by the database; one chair per
province; createsuperuser makes a ministry admin."""

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from accounts.models import User

pytestmark = pytest.mark.django_db


def test_database_refuses_officer_without_regency():
    with pytest.raises(IntegrityError), transaction.atomic():
        User.objects.create(username="o", role=User.Role.OFFICER)


def test_database_refuses_team_member_without_province():
    with pytest.raises(IntegrityError), transaction.atomic():
        User.objects.create(username="t", role=User.Role.TEAM_MEMBER)


def test_database_refuses_admin_with_a_region(sleman):
    with pytest.raises(IntegrityError), transaction.atomic():
        User.objects.create(username="a", role=User.Role.MINISTRY_ADMIN, regency=sleman)


def test_database_refuses_user_without_role():
    with pytest.raises(IntegrityError), transaction.atomic():
        User.objects.create(username="nobody")


def test_database_refuses_chair_who_is_not_team_member(sleman):
    with pytest.raises(IntegrityError), transaction.atomic():
        User.objects.create(username="o", role=User.Role.OFFICER, regency=sleman, is_team_chair=True)


def test_one_chair_per_province(chair, diy):
    with pytest.raises(IntegrityError), transaction.atomic():
        User.objects.create(username="c2", role=User.Role.TEAM_MEMBER, province=diy, is_team_chair=True)


def test_model_validation_explains_mismatch(sleman):
    user = User(username="o", role=User.Role.TEAM_MEMBER, regency=sleman)
    user.set_unusable_password()
    with pytest.raises(ValidationError) as excinfo:
        user.full_clean()
    assert "anggota tim memerlukan provinsi" in str(excinfo.value)


def test_createsuperuser_makes_a_ministry_admin():
    user = User.objects.create_superuser("root", "root@example.test", "a-long-test-password-1")
    assert user.role == User.Role.MINISTRY_ADMIN
