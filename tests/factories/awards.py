"""Factories for awards: award levels, score bands, decisions, the Go Global cohort and its exhibitions."""

from datetime import date
from decimal import Decimal

import factory

from awards.models import AwardLevel, CohortMembership, Decision, Exhibition, ScoreBand

from .accounts import MinistryAdminFactory
from .nominations import AwardRoundFactory, NominationFactory


class AwardLevelFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AwardLevel

    round = factory.SubFactory(AwardRoundFactory)
    name_id = factory.Sequence(lambda n: f"Bintang uji {n}")
    name_en = factory.Sequence(lambda n: f"Test star {n}")
    rank = 1


class ScoreBandFactory(factory.django.DjangoModelFactory):
    """A band of a level of the band's own round: a score of at least 85 recommends it."""

    class Meta:
        model = ScoreBand

    round = factory.SubFactory(AwardRoundFactory)
    level = factory.SubFactory(AwardLevelFactory, round=factory.SelfAttribute("..round"))
    min_score = Decimal("85")


class DecisionFactory(factory.django.DjangoModelFactory):
    """An award of a level of the nomination's own round."""

    class Meta:
        model = Decision

    nomination = factory.SubFactory(NominationFactory)
    level = factory.SubFactory(AwardLevelFactory, round=factory.SelfAttribute("..nomination.round"))
    reason = "Produk unggulan dengan pasar ekspor."
    decided_by = factory.SubFactory(MinistryAdminFactory)


class CohortMembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CohortMembership

    nomination = factory.SubFactory(NominationFactory)
    promoted_by = factory.SubFactory(MinistryAdminFactory)
    target_markets = "Jepang, Belanda"


class ExhibitionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Exhibition

    membership = factory.SubFactory(CohortMembershipFactory)
    name = "Ambiente Frankfurt"
    place = "Frankfurt, Jerman"
    starts = date(2031, 2, 7)
    ends = date(2031, 2, 11)
