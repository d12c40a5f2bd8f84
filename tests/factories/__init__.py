"""factory_boy factories, one module per app, for every model of the portal; `from tests.factories import X`
finds them all. The real regions and commodity types come from the data migrations: the factories use
Kabupaten Sleman (34.04) in DI Yogyakarta (34) unless a test gives another."""

from .accounts import (
    DEFAULT_PASSWORD,
    AssessorFactory,
    MinistryAdminFactory,
    OfficerFactory,
    ProvinceFactory,
    RegencyFactory,
    TeamMemberFactory,
    UserFactory,
)
from .audit import AuditRecordFactory
from .awards import AwardLevelFactory, CohortMembershipFactory, DecisionFactory, ExhibitionFactory, ScoreBandFactory
from .curation import (
    AdminCheckFactory,
    AspectFactory,
    AssignmentFactory,
    CriterionFactory,
    RequirementFactory,
    ScoreFactory,
    ScoreSheetFactory,
    ShortlistFactory,
)
from .files import (
    grainy_photo_bytes,
    image_bytes,
    image_upload,
    pdf_bytes,
    pdf_upload,
    photo_bytes,
    photo_upload,
    png_claiming,
)
from .nominations import (
    AwardRoundFactory,
    CertificationFactory,
    CommodityTypeFactory,
    IkmFactory,
    InterestFactory,
    NominationDocumentFactory,
    NominationFactory,
    NominationPhotoFactory,
    ProductSampleFactory,
)
from .notifications import NotificationFactory
from .reminders import ReminderFactory

__all__ = [
    "DEFAULT_PASSWORD",
    "AssessorFactory",
    "AssignmentFactory",
    "AdminCheckFactory",
    "InterestFactory",
    "ProductSampleFactory",
    "RequirementFactory",
    "AspectFactory",
    "AuditRecordFactory",
    "AwardLevelFactory",
    "AwardRoundFactory",
    "CertificationFactory",
    "CohortMembershipFactory",
    "CommodityTypeFactory",
    "CriterionFactory",
    "DecisionFactory",
    "ExhibitionFactory",
    "IkmFactory",
    "MinistryAdminFactory",
    "NominationDocumentFactory",
    "NominationFactory",
    "NominationPhotoFactory",
    "NotificationFactory",
    "ReminderFactory",
    "OfficerFactory",
    "ProvinceFactory",
    "RegencyFactory",
    "ScoreBandFactory",
    "ScoreFactory",
    "ScoreSheetFactory",
    "ShortlistFactory",
    "TeamMemberFactory",
    "UserFactory",
    "image_bytes",
    "image_upload",
    "pdf_bytes",
    "pdf_upload",
    "grainy_photo_bytes",
    "photo_bytes",
    "photo_upload",
    "png_claiming",
]
