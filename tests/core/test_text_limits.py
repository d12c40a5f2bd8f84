"""Every long text has a maximum, the same in its form and in the database (a CheckConstraint on its length)."""

import pytest
from django.apps import apps
from django.db import IntegrityError, models, transaction
from django.db.models.functions import Length
from django.db.models.lookups import LessThanOrEqual
from django.urls import reverse

from awards.forms import DecisionForm
from curation.forms import ConflictForm, ScoreSheetForm
from nominations.forms import OptionalReasonForm, ReasonForm
from tests.awards.conftest import decision_round  # noqa: F401 - fixture
from tests.curation.conftest import curation_round  # noqa: F401 - fixture
from tests.nominations.conftest import form_data
from tests.security.test_authorization_matrix import scenario  # noqa: F401 - fixture

PORTAL_APPS = ["accounts", "audit", "awards", "curation", "nominations", "notifications", "reports"]
# The audit trail keeps what it is given: its reasons come through the forms' limits.
UNBOUNDED = {("audit", "auditrecord", "reason")}


def text_fields():
    for app in PORTAL_APPS:
        for model in apps.get_app_config(app).get_models():
            for field in model._meta.get_fields():
                if isinstance(field, models.TextField) and (app, model._meta.model_name, field.name) not in UNBOUNDED:
                    yield model, field


def test_every_text_field_has_a_maximum_in_its_form_and_in_the_database():
    fields = list(text_fields())
    assert len(fields) >= 13
    for model, field in fields:
        assert field.max_length, f"{model.__name__}.{field.name} has no max_length"
        assert field.formfield().max_length == field.max_length
        checks = [c.condition for c in model._meta.constraints if isinstance(c, models.CheckConstraint)]
        assert LessThanOrEqual(Length(field.name), field.max_length) in checks, (
            f"{model.__name__}.{field.name} has no length check"
        )


@pytest.mark.parametrize(
    "form_field, model, name",
    [
        (ReasonForm.base_fields["reason"], "nominations.Nomination", "return_reason"),
        (OptionalReasonForm.base_fields["reason"], "nominations.Nomination", "return_reason"),
        (ConflictForm.base_fields["reason"], "curation.ScoreSheet", "conflict_reason"),
        (ScoreSheetForm.base_fields["comment"], "curation.ScoreSheet", "comment"),
        (DecisionForm.base_fields["reason"], "awards.Decision", "reason"),
    ],
)
def test_forms_that_are_no_model_forms_take_the_same_maximum(form_field, model, name):
    assert form_field.max_length == apps.get_model(model)._meta.get_field(name).max_length


@pytest.mark.django_db
def test_the_database_refuses_a_text_beyond_its_maximum(scenario):  # noqa: F811
    for model, field in text_fields():
        row = model.objects.first()
        assert row is not None, model
        rows = model.objects.filter(pk=row.pk)
        rows.update(**{field.name: "é" * field.max_length})  # characters, not bytes
        with pytest.raises(IntegrityError), transaction.atomic():
            rows.update(**{field.name: "é" * (field.max_length + 1)})


@pytest.mark.django_db
def test_nomination_form_refuses_a_description_of_megabytes_and_keeps_the_rest(client, officer, award_round):
    from nominations.models import Nomination

    client.force_login(officer)
    response = client.post(reverse("nominations:create"), form_data(product_description="Tas. " * 300_000))
    assert response.status_code == 200 and not Nomination.objects.exists()
    html = response.content.decode()
    assert "paling banyak 5000 karakter" in html and 'value="Anyaman Mendong Lestari"' in html
    assert 'maxlength="5000"' in html and 'maxlength="500"' in html
