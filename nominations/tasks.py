"""Photo renditions made by a worker: with a broker (CELERY_BROKER_URL) an upload is stored and answered at once,
and the 320/640/1280 px copies are made by a Celery worker, which the deployment runs at a lower CPU priority
(`nice`, README "Deploying at scale") so that pages keep their speed while officers upload on deadline day.
Without a broker they are made in the request that stored the photo (nominations.services._store_photo)."""

from celery import shared_task

from . import services
from .models import NominationPhoto


@shared_task(autoretry_for=(OSError,), retry_backoff=5, max_retries=3)
def make_renditions(pk):
    """Make the photo's renditions; nothing when it was deleted meanwhile (its renditions went with it)."""
    photo = NominationPhoto.objects.filter(pk=pk).first()
    if photo is None or photo.renditions:
        return False
    if not photo.image.storage.exists(photo.image.name):  # deleted between the query and now
        return False
    services.store_renditions(photo)
    return True
