"""Commodity types (nominations/models/commodity.py): the data migration seeds the OVOP ones."""

import pytest

from nominations.models import CommodityType

pytestmark = pytest.mark.django_db


def test_seeded_commodity_types_include_the_ovop_ones():
    codes = set(CommodityType.objects.values_list("code", flat=True))
    assert {"makanan-minuman", "kain-tenun", "kain-batik", "anyaman", "gerabah"} <= codes
