"""With a broker (a deployment's CELERY_BROKER_URL), an upload is answered without making the photo's renditions:
a real Celery worker against the local Redis makes them (nominations/tasks.py), the page shows the photo
meanwhile, and the worker's write leaves every cached page in place."""

import pytest
from celery.contrib.testing.worker import start_worker
from django.core.files.storage import default_storage
from django.test import Client
from django.urls import reverse

from nominations.models import Nomination
from nominations.renditions import rendition_name
from tests.factories import photo_upload
from tests.nominations.conftest import form_data
from tests.notifications.test_worker import broker_app, wait_for  # noqa: F401 - the fixture, used by name


@pytest.mark.django_db(transaction=True)
def test_the_upload_is_answered_at_once_and_a_worker_makes_the_renditions(
    broker_app,  # noqa: F811 - the fixture
    officer,
    admin_user,
    award_round,
    settings,
):
    settings.PAGE_CACHE_SECONDS = 60
    admin = Client()
    admin.force_login(admin_user)
    national = reverse("nominations:list")
    for _ in range(3):
        admin.get(national)
    assert admin.get(national)["X-Page-Cache"] == "hit"

    browser = Client()
    browser.force_login(officer)
    response = browser.post(reverse("nominations:create"), form_data(new_photos=[photo_upload(size=(1600, 1200))]))
    assert response.status_code == 302
    photo = Nomination.objects.get().photos.get()
    assert photo.renditions == {}  # not made in the request
    assert not default_storage.exists(rendition_name(photo, 320, "webp"))
    page = browser.get(reverse("nominations:edit", args=[photo.nomination_id])).content.decode()
    assert reverse("nominations:photo_rendition", args=[photo.pk, 320, "webp"]) in page  # shown meanwhile

    admin.get(national)  # the officer's draft redrew the admin's list of drafts: cached again
    assert admin.get(national)["X-Page-Cache"] == "hit"
    with start_worker(broker_app, pool="solo", perform_ping_check=False, shutdown_timeout=10):
        made = wait_for(lambda: Nomination.objects.get().photos.get().renditions)
    assert made
    photo.refresh_from_db()
    assert photo.renditions == {"320": [320, 240], "640": [640, 480], "1280": [1280, 960]}
    assert default_storage.exists(rendition_name(photo, 1280, "jpg"))
    assert admin.get(national)["X-Page-Cache"] == "hit"  # the worker's update moved no data generation


@pytest.mark.django_db
def test_a_thumbnail_asked_for_before_the_worker_made_them_is_made_alone(client, officer, nomination, settings):
    """The page after a save shows the new photo's thumbnail at once: the app server makes that one file (from a
    reduced decode), and leaves the others and the sizes to the worker."""
    settings.CELERY_TASK_ALWAYS_EAGER = False  # as with a broker
    photo = nomination.photos.get()  # none made yet
    client.force_login(officer)
    response = client.get(reverse("nominations:photo_rendition", args=[photo.pk, 320, "webp"]))
    assert response.status_code == 200 and response["Content-Type"] == "image/webp"
    assert default_storage.exists(rendition_name(photo, 320, "webp"))
    assert not any(
        default_storage.exists(rendition_name(photo, width, extension))
        for width, extension in [(640, "webp"), (1280, "webp"), (320, "jpg")]
    )
    photo.refresh_from_db()
    assert photo.renditions == {}  # still the worker's to make
    assert client.get(reverse("nominations:photo_rendition", args=[photo.pk, 320, "webp"])).status_code == 200


@pytest.mark.django_db
def test_the_worker_keeps_a_thumbnail_made_on_demand_and_leaves_no_second_copy(client, officer, nomination, settings):
    """A page and the worker may make the same file at the same time: the worker does not delete what a page is
    serving, and the folder holds each rendition once."""
    from nominations.services import store_renditions

    settings.CELERY_TASK_ALWAYS_EAGER = False
    photo = nomination.photos.get()
    client.force_login(officer)
    client.get(reverse("nominations:photo_rendition", args=[photo.pk, 320, "webp"]))
    name = rendition_name(photo, 320, "webp")
    made_on_demand = default_storage.open(name).read()
    store_renditions(photo)  # what the worker's task does
    assert default_storage.open(name).read() == made_on_demand
    folder = name.rsplit("/", 1)[0]
    stem = photo.image.name.rsplit("/", 1)[1].rsplit(".", 1)[0]
    renditions = sorted(f for f in default_storage.listdir(folder)[1] if f.startswith(stem + "_"))
    assert renditions == sorted(
        rendition_name(photo, w, e).rsplit("/", 1)[1] for w in (320, 640, 1280) for e in ("jpg", "webp")
    )
