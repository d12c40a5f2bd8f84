"""Uploads are checked by content and size; a refused upload keeps the rest of the form."""
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from nominations.models import Nomination
from tests.factories import image_bytes, pdf_upload

from .test_pages import form_data

pytestmark = pytest.mark.django_db


def post_with(client, **files):
    data = form_data()
    data.update(files)
    return client.post(reverse("nominations:create"), data)


def test_renamed_executable_as_photo_is_refused(client, officer, award_round):
    client.force_login(officer)
    fake = SimpleUploadedFile("foto.jpg", b"MZ\x90\x00" + b"\x00" * 200, content_type="image/jpeg")
    response = post_with(client, new_photos=[fake])
    assert response.status_code == 200 and not Nomination.objects.exists()
    html = response.content.decode()
    assert "foto.jpg: Ini bukan gambar JPEG, PNG, atau WebP." in html
    assert 'value="Anyaman Mendong Lestari"' in html


def test_gif_is_refused_even_though_it_is_an_image(client, officer, award_round):
    client.force_login(officer)
    gif = SimpleUploadedFile("anim.gif", image_bytes("GIF"), content_type="image/gif")
    response = post_with(client, new_photos=[gif])
    assert "GIF" in response.content.decode() and not Nomination.objects.exists()


def test_oversized_photo_is_refused(client, officer, award_round):
    client.force_login(officer)
    big = SimpleUploadedFile("besar.jpg", image_bytes() + b"\x00" * (6 * 1024 * 1024), content_type="image/jpeg")
    response = post_with(client, new_photos=[big])
    assert response.status_code == 200 and not Nomination.objects.exists()
    assert "besar.jpg: Ukuran foto 6,0\xa0MB; batasnya 5,0\xa0MB." in response.content.decode()


def test_document_must_be_a_real_pdf(client, officer, award_round):
    client.force_login(officer)
    broken = SimpleUploadedFile("nib.pdf", b"%PDF-1.4\nnot really a pdf", content_type="application/pdf")
    not_pdf = SimpleUploadedFile("sertifikat.pdf", b"hello", content_type="application/pdf")
    response = post_with(client, new_documents=[broken, not_pdf])
    html = response.content.decode()
    assert "nib.pdf: PDF ini rusak" in html and "sertifikat.pdf: Ini bukan dokumen PDF." in html
    assert not Nomination.objects.exists()


def test_valid_pdf_is_stored_under_a_safe_name(client, officer, award_round):
    client.force_login(officer)
    response = post_with(client, new_documents=[pdf_upload("../../etc/passwd.pdf")])
    assert response.status_code == 302
    document = Nomination.objects.get().documents.get()
    assert ".." not in document.file.name and document.file.name.startswith("nominations/")
    assert document.original_name == "passwd.pdf"
