import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from accounts.forms import PortalUserCreationForm
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


def form_data(**overrides):
    data = {"username": "new.user", "password1": "a-long-test-password-1", "password2": "a-long-test-password-1"}
    data.update(overrides)
    return data


def test_form_refuses_officer_without_regency():
    form = PortalUserCreationForm(data=form_data(role=User.Role.OFFICER))
    assert not form.is_valid()
    assert form.errors["regency"] == ["Petugas kabupaten/kota harus terikat pada satu kabupaten atau kota."]


def test_form_refuses_team_member_without_province():
    form = PortalUserCreationForm(data=form_data(role=User.Role.TEAM_MEMBER))
    assert not form.is_valid()
    assert "province" in form.errors


def test_form_accepts_officer_with_regency(sleman):
    form = PortalUserCreationForm(data=form_data(role=User.Role.OFFICER, regency=sleman.pk))
    assert form.is_valid(), form.errors
    user = form.save()
    assert user.regency == sleman and user.province is None


def test_createsuperuser_makes_a_ministry_admin():
    user = User.objects.create_superuser("root", "root@example.test", "a-long-test-password-1")
    assert user.role == User.Role.MINISTRY_ADMIN
