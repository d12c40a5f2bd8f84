from .commodity import CommodityType
from .ikm import Ikm
from .interest import Interest, InterestStatus
from .nomination import (
    Certification,
    Nomination,
    NominationDocument,
    NominationPhoto,
    NominationStatus,
)
from .round import AwardRound, MissingReevaluation, RoundPhase, RoundStatus
from .sample import ProductSample, SampleCondition, SampleStatus

__all__ = [
    "AwardRound",
    "Certification",
    "CommodityType",
    "Ikm",
    "Interest",
    "InterestStatus",
    "Nomination",
    "NominationDocument",
    "NominationPhoto",
    "NominationStatus",
    "ProductSample",
    "RoundPhase",
    "RoundStatus",
    "MissingReevaluation",
    "SampleCondition",
    "SampleStatus",
]
