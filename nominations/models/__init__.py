from .commodity import CommodityType
from .ikm import Ikm
from .nomination import (
    Certification,
    Nomination,
    NominationDocument,
    NominationPhoto,
    NominationStatus,
)
from .round import AwardRound, RoundPhase, RoundStatus

__all__ = [
    "AwardRound",
    "Certification",
    "CommodityType",
    "Ikm",
    "Nomination",
    "NominationDocument",
    "NominationPhoto",
    "NominationStatus",
    "RoundPhase",
    "RoundStatus",
]
