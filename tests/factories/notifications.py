"""Factories for notifications: a message to an officer, already sent by e-mail and not yet read."""

import factory
from django.utils import timezone

from notifications.models import Notification

from .accounts import OfficerFactory


class NotificationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Notification

    recipient = factory.SubFactory(OfficerFactory)
    kind = "nomination_submitted"
    subject = "Nominasi diajukan"
    body = "Nominasi Tenun Ikat Sumber Rejeki telah diajukan."
    link = "/nominasi/"
    status = Notification.Status.SENT
    sent_at = factory.LazyFunction(timezone.now)
