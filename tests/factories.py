"""factory_boy factories for the portal's models. Regions come from the data migration, not factories."""
import factory

from accounts.models import Province, Regency, User

DEFAULT_PASSWORD = "a-long-test-password-1"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.test")
    first_name = factory.Faker("first_name")
    last_name = factory.Faker("last_name")
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
