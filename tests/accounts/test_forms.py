"""The user-creation form of the Django admin: a role needs its own jurisdiction."""

import pytest

from accounts.forms import PortalUserCreationForm
from accounts.models import User

pytestmark = pytest.mark.django_db


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
