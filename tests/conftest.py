"""The usual actors. The nomination's regency is Kabupaten Sleman (34.04) in DI Yogyakarta (34)."""

import pytest

from accounts.models import Province, Regency

from .factories import AssessorFactory, MinistryAdminFactory, OfficerFactory, TeamMemberFactory


@pytest.fixture
def sleman(db):
    return Regency.objects.get(code="34.04")


@pytest.fixture
def bantul(db):
    return Regency.objects.get(code="34.02")


@pytest.fixture
def diy(db):
    return Province.objects.get(code="34")


@pytest.fixture
def jabar(db):
    return Province.objects.get(code="32")


@pytest.fixture
def officer(sleman):
    return OfficerFactory(username="officer", regency=sleman)


@pytest.fixture
def other_officer(bantul):
    """An officer of another regency in the same province."""
    return OfficerFactory(username="other_officer", regency=bantul)


@pytest.fixture
def team_member(diy):
    return TeamMemberFactory(username="team_member", province=diy)


@pytest.fixture
def chair(diy):
    return TeamMemberFactory(username="chair", province=diy, is_team_chair=True)


@pytest.fixture
def other_province_member(jabar):
    return TeamMemberFactory(username="other_province_member", province=jabar)


@pytest.fixture
def assessor(db):
    """A national assessor; the scenarios assign them where they need one."""
    return AssessorFactory(username="assessor")


@pytest.fixture
def admin_user(db):
    return MinistryAdminFactory(username="admin_user", is_superuser=True)


@pytest.fixture(autouse=True)
def empty_cache():
    """Each test starts with an empty cache (primary keys repeat between tests)."""
    from django.core.cache import cache

    cache.clear()


@pytest.fixture(autouse=True)
def default_language():
    """Each test starts in the portal's default language: a request in English leaves English active in the
    thread, and a later test's service messages would come in English."""
    from django.conf import settings
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture(autouse=True)
def two_factor_in_force_login(monkeypatch):
    """force_login signs a user in with both factors where their role requires two-factor (tests/two_factor.py)."""
    from django.test import Client

    from .two_factor import verified_force_login

    monkeypatch.setattr(Client, "force_login", verified_force_login)


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    """Tests create many users; the production hasher is deliberately slow."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def media_in_tmp(settings, tmp_path):
    """Uploads go to real local storage, in a folder of this test."""
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": tmp_path / "media"},
        },
    }
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def award_round(db):
    from .factories import AwardRoundFactory

    return AwardRoundFactory()


@pytest.fixture
def nomination(award_round, officer):
    """A complete draft of Kabupaten Sleman with one photo."""
    from .factories import NominationFactory

    return NominationFactory(round=award_round, regency=officer.regency, created_by=officer, with_photo=True)


def _is_transactional(request):
    marker = request.node.get_closest_marker("django_db")
    return (
        bool(marker and marker.kwargs.get("transaction"))
        or "live_server" in request.fixturenames
        or "transactional_db" in request.fixturenames
    )


@pytest.fixture(autouse=True)
def reference_data(request):
    """Transactional tests end with a flush that also empties the tables the data migrations filled: load
    the regions and commodity types again for them, with the migrations' own code."""
    if not _is_transactional(request):
        return
    request.getfixturevalue("transactional_db")
    from importlib import import_module

    from django.apps import apps

    from accounts.models import Regency
    from nominations.models import CommodityType

    if not Regency.objects.exists():
        import_module("accounts.migrations.0002_load_regions").load_regions(apps, None)
    if not CommodityType.objects.exists():
        import_module("nominations.migrations.0002_seed_commodity_types").seed(apps, None)


@pytest.fixture
def s3_storage(settings):
    """Uploads in a real S3 API (moto's server, on a free port of this machine) through django-storages."""
    import boto3
    from moto.server import ThreadedMotoServer

    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    endpoint = "http://{}:{}".format(*server.get_host_and_port())
    credentials = {"region_name": "us-east-1", "aws_access_key_id": "testing", "aws_secret_access_key": "testing"}
    boto3.client("s3", endpoint_url=endpoint, **credentials).create_bucket(Bucket="ovop-files")
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "storages.backends.s3.S3Storage",
            "OPTIONS": {
                "bucket_name": "ovop-files",
                "endpoint_url": endpoint,
                "region_name": "us-east-1",
                "access_key": "testing",
                "secret_key": "testing",
                "default_acl": "private",
                "querystring_auth": True,
                "querystring_expire": 300,
                "file_overwrite": False,
            },
        },
    }
    yield endpoint
    server.stop()
