"""The light helpers of the long tables and filter forms draw exactly what Django's own would."""

import re
from decimal import Decimal

import pytest
from django.template.defaultfilters import floatformat
from django.urls import reverse
from django.utils import translation
from hypothesis import example, given, settings
from hypothesis import strategies as st

from nominations.models import CommodityType
from nominations.templatetags.nomination_tags import two_decimals
from tests.factories import NominationFactory

figures = st.one_of(
    st.decimals(min_value=-100_000, max_value=100_000, places=4, allow_nan=False),
    st.decimals(min_value=-1000, max_value=1000, places=2, allow_nan=False),
    # Means, spreads and z-scores; floatformat itself gives up (prints the raw float) near 1e-197.
    st.floats(min_value=-1e6, max_value=1e6, allow_nan=False, allow_infinity=False).filter(
        lambda x: x == 0 or abs(x) > 1e-12
    ),
    st.integers(min_value=-(10**6), max_value=10**6),
)


@pytest.mark.parametrize("language", ["id", "en"])
@settings(max_examples=300, deadline=None)
@given(value=figures)
@example(value=Decimal("71.125"))  # half up, as floatformat rounds
@example(value=Decimal("-0.004"))  # no "-0,00"
@example(value=-2.675)
@example(value=1e-7)
def test_two_decimals_writes_what_floatformat_writes(language, value):
    with translation.override(language):
        assert two_decimals(value) == floatformat(value, 2)


def test_two_decimals_of_nothing_is_empty_so_the_default_dash_shows():
    assert two_decimals(None) == ""


def test_filter_select_keeps_the_chosen_commodity_and_lists_every_one(client, officer, award_round):
    anyaman = CommodityType.objects.get(code="anyaman")
    NominationFactory(
        round=award_round,
        regency=officer.regency,
        created_by=officer,
        commodity=anyaman,
        business_name="Anyaman Minggir",
    )
    client.force_login(officer)
    html = client.get(reverse("nominations:list"), {"commodity": anyaman.pk}).content.decode()
    select = re.search(r'<select name="commodity".*?</select>', html, re.S).group(0)
    assert re.findall(r'<option value="(\d+)" selected>', select) == [str(anyaman.pk)]
    assert len(re.findall(r"<option ", select)) == CommodityType.objects.count() + 1  # and "All commodities"
    round_select = re.search(r'<select name="round".*?</select>', html, re.S).group(0)
    assert "selected" not in round_select  # nothing chosen: the browser shows "All rounds"


def test_filter_select_marks_an_impossible_choice_invalid_and_says_why(client, officer):
    client.force_login(officer)
    html = client.get(reverse("nominations:list"), {"commodity": "999999"}).content.decode()
    assert re.search(r'<select name="commodity"[^>]*aria-invalid="true"', html)
    assert "invalid-feedback" in html
