"""An officer on a phone and a slow link adds a big photo to a draft: the browser makes it smaller and sends it at
once with a progress bar (static/js/photo_upload.js), a form that comes back with errors keeps it, and the
nomination page fetches small renditions, not the originals."""

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from nominations.models import NominationPhoto
from nominations.services import store_renditions
from tests.factories import DEFAULT_PASSWORD, grainy_photo_bytes

from .conftest import PHONE, SCREENSHOTS

pytestmark = pytest.mark.django_db(transaction=True)

RENDITION = re.compile(r"/nominations/files/photo/\d+/(320|640|1280)\.(webp|jpg)$")


def slow_upload(page):
    """About 3G: 1.5 Mbit/s up, so that the upload takes long enough to show its progress."""
    session = page.context.new_cdp_session(page)
    session.send("Network.enable")
    session.send(
        "Network.emulateNetworkConditions",
        {"offline": False, "latency": 100, "downloadThroughput": 400_000, "uploadThroughput": 190_000},
    )


def record_progress(page):
    """Keep every value the progress bar shows, as the officer would see it move."""
    page.evaluate(
        """() => {
            window.progressSeen = [];
            const bar = document.querySelector('.photo-progress progress');
            new MutationObserver(() => window.progressSeen.push(bar.value)).observe(
                document.querySelector('.photo-progress [role=status]'),
                {childList: true, characterData: true, subtree: true});
        }"""
    )


def test_big_photo_is_made_smaller_sent_at_once_and_kept_when_the_form_has_errors(visitor, officer, nomination):
    big = grainy_photo_bytes()
    assert len(big) > 2_000_000
    tab = visitor("photo-upload-phone", viewport=PHONE)
    tab.login(officer.username, DEFAULT_PASSWORD)
    page = tab.go(f"/nominations/{nomination.pk}/edit/")
    page.click("[data-section-nav] a[href='#section-files']")  # on a phone the form shows one section at a time
    slow_upload(page)
    record_progress(page)
    page.set_input_files("#id_new_photos", [{"name": "IMG_5001.jpg", "mimeType": "image/jpeg", "buffer": big}])
    page.wait_for_selector("#photo-list figure:nth-child(2)", timeout=60_000)
    tab.shot("01-photo-attached")

    photo = NominationPhoto.objects.get(original_name="IMG_5001.jpg")
    with photo.image.open() as stored:
        width, height = Image.open(stored).size
    assert max(width, height) == 2000 and photo.size < len(big) / 2
    seen = page.evaluate("window.progressSeen")
    assert any(0 < value < 100 for value in seen), seen  # the bar moved while the photo travelled
    assert page.locator(".photo-progress").is_visible()
    assert page.input_value("#id_new_photos") == ""  # sent already: not sent again with the form

    page.click("[data-section-nav] a[href='#section-ikm']")
    page.fill("#id_nib", "12345")  # a form error: the page comes back
    tab.click("button[name=save]")
    assert page.locator("#id_nib.is-invalid").count() == 1
    assert page.locator(f'#photo-list figure[data-photo="{photo.pk}"]').count() == 1
    assert nomination.photos.count() == 2
    tab.shot("02-error-keeps-photo")
    assert tab.errors == []


def test_nomination_page_fetches_small_renditions_not_originals(visitor, officer, nomination):
    big = grainy_photo_bytes()
    upload = SimpleUploadedFile("IMG_5002.jpg", big, content_type="image/jpeg")
    store_renditions(
        NominationPhoto.objects.create(nomination=nomination, image=upload, original_name=upload.name, size=len(big))
    )  # the fixture's first photo has none yet: they are made when the page asks for them
    tab = visitor("photo-renditions-phone", viewport=PHONE)
    tab.login(officer.username, DEFAULT_PASSWORD)
    images = []
    tab.page.on("response", lambda response: response.request.resource_type == "image" and images.append(response))
    page = tab.go(f"/nominations/{nomination.pk}/")
    page.locator("#photo-list").scroll_into_view_if_needed()
    page.wait_for_load_state("networkidle")
    photos = [response for response in images if "/files/photo/" in response.url]
    assert len({response.url for response in photos}) == 2
    for response in photos:  # a 2.7 MB original travels as a rendition of a few kilobytes
        assert RENDITION.search(response.url), response.url
        assert response.status == 200 and len(response.body()) < 30_000
    drawn = page.locator("#photo-list img").evaluate_all("images => images.map(i => i.complete && i.naturalWidth > 0)")
    assert drawn == [True, True]
    page.locator("#photo-list").screenshot(path=str(SCREENSHOTS / "photo-renditions-phone-thumbnails.png"))
    originals = page.locator("#photo-list figcaption a").evaluate_all("links => links.map(a => a.pathname)")
    assert originals == [f"/nominations/files/photo/{photo.pk}/" for photo in nomination.photos.all()]
    assert tab.errors == []


def test_new_nomination_sends_the_smaller_copy_with_the_form(visitor, officer, award_round):
    """No draft yet, so nothing to attach to: the smaller copy replaces the chosen file and goes with the form."""
    big = grainy_photo_bytes()
    tab = visitor("photo-new-nomination-phone", viewport=PHONE)
    tab.login(officer.username, DEFAULT_PASSWORD)
    page = tab.go("/nominations/new/")
    page.fill("#id_business_name", "Anyaman Foto Kecil")
    page.set_input_files("#id_new_photos", [{"name": "IMG_5003.jpg", "mimeType": "image/jpeg", "buffer": big}])
    tab.click("button[name=save]")  # at once: the save waits for the copy
    photo = NominationPhoto.objects.get(original_name="IMG_5003.jpg")
    with photo.image.open() as stored:
        assert max(Image.open(stored).size) == 2000
    assert photo.size < len(big) / 2 and photo.nomination.business_name == "Anyaman Foto Kecil"
    assert tab.errors == []


def test_new_nomination_with_an_error_keeps_the_chosen_photo(visitor, officer, award_round):
    """No draft to attach to yet: the form comes back with an error and the photo (made smaller) is kept for it."""
    big = grainy_photo_bytes()
    tab = visitor("photo-new-nomination-error-phone", viewport=PHONE)
    tab.login(officer.username, DEFAULT_PASSWORD)
    page = tab.go("/nominations/new/")
    page.fill("#id_nib", "12345")  # a NIB has 13 digits: the form comes back
    page.fill("#id_business_name", "Anyaman Foto Tersimpan")
    page.click("[data-section-nav] a[href='#section-files']")
    page.set_input_files("#id_new_photos", [{"name": "IMG_5004.jpg", "mimeType": "image/jpeg", "buffer": big}])
    tab.click("button[name=save]")
    assert page.locator("#id_nib.is-invalid").count() == 1
    assert "IMG_5004.jpg" in page.locator("#kept-photos").inner_text()
    tab.shot("01-error-photo-kept")
    page.fill("#id_nib", "3404017777001")
    tab.click("button[name=save]")
    photo = NominationPhoto.objects.get(original_name="IMG_5004.jpg")
    assert photo.nomination.business_name == "Anyaman Foto Tersimpan" and photo.size < len(big) / 2
    assert tab.errors == []
