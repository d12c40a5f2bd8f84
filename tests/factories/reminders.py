"""Factories for reminders: the 3-day reminder of an officer's drafts, sent."""

import factory

from reminders.models import Reminder, ReminderKind

from .accounts import OfficerFactory
from .nominations import AwardRoundFactory


class ReminderFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Reminder

    kind = ReminderKind.DRAFTS
    round = factory.SubFactory(AwardRoundFactory)
    recipient = factory.SubFactory(OfficerFactory)
    days_before = 3
