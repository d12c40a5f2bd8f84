"""Factories for curation: the rubric (aspects and criteria), score sheets and their scores, shortlists."""

from decimal import Decimal

import factory
from django.utils import timezone

from accounts.models import Province
from curation.models import AdminCheck, Aspect, Assignment, Criterion, Requirement, Score, ScoreSheet, Shortlist
from nominations.models import CommodityType

from .accounts import AssessorFactory, MinistryAdminFactory, TeamMemberFactory
from .nominations import AwardRoundFactory, NominationFactory


class AspectFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Aspect

    round = factory.SubFactory(AwardRoundFactory)
    name_id = factory.Sequence(lambda n: f"Aspek uji {n}")
    name_en = factory.Sequence(lambda n: f"Test aspect {n}")
    position = factory.Sequence(lambda n: n)


class CriterionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Criterion

    aspect = factory.SubFactory(AspectFactory)
    name_id = factory.Sequence(lambda n: f"Kriteria uji {n}")
    name_en = factory.Sequence(lambda n: f"Test criterion {n}")
    weight = Decimal("10")
    position = factory.Sequence(lambda n: n)


class ScoreSheetFactory(factory.django.DjangoModelFactory):
    """A draft sheet of a DIY team member (the factory's nomination is of Sleman, in DIY)."""

    class Meta:
        model = ScoreSheet

    nomination = factory.SubFactory(NominationFactory)
    member = factory.SubFactory(TeamMemberFactory)


class ScoreFactory(factory.django.DjangoModelFactory):
    """A score for a criterion of the sheet's own round."""

    class Meta:
        model = Score

    sheet = factory.SubFactory(ScoreSheetFactory)
    criterion = factory.SubFactory(CriterionFactory, aspect__round=factory.SelfAttribute("...sheet.nomination.round"))
    value = 3


class ShortlistFactory(factory.django.DjangoModelFactory):
    """DIY's shortlist of a round, not yet forwarded."""

    class Meta:
        model = Shortlist

    round = factory.SubFactory(AwardRoundFactory)
    province = factory.LazyFunction(lambda: Province.objects.get(code="34"))


class RequirementFactory(factory.django.DjangoModelFactory):
    """A requirement of a round's administrative selection, for every commodity type."""

    class Meta:
        model = Requirement

    round = factory.SubFactory(AwardRoundFactory)
    name_id = factory.Sequence(lambda n: f"Persyaratan uji {n}")
    name_en = factory.Sequence(lambda n: f"Test requirement {n}")
    position = factory.Sequence(lambda n: n)


class AdminCheckFactory(factory.django.DjangoModelFactory):
    """A passed administrative selection of a locked nomination, by a DIY team member."""

    class Meta:
        model = AdminCheck

    nomination = factory.SubFactory(NominationFactory, status="locked")
    passed = True
    checked_by = factory.SubFactory(TeamMemberFactory)
    checked_at = factory.LazyFunction(timezone.now)


class AssignmentFactory(factory.django.DjangoModelFactory):
    """A national assessor assigned to the commodity type of the round's first open commodity (or makanan-minuman)."""

    class Meta:
        model = Assignment

    round = factory.SubFactory(AwardRoundFactory)
    assessor = factory.SubFactory(AssessorFactory)
    commodity = factory.LazyAttribute(
        lambda a: (
            a.round.commodity_types.order_by("position").first() or CommodityType.objects.get(code="makanan-minuman")
        )
    )
    assigned_by = factory.SubFactory(MinistryAdminFactory)
