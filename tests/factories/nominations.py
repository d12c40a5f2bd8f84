"""Factories for nominations: rounds, commodity types, IKMs, nominations and what they hold."""

from datetime import timedelta

import factory
from django.utils import timezone

from accounts.models import Regency
from nominations.models import (
    AwardRound,
    Certification,
    CommodityType,
    Ikm,
    Interest,
    Nomination,
    NominationDocument,
    NominationPhoto,
    ProductSample,
    RoundStatus,
)

from .accounts import MinistryAdminFactory, OfficerFactory
from .files import image_upload, pdf_upload


def sleman():
    return Regency.objects.get(code="34.04")


class CommodityTypeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CommodityType
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"komoditas-uji-{n}")
    name_id = factory.Sequence(lambda n: f"Komoditas uji {n}")
    name_en = factory.Sequence(lambda n: f"Test commodity {n}")


class AwardRoundFactory(factory.django.DjangoModelFactory):
    """A round taking nominations now: the window opened a week ago and closes in three weeks."""

    class Meta:
        model = AwardRound
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Penghargaan IKM OVOP {2030 + n % 71}")
    year = factory.Sequence(lambda n: 2030 + n % 71)  # the model allows years up to 2100
    nomination_opens = factory.LazyFunction(lambda: timezone.now() - timedelta(days=7))
    nomination_closes = factory.LazyFunction(lambda: timezone.now() + timedelta(days=21))
    scoring_opens = factory.LazyAttribute(lambda r: r.nomination_closes + timedelta(days=1))
    scoring_closes = factory.LazyAttribute(lambda r: r.scoring_opens + timedelta(days=14))
    decision_date = factory.LazyAttribute(lambda r: (r.scoring_closes + timedelta(days=7)).date())
    regency_quota = 3
    status = RoundStatus.NOMINATION

    @factory.post_generation
    def commodity_types(obj, create, extracted, **kwargs):
        if create:
            obj.commodity_types.set(extracted if extracted is not None else CommodityType.objects.all())


class NominationFactory(factory.django.DjangoModelFactory):
    """A complete nomination, ready to submit once it has a photo (see `with_photo`)."""

    class Meta:
        model = Nomination
        skip_postgeneration_save = True

    round = factory.SubFactory(AwardRoundFactory)
    regency = factory.LazyFunction(sleman)
    created_by = factory.SubFactory(OfficerFactory, regency=factory.SelfAttribute("..regency"))
    nib = factory.Sequence(lambda n: f"{9100000000000 + n}")
    business_name = factory.Sequence(lambda n: f"Tenun Ikat Sumber Rejeki {n}")
    ikm = factory.LazyAttribute(
        lambda o: (
            Ikm.objects.get_or_create(nib=o.nib, defaults={"business_name": o.business_name, "regency": o.regency})[0]
            if o.nib
            else None
        )
    )
    owner_name = "Siti Aminah"
    legal_form = "cv"
    address = "Jl. Kaliurang Km 10"
    sentra = "Sentra Tenun Moyudan"
    year_founded = 2012
    workforce_women = 12
    workforce_men = 4
    production_capacity = 2400
    capacity_unit = "lembar"
    yearly_turnover = 850_000_000
    marketing_reach = "national"
    phone = "081234567890"
    email = "tenun@example.id"
    product_name = "Kain tenun ikat pewarna alam"
    commodity = factory.LazyFunction(lambda: CommodityType.objects.get(code="kain-tenun"))
    product_description = "Kain tenun ikat dengan pewarna alam."
    raw_materials = "Benang katun, indigo lokal"
    local_wisdom = "Motif warisan keraton."
    uniqueness = "Pewarna alam dari kebun sendiri."
    price_min = 350_000
    price_max = 2_500_000

    @factory.post_generation
    def with_photo(obj, create, extracted, **kwargs):
        if create and extracted:
            NominationPhoto.objects.create(nomination=obj, image=image_upload(), original_name="produk.jpg")


class IkmFactory(factory.django.DjangoModelFactory):
    """An IKM of Kabupaten Sleman, as the first nomination of its NIB registers it."""

    class Meta:
        model = Ikm
        django_get_or_create = ("nib",)

    nib = factory.Sequence(lambda n: f"{9200000000000 + n}")
    business_name = factory.Sequence(lambda n: f"Batik Tulis Lestari {n}")
    regency = factory.LazyFunction(sleman)


class NominationPhotoFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = NominationPhoto

    nomination = factory.SubFactory(NominationFactory)
    image = factory.LazyFunction(image_upload)
    original_name = "produk.jpg"


class NominationDocumentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = NominationDocument

    nomination = factory.SubFactory(NominationFactory)
    kind = NominationDocument.Kind.NIB
    file = factory.LazyFunction(pdf_upload)
    original_name = "nib.pdf"


class CertificationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Certification

    nomination = factory.SubFactory(NominationFactory)
    kind = Certification.Kind.HALAL
    number = factory.Sequence(lambda n: f"ID{31110000000000 + n}")


class InterestFactory(factory.django.DjangoModelFactory):
    """An IKM's interest typed on the public page, for Kabupaten Sleman, waiting for the office."""

    class Meta:
        model = Interest

    nib = factory.Sequence(lambda n: f"{3404100000000 + n}")
    business_name = factory.Sequence(lambda n: f"Gerabah Kasongan {n}")
    product_name = "Guci tanah liat"
    commodity = factory.LazyFunction(lambda: CommodityType.objects.get(code="gerabah"))
    regency = factory.LazyFunction(sleman)
    contact_name = "Sri Lestari"
    email = factory.Sequence(lambda n: f"ikm{n}@example.id")


class ProductSampleFactory(factory.django.DjangoModelFactory):
    """The received sample of a submitted nomination."""

    class Meta:
        model = ProductSample

    nomination = factory.SubFactory(NominationFactory, status="submitted")
    status = "received"
    received_on = factory.LazyFunction(lambda: timezone.localdate())
    received_by = "Pak Joko"
    condition = "good"
    recorded_by = factory.SubFactory(MinistryAdminFactory)
