"""The e-mail tasks: one per notification, retried with exponential backoff (EMAIL_RETRY_BACKOFF seconds doubled
each time, at most an hour, with jitter) up to EMAIL_MAX_RETRIES times; the last failure leaves it FAILED."""

from celery import shared_task
from django.conf import settings

from . import services


@shared_task(
    bind=True,
    autoretry_for=(Exception,),
    retry_backoff=settings.EMAIL_RETRY_BACKOFF,
    retry_backoff_max=60 * 60,
    retry_jitter=True,
    max_retries=settings.EMAIL_MAX_RETRIES,
)
def send_notification(self, pk):
    return services.deliver(pk, last_attempt=self.request.retries >= self.max_retries)


@shared_task
def requeue_stalled():
    return services.requeue_stalled()
