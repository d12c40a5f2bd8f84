"""Factories for accounts: regions and users. The real regions come from the data migration; the region
factories make test-only ones (codes starting with X) for tests that need a region of their own."""

import factory

from accounts.models import Province, Regency, User

DEFAULT_PASSWORD = "a-long-test-password-1"


class ProvinceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Province
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"X{chr(65 + n % 26)}")
    name = factory.LazyAttribute(lambda p: f"Provinsi Uji {p.code}")


class RegencyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Regency
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"X{n % 10000:04d}")
    province = factory.SubFactory(ProvinceFactory)
    name = factory.LazyAttribute(lambda r: f"Kabupaten Uji {r.code}")
    kind = Regency.Kind.KABUPATEN


class UserFactory(factory.django.DjangoModelFactory):
    """A ministry admin without staff rights unless a subclass says otherwise (the role every user needs)."""

    class Meta:
        model = User
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.test")
    first_name = factory.Faker("first_name")
    last_name = factory.Faker("last_name")
    role = User.Role.MINISTRY_ADMIN
    password = factory.PostGenerationMethodCall("set_password", DEFAULT_PASSWORD)

    @factory.post_generation
    def save_password(obj, create, extracted, **kwargs):
        if create:
            obj.save()


class OfficerFactory(UserFactory):
    role = User.Role.OFFICER
    regency = factory.LazyFunction(lambda: Regency.objects.get(code="34.04"))


class TeamMemberFactory(UserFactory):
    role = User.Role.TEAM_MEMBER
    province = factory.LazyFunction(lambda: Province.objects.get(code="34"))


class MinistryAdminFactory(UserFactory):
    role = User.Role.MINISTRY_ADMIN
    is_staff = True


class AssessorFactory(UserFactory):
    """A national assessor (no region), from an association of the commodity."""

    role = User.Role.ASSESSOR
    organisation = "GAPMMI"
