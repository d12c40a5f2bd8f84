"""Hostile uploads each get a clear form error next to the field, and the rest of the form is kept."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from nominations.models import Nomination, NominationDocument
from tests.factories import image_bytes, pdf_upload, png_claiming
from tests.nominations.conftest import form_data

pytestmark = pytest.mark.django_db

EXECUTABLE = b"\x7fELF\x02\x01\x01" + b"\x00" * 500


@pytest.mark.parametrize(
    "field, upload, message",
    [
        (
            "new_photos",
            SimpleUploadedFile("foto-produk.jpg", EXECUTABLE, "image/jpeg"),
            "foto-produk.jpg: Ini bukan gambar JPEG, PNG, atau WebP.",
        ),
        (
            "new_photos",
            SimpleUploadedFile("besar.png", image_bytes("PNG") + b"\x00" * (7 * 1024 * 1024), "image/png"),
            "besar.png: Ukuran foto 7,0\xa0MB; batasnya 5,0\xa0MB.",
        ),
        (
            "new_documents",
            SimpleUploadedFile("sertifikat.pdf", b"%PDF-1.7\n1 0 obj <<>>\n%%EOF", "application/pdf"),
            "sertifikat.pdf: PDF ini rusak dan tidak dapat dibuka.",
        ),
        (
            "new_photos",
            SimpleUploadedFile("../../../etc/cron.d/jahat.jpg", EXECUTABLE, "image/jpeg"),
            "jahat.jpg: Ini bukan gambar JPEG, PNG, atau WebP.",
        ),
        # 144 megapixels: under Pillow's own refusal (179), over the portal's limit (40).
        (
            "new_photos",
            SimpleUploadedFile("besar.png", png_claiming(12_000, 12_000), "image/png"),
            "besar.png: Foto ini lebih dari 40 megapiksel",
        ),
        (
            "new_photos",
            SimpleUploadedFile("bom.png", png_claiming(20_000, 20_000), "image/png"),
            "bom.png: Foto ini lebih dari 40 megapiksel",
        ),
    ],
)
def test_hostile_upload_is_refused_and_the_form_kept(client, officer, award_round, field, upload, message):
    client.force_login(officer)
    response = client.post(reverse("nominations:create"), {**form_data(), field: [upload]})
    assert response.status_code == 200 and not Nomination.objects.exists()
    html = response.content.decode()
    assert message in html
    assert 'value="Anyaman Mendong Lestari"' in html and "Tradisi menganyam turun-temurun." in html


def test_a_path_in_the_file_name_never_reaches_storage(client, officer, award_round, settings):
    """Django keeps only the last part of an uploaded file's name; the portal stores under a random name."""
    client.force_login(officer)
    client.post(reverse("nominations:create"), {**form_data(), "new_documents": [pdf_upload("../../etc/passwd.pdf")]})
    document = NominationDocument.objects.get()
    assert document.original_name == "passwd.pdf"
    assert (
        document.file.name.startswith("nominations/")
        and ".." not in document.file.name
        and "passwd" not in document.file.name
    )
    assert document.file.path.startswith(str(settings.MEDIA_ROOT))
