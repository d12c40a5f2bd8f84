"""An IKM registers its interest on the public page from a phone; the regency's officer accepts one (a draft
nomination starts from it) and declines another with a reason the IKM receives by e-mail."""

import pytest
from django.core import mail

from nominations.models import Interest, InterestStatus, Nomination
from tests.factories import DEFAULT_PASSWORD

from .conftest import PHONE

pytestmark = pytest.mark.django_db(transaction=True)


def register(tab, officer, *, nib, business, email):
    tab.go("/accounts/login/")
    tab.click("text=Baca tentang OVOP")
    assert "Tiga prinsip" in tab.page.content() and "Sedang berjalan" in tab.page.content()
    tab.page.fill("#id_nib", nib)
    tab.page.fill("#id_business_name", business)
    tab.page.fill("#id_product_name", "Guci tanah liat")
    tab.page.select_option("#id_commodity", label="Gerabah")
    tab.page.select_option("#id_regency", label=officer.regency.name)
    tab.page.fill("#id_contact_name", "Sri Lestari")
    tab.page.fill("#id_email", email)
    tab.shot(f"01-form-{nib[-1]}")
    tab.click("text=Kirim ke dinas kabupaten/kota saya")
    assert "minat Anda telah terkirim" in tab.page.content()


def test_ikm_registers_interest_and_the_officer_accepts_one_and_declines_another(visitor, officer, award_round):
    ikm = visitor("ikm-phone", PHONE)
    register(ikm, officer, nib="3404012345678", business="Gerabah Kasongan Lestari", email="sri@kasongan.example")
    assert ikm.no_horizontal_scroll()
    register(ikm, officer, nib="3404012345679", business="Gerabah Pundong", email="pundong@example.id")
    ikm.shot("02-sent")
    assert ikm.errors == []

    desk = visitor("officer-interests")
    desk.login(officer.username, DEFAULT_PASSWORD)
    desk.click("text=Minat IKM")
    assert "Gerabah Kasongan Lestari" in desk.page.content() and "Gerabah Pundong" in desk.page.content()
    desk.shot("03-list")
    desk.click("text=Gerabah Kasongan Lestari")
    desk.click("text=Terima: buat draf nominasi")
    assert "Draf nominasi dibuat" in desk.page.content()
    assert desk.page.input_value("#id_business_name") == "Gerabah Kasongan Lestari"
    desk.shot("04-draft")
    nomination = Nomination.objects.get()
    assert (nomination.nib, nomination.commodity.code, nomination.regency) == (
        "3404012345678",
        "gerabah",
        officer.regency,
    )

    desk.go("/nominations/interests/")
    desk.click("text=Gerabah Pundong")
    desk.click("text=Tolak dengan alasan")
    desk.page.fill("#id_reason", "Produk belum diproduksi secara kontinu.")
    desk.click("button[type=submit].btn-danger")
    assert "ditolak" in desk.page.content()
    declined = Interest.objects.get(business_name="Gerabah Pundong")
    assert declined.status == InterestStatus.DECLINED
    answer = [m for m in mail.outbox if m.to == ["pundong@example.id"] and "alasan" in m.body]
    assert len(answer) == 1 and "Produk belum diproduksi secara kontinu." in answer[0].body
    assert desk.errors == []
