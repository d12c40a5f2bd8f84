"""Uploads are checked by content and size; a refused upload keeps the rest of the form."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from nominations.models import Nomination
from tests.factories import image_bytes, pdf_upload
from tests.nominations.conftest import form_data

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


@pytest.mark.parametrize(
    "name, fmt, suffix, content_type",
    [
        ("foto.html", "PNG", ".png", "image/png"),
        ("foto.png", "JPEG", ".jpg", "image/jpeg"),
        ("foto.svg", "WEBP", ".webp", "image/webp"),
        ("foto", "JPEG", ".jpg", "image/jpeg"),
        (
            "kamera.jpg",
            "MPO",
            ".jpg",
            "image/jpeg",
        ),  # refused as "MPO images are not accepted" before the second review
    ],
)
def test_photo_is_stored_and_served_as_the_format_pillow_found(
    client, officer, award_round, name, fmt, suffix, content_type
):
    client.force_login(officer)
    post_with(client, new_photos=[SimpleUploadedFile(name, image_bytes(fmt), content_type="text/html")])
    photo = Nomination.objects.get().photos.get()
    assert photo.image.name.endswith(suffix) and photo.original_name == name
    response = client.get(reverse("nominations:file", args=["photo", photo.pk]))
    assert response["Content-Type"] == content_type and response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Disposition"].startswith("inline;")
    assert b"".join(response.streaming_content) == image_bytes(fmt)


@pytest.mark.parametrize(
    "name, download", [("doc.html", "doc.pdf"), ("nib.PDF", "nib.pdf"), ("surat izin.exe", "surat izin.pdf")]
)
def test_document_is_stored_and_served_as_a_pdf_download_whatever_its_name(
    client, officer, award_round, name, download
):
    client.force_login(officer)
    post_with(client, new_documents=[pdf_upload(name)])
    document = Nomination.objects.get().documents.get()
    assert document.file.name.endswith(".pdf") and document.original_name == name
    response = client.get(reverse("nominations:file", args=["document", document.pk]))
    assert response["Content-Type"] == "application/pdf" and response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Disposition"] == f'attachment; filename="{download}"'


def test_a_stored_file_of_unknown_type_is_served_as_an_opaque_download(client, officer, nomination):
    """A file stored before names followed the real type (or by any other path) is never served as HTML."""
    from django.core.files.base import ContentFile
    from django.core.files.storage import default_storage

    stored = default_storage.save("nominations/lama/catatan.html", ContentFile(b"<script>alert(1)</script>"))
    document = nomination.documents.create(file=stored, original_name="catatan.html")
    client.force_login(officer)
    response = client.get(reverse("nominations:file", args=["document", document.pk]))
    assert response["Content-Type"] == "application/octet-stream"
    assert response["Content-Disposition"] == 'attachment; filename="catatan"'


def test_signed_s3_url_carries_the_real_type_and_disposition(client, officer, award_round, s3_storage):
    import urllib.parse
    import urllib.request

    client.force_login(officer)
    post_with(
        client, new_documents=[pdf_upload("doc.html")], new_photos=[SimpleUploadedFile("foto.html", image_bytes("PNG"))]
    )
    nomination = Nomination.objects.get()
    for kind, item, content_type, disposition in [
        ("document", nomination.documents.get(), "application/pdf", 'attachment; filename="doc.pdf"'),
        ("photo", nomination.photos.get(), "image/png", 'inline; filename="foto.png"'),
    ]:
        response = client.get(reverse("nominations:file", args=[kind, item.pk]))
        assert response.status_code == 302 and response.url.startswith(s3_storage)
        query = urllib.parse.parse_qs(urllib.parse.urlsplit(response.url).query)
        assert query["response-content-type"] == [content_type] and query["response-content-disposition"] == [
            disposition
        ]
        with urllib.request.urlopen(response.url, timeout=10) as stored:
            assert (
                stored.headers["Content-Type"] == content_type and stored.headers["Content-Disposition"] == disposition
            )


def test_heic_photo_is_accepted_and_stored_as_an_upright_jpeg(client, officer, award_round):
    """An iPhone's HEIC photo (made here with pillow-heif) is kept as a JPEG, which every browser shows."""
    import io

    from PIL import Image

    from tests.factories import photo_bytes

    client.force_login(officer)
    heic = SimpleUploadedFile("IMG_2041.HEIC", photo_bytes(size=(900, 600), fmt="HEIF"), content_type="image/heic")
    assert post_with(client, new_photos=[heic]).status_code == 302
    photo = Nomination.objects.get().photos.get()
    assert photo.image.name.endswith(".jpg") and photo.original_name == "IMG_2041.jpg"
    with photo.image.open() as stored:
        image = Image.open(io.BytesIO(stored.read()))
    assert (image.format, image.size, photo.width, photo.height) == ("JPEG", (900, 600), 900, 600)
    assert photo.size == photo.image.size and set(photo.renditions) == {"320", "640", "1280"}
