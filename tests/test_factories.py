"""Every concrete model of the portal's apps has a factory that builds a valid row (constraints included)."""

import inspect

import factory
import pytest
from django.apps import apps

from tests import factories

PROJECT_APPS = {
    "accounts",
    "audit",
    "awards",
    "core",
    "curation",
    "nominations",
    "notifications",
    "reminders",
    "reports",
}


def project_models():
    return sorted(
        (m for m in apps.get_models() if m.__module__.split(".")[0] in PROJECT_APPS and not m._meta.abstract),
        key=lambda m: m._meta.label,
    )


def model_factories():
    """The factories of the package, by model; a subclass (OfficerFactory) does not hide its base."""
    found = {}
    for _name, value in inspect.getmembers(factories, inspect.isclass):
        if issubclass(value, factory.django.DjangoModelFactory):
            found.setdefault(value._meta.model, value)
    return found


def test_every_model_has_a_factory():
    missing = [m._meta.label for m in project_models() if m not in model_factories()]
    assert missing == []


@pytest.mark.parametrize("model", project_models(), ids=lambda m: m._meta.label)
def test_factory_saves_a_valid_row(db, model):
    factory_class = model_factories().get(model)
    assert factory_class is not None, f"{model._meta.label} has no factory in tests/factories/"
    obj = factory_class()
    assert obj.pk is not None
    obj.refresh_from_db()
    obj.full_clean()
    assert model.objects.filter(pk=obj.pk).exists()
