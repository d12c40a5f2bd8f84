"""Photo renditions are served exactly to whoever may fetch the original, and photos attached as they are chosen
(nominations/views/nominations.py: photo_rendition, photo_attach): scope, state, window, CSRF, validation."""

import io

import pytest
from django.conf import settings
from django.core.files.storage import default_storage
from django.test import Client
from django.urls import reverse
from PIL import Image

from audit.models import AuditRecord
from nominations.models import Nomination, NominationPhoto
from nominations.renditions import RENDITION_FORMATS
from nominations.services import KEPT_PHOTOS_SESSION_KEY
from tests.factories import (
    NominationFactory,
    NominationPhotoFactory,
    image_bytes,
    image_upload,
    photo_bytes,
    photo_upload,
)
from tests.nominations.conftest import form_data
from tests.security.test_authorization_matrix import VISITORS

pytestmark = pytest.mark.django_db


def rendition_url(photo, width=320, extension="webp"):
    return reverse("nominations:photo_rendition", kwargs={"pk": photo.pk, "width": width, "extension": extension})


@pytest.mark.parametrize("status", ["draft", "submitted"])
def test_renditions_are_served_to_exactly_who_may_fetch_the_original(client, request, officer, award_round, status):
    nomination = NominationFactory(round=award_round, regency=officer.regency, status=status, with_photo=True)
    photo = nomination.photos.get()
    answers = {}
    for visitor in VISITORS:
        client.logout()
        if visitor != "anonymous":
            client.force_login(request.getfixturevalue(visitor))
        original = client.get(reverse("nominations:file", args=["photo", photo.pk])).status_code
        renditions = {client.get(rendition_url(photo, 640, extension)).status_code for extension in RENDITION_FORMATS}
        assert renditions == {original}, visitor
        answers[visitor] = original
    assert answers["anonymous"] == 302 and answers["officer"] == 200 and answers["admin_user"] == 200
    assert answers["other_officer"] == 404 and answers["other_province_member"] == 404
    assert answers["team_member"] == (404 if status == "draft" else 200)


def test_only_the_rendition_widths_and_formats_exist(client, officer, nomination):
    client.force_login(officer)
    photo = nomination.photos.get()
    assert client.get(rendition_url(photo, 320, "jpg")).status_code == 200
    assert client.get(rendition_url(photo, 4000, "jpg")).status_code == 404
    assert client.get(rendition_url(photo, 320, "png")).status_code == 404


def attach(client, nomination, upload):
    return client.post(reverse("nominations:photo_attach", args=[nomination.pk]), {"photo": upload})


def test_officer_attaches_a_photo_to_the_draft_at_once(client, officer, nomination):
    client.force_login(officer)
    version = nomination.version
    response = attach(client, nomination, image_upload("tas-baru.jpg"))
    assert response.status_code == 201
    photo = nomination.photos.get(original_name="tas-baru.jpg")
    answer = response.json()
    assert answer["id"] == photo.pk and rendition_url(photo) in answer["html"]
    assert set(photo.renditions) == {"320", "640", "1280"}
    nomination.refresh_from_db()
    assert nomination.version == version  # the officer's open form stays current
    assert AuditRecord.objects.filter(action="nomination.edited", target_id=nomination.pk).exists()


def test_photo_cannot_be_attached_to_another_regencys_nomination(client, other_officer, nomination):
    client.force_login(other_officer)
    assert attach(client, nomination, image_upload()).status_code == 404
    assert nomination.photos.count() == 1


def test_team_member_cannot_attach_a_photo(client, team_member, officer, award_round):
    submitted = NominationFactory(round=award_round, regency=officer.regency, status="submitted")
    client.force_login(team_member)
    response = attach(client, submitted, image_upload())
    assert response.status_code == 403 and not submitted.photos.exists()


def test_anonymous_visitor_is_sent_to_log_in(client, nomination):
    response = attach(client, nomination, image_upload())
    assert response.status_code == 302 and "login" in response.url


def test_submitted_nomination_takes_no_photo_and_says_why(client, officer, award_round):
    submitted = NominationFactory(round=award_round, regency=officer.regency, status="submitted")
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    client.force_login(officer)
    response = attach(client, submitted, image_upload())
    assert response.status_code == 403 and "can no longer be edited" in response.json()["errors"][0]
    assert not submitted.photos.exists()


def test_closed_round_takes_no_photo(client, officer, nomination):
    nomination.round.status = "closed"
    nomination.round.save()
    client.force_login(officer)
    assert attach(client, nomination, image_upload()).status_code == 403
    assert nomination.photos.count() == 1


def test_attaching_needs_the_csrf_token(officer, nomination):
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(officer)
    assert attach(browser, nomination, image_upload()).status_code == 403
    page = browser.get(reverse("nominations:edit", args=[nomination.pk]))
    token = page.context["csrf_token"]
    url = reverse("nominations:photo_attach", args=[nomination.pk])
    assert browser.post(url, {"photo": image_upload(), "csrfmiddlewaretoken": token}).status_code == 201
    assert nomination.photos.count() == 2


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("foto.jpg", b"MZ\x90\x00" + b"\x00" * 200, "not a JPEG, PNG or WebP image"),
        ("anim.gif", image_bytes("GIF"), "GIF images are not accepted"),
        ("besar.jpg", image_bytes() + b"\x00" * (6 * 1024 * 1024), "the limit is 5.0\xa0MB"),
    ],
)
def test_attached_photo_is_checked_as_the_forms_are(client, officer, nomination, name, content, message):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    client.force_login(officer)
    response = attach(client, nomination, SimpleUploadedFile(name, content, content_type="image/jpeg"))
    assert response.status_code == 400 and message in " ".join(response.json()["errors"])
    assert nomination.photos.count() == 1


def test_no_more_than_ten_photos(client, officer, nomination):
    NominationPhotoFactory.create_batch(9, nomination=nomination)
    client.force_login(officer)
    response = attach(client, nomination, image_upload())
    assert response.status_code == 409 and nomination.photos.count() == 10


def test_attached_heic_photo_is_stored_as_jpeg(client, officer, nomination):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(officer)
    heic = SimpleUploadedFile("IMG_0001.HEIC", photo_bytes(size=(800, 600), fmt="HEIF"), content_type="image/heic")
    assert attach(client, nomination, heic).status_code == 201
    photo = NominationPhoto.objects.get(original_name="IMG_0001.jpg")
    assert photo.image.name.endswith(".jpg")
    with photo.image.open() as stored:
        image = Image.open(io.BytesIO(stored.read()))
    assert (image.format, image.size) == ("JPEG", (800, 600))


def test_photos_chosen_on_a_new_form_with_errors_are_kept_until_the_draft_is_saved(client, officer, award_round):
    """Without JavaScript: the form comes back with an error; the photo is not chosen again."""
    client.force_login(officer)
    response = client.post(
        reverse("nominations:create"), form_data(nib="12345", new_photos=[photo_upload(name="IMG_7001.jpg")])
    )
    assert response.status_code == 200 and not Nomination.objects.exists()
    page = response.content.decode()
    assert 'id="kept-photos"' in page and "IMG_7001.jpg" in page
    [kept] = client.session[KEPT_PHOTOS_SESSION_KEY]
    assert default_storage.exists(kept["name"])

    other = Client()  # another officer's session has nothing kept
    other.force_login(officer.__class__.objects.create_user("officer.kedua", role="officer", regency=officer.regency))
    assert "IMG_7001.jpg" not in other.get(reverse("nominations:create")).content.decode()

    response = client.post(reverse("nominations:create"), form_data())  # corrected, no file chosen again
    nomination = Nomination.objects.get()
    assert [photo.original_name for photo in nomination.photos.all()] == ["IMG_7001.jpg"]
    assert nomination.photos.get().renditions  # made as for any photo
    assert KEPT_PHOTOS_SESSION_KEY not in client.session and not default_storage.exists(kept["name"])


def test_a_photo_chosen_on_a_saved_draft_with_errors_is_attached_at_once(client, officer, nomination):

    client.force_login(officer)
    data = form_data(nib="12345", version=nomination.version, new_photos=[photo_upload(name="IMG_7002.jpg")])
    response = client.post(reverse("nominations:edit", args=[nomination.pk]), data)
    assert response.status_code == 200
    assert nomination.photos.filter(original_name="IMG_7002.jpg").exists()
    assert AuditRecord.objects.filter(action="nomination.edited", target_id=str(nomination.pk)).exists()
