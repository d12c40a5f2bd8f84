"""The officer's nomination pages (nominations/views/nominations.py): form in sections, drafts, submit, scoping,
list filters."""

import re

import pytest
from django.urls import reverse

from nominations.models import Ikm, Nomination, NominationStatus
from nominations.models.nomination import IKM_FIELDS, PRODUCT_FIELDS
from tests.factories import NominationFactory, image_upload, pdf_upload
from tests.nominations.conftest import form_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def anyaman(db):
    from nominations.models import CommodityType

    return CommodityType.objects.get(code="anyaman")


def test_officer_creates_a_draft_with_photo_document_and_certification(client, officer, award_round, anyaman):
    client.force_login(officer)
    data = form_data(
        commodity=anyaman.pk, **{"cert-0-kind": "halal", "cert-0-number": "ID123", "cert-0-valid_until": "2030-01-31"}
    )
    data["new_photos"] = [image_upload("tas.jpg"), image_upload("tas2.png", "PNG", "image/png")]
    data["new_documents"] = [pdf_upload("nib.pdf")]
    response = client.post(reverse("nominations:create"), data)
    nomination = Nomination.objects.get()
    assert response.status_code == 302 and response.url == reverse("nominations:edit", args=[nomination.pk])
    assert nomination.status == NominationStatus.DRAFT
    assert nomination.regency == officer.regency and nomination.round == award_round
    assert nomination.ikm == Ikm.objects.get(nib="1234567890123")
    assert nomination.photos.count() == 2 and nomination.documents.count() == 1
    assert nomination.certifications.get().number == "ID123"
    assert nomination.missing_for_submit() == []
    assert not nomination.photos.first().image.name.endswith("tas.jpg")  # safe storage names


def test_partial_draft_is_saved_with_what_was_typed(client, officer, award_round):
    client.force_login(officer)
    response = client.post(
        reverse("nominations:create"), form_data(nib="", product_name="", owner_name="", business_name="Baru sebagian")
    )
    assert response.status_code == 302
    assert Nomination.objects.get().business_name == "Baru sebagian"


def test_invalid_nib_refused_and_typed_data_kept(client, officer, award_round):
    client.force_login(officer)
    response = client.post(reverse("nominations:create"), form_data(nib="12345"))
    assert response.status_code == 200
    assert not Nomination.objects.exists()
    html = response.content.decode()
    assert "13 digit" in html
    assert 'value="Anyaman Mendong Lestari"' in html and "Tradisi menganyam turun-temurun." in html


def test_submit_with_missing_fields_keeps_the_draft_and_says_what_is_missing(client, officer, award_round, anyaman):
    client.force_login(officer)
    response = client.post(
        reverse("nominations:create"), form_data(commodity=anyaman.pk, phone="", submit="1"), follow=True
    )
    nomination = Nomination.objects.get()
    assert nomination.business_name == "Anyaman Mendong Lestari"  # the draft was saved first
    html = response.content.decode()
    assert "telepon kontak" in html and "foto produk" in html
    response = client.post(reverse("nominations:submit", args=[nomination.pk]), follow=True)
    nomination.refresh_from_db()
    assert nomination.status == NominationStatus.DRAFT
    assert "Belum diajukan" in response.content.decode()


def test_submit_confirmation_then_submit(client, officer, nomination):
    client.force_login(officer)
    page = client.get(reverse("nominations:submit", args=[nomination.pk]))
    assert "Ya, ajukan" in page.content.decode()
    client.post(reverse("nominations:submit", args=[nomination.pk]))
    nomination.refresh_from_db()
    assert nomination.status == NominationStatus.SUBMITTED
    detail = client.get(reverse("nominations:detail", args=[nomination.pk])).content.decode()
    history = detail.split("Riwayat</h2>")[1]
    assert "Diajukan" in detail and "mengajukan (Draf → Diajukan)" in history
    assert client.get(reverse("nominations:edit", args=[nomination.pk])).status_code == 403


def test_duplicate_nib_in_a_round_is_refused(client, officer, nomination, anyaman):
    client.force_login(officer)
    response = client.post(reverse("nominations:create"), form_data(nib=nomination.nib, commodity=anyaman.pk))
    assert response.status_code == 200
    assert "sudah memiliki nominasi" in response.content.decode()
    assert Nomination.objects.count() == 1


def test_officer_of_another_regency_gets_404(client, other_officer, nomination):
    client.force_login(other_officer)
    for name in ["detail", "edit", "submit", "withdraw"]:
        assert client.get(reverse(f"nominations:{name}", args=[nomination.pk])).status_code == 404
    assert client.post(reverse("nominations:submit", args=[nomination.pk])).status_code == 404
    photo = nomination.photos.get()
    assert client.get(reverse("nominations:file", args=["photo", photo.pk])).status_code == 404


def test_team_member_sees_only_submitted_nominations_of_their_province(
    client, officer, nomination, team_member, other_province_member
):
    client.force_login(team_member)
    assert client.get(reverse("nominations:detail", args=[nomination.pk])).status_code == 404  # still a draft
    from nominations import services

    services.submit_nomination(nomination, by=officer)
    assert client.get(reverse("nominations:detail", args=[nomination.pk])).status_code == 200
    assert client.get(reverse("nominations:edit", args=[nomination.pk])).status_code == 403
    client.force_login(other_province_member)
    assert client.get(reverse("nominations:detail", args=[nomination.pk])).status_code == 404


def test_team_member_returns_a_nomination_with_a_reason(client, officer, nomination, team_member):
    from nominations import services

    services.submit_nomination(nomination, by=officer)
    client.force_login(team_member)
    response = client.post(reverse("nominations:return", args=[nomination.pk]), {"reason": ""})
    assert response.status_code == 200  # the reason is required
    client.post(reverse("nominations:return", args=[nomination.pk]), {"reason": "Lengkapi sertifikat halal"})
    nomination.refresh_from_db()
    assert nomination.status == NominationStatus.RETURNED
    client.force_login(officer)
    assert "Lengkapi sertifikat halal" in client.get(reverse("nominations:edit", args=[nomination.pk])).content.decode()


def test_withdraw_with_confirmation(client, officer, nomination):
    client.force_login(officer)
    assert client.get(reverse("nominations:withdraw", args=[nomination.pk])).status_code == 200
    client.post(reverse("nominations:withdraw", args=[nomination.pk]), {"reason": "Batal"})
    nomination.refresh_from_db()
    assert nomination.status == NominationStatus.WITHDRAWN


def test_list_search_filters_and_pagination(client, officer, award_round):
    for i in range(23):
        NominationFactory(
            round=award_round, regency=officer.regency, created_by=officer, business_name=f"Batik Tulis {i:02d}"
        )
    NominationFactory(
        round=award_round,
        regency=officer.regency,
        created_by=officer,
        business_name="Gerabah Kasongan",
        nib="5555555555555",
    )
    client.force_login(officer)
    page1 = client.get(reverse("nominations:list"))
    assert len(page1.context["page"].object_list) == 20 and page1.context["page"].paginator.count == 24
    assert client.get(reverse("nominations:list"), {"q": "kasongan"}).context["page"].paginator.count == 1
    assert client.get(reverse("nominations:list"), {"q": "5555"}).context["page"].paginator.count == 1
    assert client.get(reverse("nominations:list"), {"status": "submitted"}).context["page"].paginator.count == 0
    page2 = client.get(reverse("nominations:list"), {"q": "batik", "page": 2})
    assert len(page2.context["page"].object_list) == 3


def test_list_never_shows_other_regencies(client, officer, other_officer, award_round):
    NominationFactory(
        round=award_round, regency=other_officer.regency, created_by=other_officer, business_name="Milik Bantul"
    )
    client.force_login(officer)
    assert "Milik Bantul" not in client.get(reverse("nominations:list")).content.decode()


def test_new_nomination_of_known_ikm_starts_from_its_last_one(client, officer, nomination, admin_user):
    from nominations import services
    from tests.factories import AwardRoundFactory

    services.submit_nomination(nomination, by=officer)
    services.start_curation(nomination.round, by=admin_user, now=nomination.round.nomination_closes)
    AwardRoundFactory()
    client.force_login(officer)
    response = client.get(reverse("nominations:create"), {"nib": nomination.nib})
    form = response.context["form"]
    assert form.initial["business_name"] == nomination.business_name
    assert form.initial["local_wisdom"] == nomination.local_wisdom
    ikm_page = client.get(reverse("nominations:ikm", args=[nomination.ikm_id]))
    assert nomination.round.name in ikm_page.content.decode()
    # The IKM's own regency nominates it again (it holds it: nominations/models/ikm.py).
    assert (
        client.post(
            reverse("nominations:create"), form_data(nib=nomination.nib, business_name="Tahun berikutnya")
        ).status_code
        == 302
    )


def test_no_open_round_means_no_new_nomination(client, officer):
    client.force_login(officer)
    response = client.get(reverse("nominations:create"), follow=True)
    assert "Tidak ada putaran" in response.content.decode()


def test_second_tab_saving_an_older_version_is_refused_and_keeps_its_input(client, officer, nomination):
    client.force_login(officer)
    version = client.get(reverse("nominations:edit", args=[nomination.pk])).context["form"]["version"].value()
    first = form_data(version=version, nib=nomination.nib, business_name="Tab satu")
    assert client.post(reverse("nominations:edit", args=[nomination.pk]), first).status_code == 302
    second = form_data(version=version, nib=nomination.nib, business_name="Tab dua")
    response = client.post(reverse("nominations:edit", args=[nomination.pk]), second)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Orang lain menyimpan nominasi ini setelah Anda membukanya." in html
    assert 'value="Tab dua"' in html
    nomination.refresh_from_db()
    assert nomination.business_name == "Tab satu"


def test_confirmation_page_links_each_missing_item_to_its_place_in_the_edit_form(client, officer, award_round):
    nomination = NominationFactory(round=award_round, regency=officer.regency, created_by=officer, phone="")
    client.force_login(officer)
    confirm = client.get(reverse("nominations:submit", args=[nomination.pk])).content.decode()
    edit_url = reverse("nominations:edit", args=[nomination.pk])
    links = re.findall(rf'<a href="{edit_url}#([^"]+)">([^<]+)</a>', confirm)
    assert links == [("id_phone", "telepon kontak"), ("section-files", "minimal satu foto produk")]
    edit = client.get(edit_url).content.decode()
    assert {anchor for anchor, _label in links} <= set(re.findall(r'\sid="([^"]+)"', edit))


def test_form_shows_its_sections_numbered_with_what_each_lacks(client, officer, award_round, settings):
    nomination = NominationFactory(round=award_round, regency=officer.regency, created_by=officer, price_max=None)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    client.force_login(officer)
    response = client.get(reverse("nominations:edit", args=[nomination.pk]))
    sections = response.context["sections"]
    assert [s.key for s in sections] == ["ikm", "business", "product", "certifications", "files"]
    # Every field of the nomination is in exactly one section.
    names = [field.name for section in sections for field in section.fields]
    assert sorted(name for name in names if name in IKM_FIELDS + PRODUCT_FIELDS) == sorted(IKM_FIELDS + PRODUCT_FIELDS)
    assert {s.key: [str(label) for label in s.missing] for s in sections} == {
        "ikm": [],
        "business": [],
        "product": ["Highest price (Rp)"],
        "certifications": [],
        "files": ["at least one product photo"],
    }
    html = response.content.decode()
    assert "Section 3 of 5" in html and 'href="#section-product"' in html and 'id="section-product"' in html
