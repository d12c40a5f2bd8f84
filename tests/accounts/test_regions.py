import pytest

from accounts.models import Province, Regency

pytestmark = pytest.mark.django_db


def test_all_38_provinces_and_514_regencies_are_loaded():
    assert Province.objects.count() == 38
    assert Regency.objects.count() == 514


def test_known_codes_match_kemendagri():
    assert Province.objects.get(code="11").name == "ACEH"
    aceh_selatan = Regency.objects.get(code="11.01")
    assert aceh_selatan.name == "KABUPATEN ACEH SELATAN"
    assert aceh_selatan.province_id == "11"
    assert aceh_selatan.kind == Regency.Kind.KABUPATEN


def test_cities_are_kota_and_regencies_kabupaten():
    assert Regency.objects.get(code="32.73").kind == Regency.Kind.KOTA  # Kota Bandung
    assert Regency.objects.filter(kind=Regency.Kind.KOTA).count() == 98
    assert Regency.objects.filter(kind=Regency.Kind.KABUPATEN).count() == 416


def test_every_province_has_regencies():
    assert not Province.objects.filter(regencies__isnull=True).exists()


def test_region_names_display_in_title_case():
    assert str(Regency.objects.get(code="11.01")) == "Kabupaten Aceh Selatan"
    assert str(Province.objects.get(code="31")) == "DKI Jakarta"
