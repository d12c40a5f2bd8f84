"""The smaller copies of product photos (nominations/renditions.py): made at upload in every width and format,
upright and without metadata, never enlarged, made later by the command or when asked, removed with the photo."""

import io

import pytest
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.urls import reverse
from PIL import Image

from nominations.models import Nomination, NominationPhoto
from nominations.renditions import RENDITION_FORMATS, RENDITION_WIDTHS, rendition_name
from tests.factories import photo_upload
from tests.nominations.conftest import form_data

pytestmark = pytest.mark.django_db


def opened(name):
    with default_storage.open(name) as stored:
        image = Image.open(io.BytesIO(stored.read()))
        image.load()
        return image


def create_with_photos(client, officer, *photos):
    client.force_login(officer)
    response = client.post(reverse("nominations:create"), form_data(new_photos=list(photos)))
    assert response.status_code == 302
    return Nomination.objects.get()


def test_uploaded_photo_gets_webp_and_jpeg_renditions_in_every_width(client, officer, award_round):
    photo = create_with_photos(client, officer, photo_upload(size=(1600, 1200))).photos.get()
    assert photo.renditions == {"320": [320, 240], "640": [640, 480], "1280": [1280, 960]}
    for width in RENDITION_WIDTHS:
        for extension, (image_format, _options) in RENDITION_FORMATS.items():
            image = opened(rendition_name(photo, width, extension))
            assert (image.format, image.size) == (image_format, (width, width * 3 // 4))
    assert opened(rendition_name(photo, 320, "webp")).size == (320, 240)
    assert default_storage.size(rendition_name(photo, 320, "webp")) < photo.size / 10


def test_small_photo_is_never_enlarged(client, officer, award_round):
    photo = create_with_photos(client, officer, photo_upload(size=(500, 300))).photos.get()
    assert photo.renditions == {"320": [320, 192], "640": [500, 300], "1280": [500, 300]}
    assert opened(rendition_name(photo, 1280, "jpg")).size == (500, 300)


def test_rendition_is_upright_and_carries_no_gps_or_other_exif(client, officer, award_round):
    sideways = photo_upload(size=(1600, 1200), orientation=6, gps=True)  # a phone held upright: shown 1200 × 1600
    photo = create_with_photos(client, officer, sideways).photos.get()
    assert photo.renditions["1280"] == [1200, 1600]
    for extension in RENDITION_FORMATS:
        image = opened(rendition_name(photo, 640, extension))
        assert image.size == (640, 853)
        assert "exif" not in image.info and len(image.getexif()) == 0


def test_detail_page_shows_renditions_and_links_the_original(client, officer, award_round):
    nomination = create_with_photos(client, officer, photo_upload(size=(1600, 1200)))
    photo = nomination.photos.get()
    html = client.get(reverse("nominations:detail", args=[nomination.pk])).content.decode()
    small = reverse("nominations:photo_rendition", kwargs={"pk": photo.pk, "width": 320, "extension": "webp"})
    original = reverse("nominations:file", args=["photo", photo.pk])
    assert f'srcset="{small} 320w' in html
    assert f'src="{original}"' not in html and f'href="{original}"' in html


def test_missing_rendition_is_made_when_asked(client, officer, nomination):
    photo = nomination.photos.get()  # made by a factory, as photos stored before renditions existed
    assert photo.renditions == {} and not default_storage.exists(rendition_name(photo, 640, "webp"))
    client.force_login(officer)
    response = client.get(
        reverse("nominations:photo_rendition", kwargs={"pk": photo.pk, "width": 640, "extension": "webp"})
    )
    assert response.status_code == 200 and response["Content-Type"] == "image/webp"
    assert Image.open(io.BytesIO(b"".join(response.streaming_content))).format == "WEBP"
    photo.refresh_from_db()
    assert photo.renditions == {"320": [64, 48], "640": [64, 48], "1280": [64, 48]}  # for the next srcset


def test_command_makes_renditions_of_photos_that_have_none(nomination):
    photo = nomination.photos.get()
    call_command("photo_renditions", stdout=io.StringIO())
    photo.refresh_from_db()
    assert set(photo.renditions) == {"320", "640", "1280"}
    assert all(default_storage.exists(rendition_name(photo, w, e)) for w in RENDITION_WIDTHS for e in RENDITION_FORMATS)


def test_removing_a_photo_removes_its_renditions(client, officer, award_round):
    nomination = create_with_photos(client, officer, photo_upload(size=(800, 600)))
    photo = nomination.photos.get()
    names = [rendition_name(photo, w, e) for w in RENDITION_WIDTHS for e in RENDITION_FORMATS]
    assert all(default_storage.exists(name) for name in names)
    data = form_data(version=nomination.version, delete_photos=[photo.pk])
    assert client.post(reverse("nominations:edit", args=[nomination.pk]), data).status_code == 302
    assert not NominationPhoto.objects.exists()
    assert not any(default_storage.exists(name) for name in names) and not default_storage.exists(photo.image.name)
