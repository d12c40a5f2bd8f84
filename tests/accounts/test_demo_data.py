import pytest
from django.core.management import CommandError, call_command

from accounts.models import User
from nominations import demo
from nominations.models import Nomination

pytestmark = pytest.mark.django_db


def test_demo_data_twice_does_not_duplicate(settings):
    settings.DEBUG = True
    call_command("demo_data", stdout=open("/dev/null", "w"))
    count = User.objects.count()
    call_command("demo_data", stdout=open("/dev/null", "w"))
    assert User.objects.count() == count
    assert User.objects.filter(role=User.Role.MINISTRY_ADMIN).count() == 1
    assert User.objects.filter(role=User.Role.TEAM_MEMBER, is_team_chair=True).count() == 3
    assert User.objects.get(username="officer.sleman").regency.code == "34.04"
    assert Nomination.objects.count() == len(demo.SAMPLES)
    assert Nomination.objects.filter(status="submitted").count() == sum(1 for s in demo.SAMPLES if s[-1])


def test_demo_data_refuses_without_debug(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="DEBUG is off"):
        call_command("demo_data")
    assert not User.objects.exists()


def test_demo_data_forced_without_debug(settings):
    settings.DEBUG = False
    call_command("demo_data", "--force", stdout=open("/dev/null", "w"))
    assert User.objects.filter(username="admin").exists()
