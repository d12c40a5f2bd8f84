"""An officer nominates an IKM in the browser: sections, draft, come back, uploads, submit."""

from datetime import timedelta

import pytest
from django.utils import timezone

from nominations.models import Nomination
from tests.factories import DEFAULT_PASSWORD, image_bytes, pdf_bytes

from .conftest import PHONE

pytestmark = pytest.mark.django_db(transaction=True)

PHOTO = {"name": "tas.jpg", "mimeType": "image/jpeg", "buffer": image_bytes()}
PDF = {"name": "nib.pdf", "mimeType": "application/pdf", "buffer": pdf_bytes()}
EXE = {"name": "foto.jpg", "mimeType": "image/jpeg", "buffer": b"MZ\x90\x00" + b"\x00" * 300}


def fill_ikm_section(page):
    page.fill("#id_nib", "3404019999999")
    page.fill("#id_business_name", "Anyaman Mendong Lestari")
    page.fill("#id_owner_name", "Sri Rahayu")
    page.select_option("#id_legal_form", "individual")
    page.fill("#id_address", "Dusun Tegal, Minggir")


def fill_the_rest(page):
    for field, value in {
        "year_founded": "2015",
        "workforce_women": "20",
        "workforce_men": "3",
        "production_capacity": "5000",
        "capacity_unit": "pcs",
        "yearly_turnover": "420000000",
        "phone": "0274123456",
        "product_name": "Tas anyaman mendong",
        "product_description": "Tas dari mendong.",
        "raw_materials": "Mendong dari sawah sekitar",
        "local_wisdom": "Tradisi menganyam turun-temurun.",
        "uniqueness": "Pewarnaan alami.",
        "price_min": "75000",
        "price_max": "350000",
    }.items():
        page.fill(f"#id_{field}", value)
    page.select_option("#id_marketing_reach", "national")
    page.select_option("#id_commodity", label="Anyaman")


def test_officer_nominates_saves_draft_comes_back_uploads_and_submits(visitor, officer, other_officer, award_round):
    tab = visitor("officer-desktop")
    tab.login(officer.username, DEFAULT_PASSWORD)
    assert "Nominasi Kabupaten Sleman" in tab.page.content()
    tab.shot("01-list")
    tab.click("text=Nominasi baru")
    fill_ikm_section(tab.page)
    tab.shot("02-form-empty-product")
    tab.click("button[name=save]")
    assert "Draf tersimpan." in tab.page.content()
    nomination = Nomination.objects.get()
    assert nomination.business_name == "Anyaman Mendong Lestari" and nomination.product_name == ""

    tab.go("/nominations/")  # leave, then come back to the draft
    tab.click("text=Anyaman Mendong Lestari")
    tab.click("a:has-text('Ubah')")
    assert tab.page.input_value("#id_owner_name") == "Sri Rahayu"
    fill_the_rest(tab.page)
    tab.page.set_input_files("#id_new_photos", [PHOTO])
    tab.page.set_input_files("#id_new_documents", [PDF])
    tab.click("button[name=submit]")
    assert "Ajukan nominasi ini?" in tab.page.content()
    tab.shot("03-confirm-submit")
    tab.click("text=Ya, ajukan")
    assert "Nominasi diajukan ke tim seleksi Daerah Istimewa Yogyakarta." in tab.page.content()
    tab.shot("04-submitted")
    nomination.refresh_from_db()
    assert nomination.status == "submitted" and nomination.photos.count() == 1 and nomination.documents.count() == 1
    assert tab.errors == []

    other = visitor("other-officer")
    other.login(other_officer.username, DEFAULT_PASSWORD)
    assert "Anyaman Mendong Lestari" not in other.go("/nominations/").content()
    response = other.page.goto(f"{other.base}/nominations/{nomination.pk}/")
    assert response.status == 404


def test_bad_input_shows_errors_next_to_fields_and_keeps_the_rest(visitor, officer, award_round):
    tab = visitor("officer-bad-input")
    tab.login(officer.username, DEFAULT_PASSWORD)
    tab.go("/nominations/new/")
    fill_ikm_section(tab.page)
    tab.page.fill("#id_nib", "12345")
    tab.page.fill("#id_local_wisdom", "Tradisi menganyam turun-temurun.")
    tab.page.set_input_files("#id_new_photos", [EXE])
    tab.click("button[name=submit]")
    tab.shot("bad-input")
    nib_error = tab.page.locator("#id_nib ~ .invalid-feedback, #error_1_id_nib").first.inner_text()
    assert "13 digit" in nib_error
    assert "foto.jpg: Ini bukan gambar JPEG, PNG, atau WebP." in tab.page.locator("#div_id_new_photos").inner_text()
    assert tab.page.input_value("#id_business_name") == "Anyaman Mendong Lestari"
    assert tab.page.input_value("#id_local_wisdom") == "Tradisi menganyam turun-temurun."
    assert not Nomination.objects.exists()


def test_submit_after_deadline_is_refused_with_the_reason(visitor, officer, nomination):
    award_round = nomination.round
    award_round.nomination_opens = timezone.now() - timedelta(days=30)
    award_round.nomination_closes = timezone.now() - timedelta(hours=1)
    award_round.save()
    tab = visitor("officer-deadline")
    tab.login(officer.username, DEFAULT_PASSWORD)
    tab.go(f"/nominations/{nomination.pk}/submit/")
    # The page says why (nominations.rules.may_submit) instead of offering a button the service would refuse.
    assert "nominasi tidak dapat diajukan lagi" in tab.page.content()
    assert "Ya, ajukan" not in tab.page.content()
    tab.shot("deadline")
    nomination.refresh_from_db()
    assert nomination.status == "draft"


@pytest.mark.parametrize("language", ["id", "en"])
def test_phone_pages_fit_have_labels_and_no_console_errors(visitor, officer, nomination, language):
    tab = visitor(f"phone-{language}", viewport=PHONE)
    tab.login(officer.username, DEFAULT_PASSWORD)
    if language == "en":
        tab.open_menu()
        tab.page.select_option("#language-select", "en")
        tab.click("text=Ganti")
        assert "Nominations of Kabupaten Sleman" in tab.page.content()
    for step, path in [
        ("list", "/nominations/"),
        ("form", f"/nominations/{nomination.pk}/edit/"),
        ("detail", f"/nominations/{nomination.pk}/"),
    ]:
        tab.go(path)
        tab.shot(step)
        assert tab.no_horizontal_scroll(), f"{path} scrolls sideways on a phone"
        assert tab.unlabelled_fields() == [], f"{path} has fields without a label"
    assert tab.errors == []
