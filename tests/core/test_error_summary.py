"""The error summary above every form that came back with errors (templates/_error_summary.html, the
`error_summary` tag of core/templatetags/portal.py, core.forms.error_summary): a box with role="alert" and the
heading "There is a problem", listing each error, linked to its field; non-field errors listed too."""

import re

import pytest
from django import forms
from django.template import Context, Template
from django.urls import reverse
from django.utils.html import escape

from tests.nominations.conftest import form_data

pytestmark = pytest.mark.django_db


def summary_of(html):
    """The error summary's HTML, or None."""
    match = re.search(r'<div class="[^"]*error-summary[^"]*".*?</ul>', html, re.S)
    return match.group(0) if match else None


def links_in(html):
    return re.findall(r'<a href="#([^"]+)"', html)


def ids_in(html):
    return set(re.findall(r'\sid="([^"]+)"', html))


@pytest.fixture
def english(client, settings):
    """The pages in English (the language cookie): the new texts are translated at merge."""
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def test_nomination_form_errors_are_summarised_first_each_linked_to_its_field(english, officer, award_round):
    english.force_login(officer)
    data = form_data(nib="12345", price_min="90000", price_max="1000", email="not an e-mail")
    data |= {"cert-0-kind": "halal", "cert-0-number": "ID1", "cert-0-valid_until": "someday"}
    html = english.post(reverse("nominations:create"), data).content.decode()
    summary = summary_of(html)
    assert summary is not None
    assert 'role="alert"' in summary and 'tabindex="-1"' in summary and "There is a problem" in summary
    assert html.index("error-summary") < html.index('<form method="post" enctype')  # above the form
    assert links_in(summary) == ["id_nib", "id_email", "id_price_max", "id_cert-0-valid_until"]
    assert set(links_in(summary)) <= ids_in(html)  # every link reaches a field on the page
    assert "The highest price cannot be below the lowest price." in summary


def test_a_form_without_errors_has_no_summary(english, officer, award_round):
    english.force_login(officer)
    assert summary_of(english.get(reverse("nominations:create")).content.decode()) is None


def test_non_field_errors_are_in_the_summary(client, officer):
    response = client.post(reverse("login"), {"username": officer.username, "password": "not the password"})
    error = str(response.context["form"].non_field_errors()[0])
    summary = summary_of(response.content.decode())
    assert summary is not None and escape(error) in summary
    assert links_in(summary) == []  # an error of the whole form has no one field to link to


class GroupsForm(forms.Form):
    reach = forms.ChoiceField(choices=[("a", "A"), ("b", "B")], widget=forms.RadioSelect)
    kinds = forms.MultipleChoiceField(choices=[("x", "X"), ("y", "Y")], widget=forms.CheckboxSelectMultiple)
    agreed = forms.BooleanField()


def test_radio_buttons_and_checkbox_groups_are_linked_to_their_first_box():
    html = Template("{% load crispy_forms_tags portal %}{% error_summary %}{{ form|crispy }}").render(
        Context({"form": GroupsForm(data={})})
    )
    assert links_in(summary_of(html)) == ["id_reach_0", "id_kinds_0", "id_agreed"]
    assert {"id_reach_0", "id_kinds_0", "id_agreed"} <= ids_in(html)
