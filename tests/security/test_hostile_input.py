"""Property-based tests (hypothesis) over the nomination and score forms: random text, huge and negative
numbers, control characters and HTML never cause a server error, and never come back unescaped."""

import pytest
from django.test import Client
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from curation.models import Criterion, ScoreSheet
from nominations.models import Nomination
from tests.curation.conftest import curation_round, locked  # noqa: F401
from tests.nominations.conftest import form_data

pytestmark = pytest.mark.django_db

MARKUP = "<script>alert(1)</script>"
hostile_text = st.one_of(
    st.text(max_size=300),
    st.text(alphabet=st.characters(min_codepoint=0, max_codepoint=31), max_size=50),
    st.sampled_from([MARKUP, '"><img src=x onerror=alert(1)>', "{{ 7*7 }}", "' OR 1=1 --", "\u202e\u0000", "9" * 400]),
)
hostile_number = st.one_of(
    st.integers(min_value=-(10**30), max_value=10**30).map(str),
    st.floats(allow_nan=True, allow_infinity=True).map(str),
    hostile_text,
)
SETTINGS = settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow]
)


def assert_safe(response):
    assert response.status_code in (200, 302), response.status_code
    if response.status_code == 200:
        assert MARKUP not in response.content.decode()


@SETTINGS
@given(
    texts=st.fixed_dictionaries(
        dict.fromkeys(
            (
                "nib",
                "business_name",
                "owner_name",
                "address",
                "sentra",
                "local_wisdom",
                "product_name",
                "email",
                "export_destinations",
            ),
            hostile_text,
        )
    ),
    numbers=st.fixed_dictionaries(
        dict.fromkeys(
            ("year_founded", "workforce_women", "yearly_turnover", "production_capacity", "price_min", "price_max"),
            hostile_number,
        )
    ),
)
def test_nomination_form_never_fails_on_hostile_input(officer, award_round, texts, numbers):
    client = Client(raise_request_exception=True)
    client.force_login(officer)
    response = client.post(reverse("nominations:create"), {**form_data(), **texts, **numbers})
    assert_safe(response)
    for nomination in Nomination.objects.all():
        page = client.get(reverse("nominations:detail", args=[nomination.pk]))
        assert_safe(page)
        nomination.delete()


@SETTINGS
@given(scores=st.lists(hostile_number, min_size=11, max_size=11), note=hostile_text, comment=hostile_text)
def test_score_form_never_fails_on_hostile_input(curation_round, officer, team_member, scores, note, comment):  # noqa: F811
    nomination = Nomination.objects.filter(round=curation_round).first() or locked(
        curation_round, officer.regency, officer
    )
    client = Client(raise_request_exception=True)
    client.force_login(team_member)
    criteria = list(Criterion.objects.filter(aspect__round=curation_round))
    data = {f"score_{c.pk}": value for c, value in zip(criteria, scores, strict=False)} | {
        f"note_{criteria[0].pk}": note,
        "comment": comment,
        "submit": "1",
    }
    assert_safe(client.post(reverse("curation:score", args=[nomination.pk]), data))
    assert_safe(client.get(reverse("curation:score", args=[nomination.pk])))
    for sheet in ScoreSheet.objects.filter(nomination=nomination):
        assert all(
            c.scale_min <= s.value <= c.scale_max
            for s in sheet.scores.select_related("criterion")
            for c in [s.criterion]
        )
