"""Factories for audit: a record of an action on a target (an award round unless the test gives one)."""

import factory
from django.contrib.contenttypes.models import ContentType

from audit.models import AuditRecord

from .accounts import MinistryAdminFactory
from .nominations import AwardRoundFactory


class AuditRecordFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AuditRecord

    class Params:
        target = factory.SubFactory(AwardRoundFactory)

    actor = factory.SubFactory(MinistryAdminFactory)
    action = "round.changed"
    target_type = factory.LazyAttribute(lambda o: ContentType.objects.get_for_model(o.target))
    target_id = factory.LazyAttribute(lambda o: str(o.target.pk))
    after = factory.Dict({"status": "nomination"})
