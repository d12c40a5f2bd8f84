"""factory_boy factories for the portal's models. Regions come from the data migration, not factories."""

import factory

from accounts.models import Province, Regency, User

DEFAULT_PASSWORD = "a-long-test-password-1"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.test")
    first_name = factory.Faker("first_name")
    last_name = factory.Faker("last_name")
    password = factory.PostGenerationMethodCall("set_password", DEFAULT_PASSWORD)

    @factory.post_generation
    def save_password(obj, create, extracted, **kwargs):
        if create:
            obj.save()


class OfficerFactory(UserFactory):
    role = User.Role.OFFICER
    regency = factory.LazyFunction(lambda: Regency.objects.get(code="34.04"))


class TeamMemberFactory(UserFactory):
    role = User.Role.TEAM_MEMBER
    province = factory.LazyFunction(lambda: Province.objects.get(code="34"))


class MinistryAdminFactory(UserFactory):
    role = User.Role.MINISTRY_ADMIN
    is_staff = True


# Nominations ---------------------------------------------------------------------------------------
import io  # noqa: E402
from datetime import timedelta  # noqa: E402

from django.core.files.uploadedfile import SimpleUploadedFile  # noqa: E402
from django.utils import timezone  # noqa: E402
from PIL import Image  # noqa: E402

from nominations.models import AwardRound, CommodityType, Ikm, Nomination, NominationPhoto, RoundStatus  # noqa: E402


def image_bytes(fmt="JPEG", size=(64, 48), color=(160, 82, 45)):
    buffer = io.BytesIO()
    image = Image.new("RGB", size, color)
    if fmt == "MPO":  # a JPEG with a second picture, as many phone and camera photos are
        image.save(buffer, fmt, save_all=True, append_images=[image.copy()])
    else:
        image.save(buffer, fmt)
    return buffer.getvalue()


def image_upload(name="produk.jpg", fmt="JPEG", content_type="image/jpeg"):
    return SimpleUploadedFile(name, image_bytes(fmt), content_type=content_type)


def png_claiming(width, height):
    """A PNG of a few dozen bytes whose header claims width x height grey pixels (its one data chunk holds a
    single row): what a decompression bomb looks like to anything that reads the header."""
    import struct
    import zlib

    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b"\0" * (width + 1)))
        + chunk(b"IEND", b"")
    )


def pdf_bytes():
    """A small but real one-page PDF, written with pypdf."""
    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(width=200, height=200)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def pdf_upload(name="nib.pdf"):
    return SimpleUploadedFile(name, pdf_bytes(), content_type="application/pdf")


class AwardRoundFactory(factory.django.DjangoModelFactory):
    """A round taking nominations now: the window opened a week ago and closes in three weeks."""

    class Meta:
        model = AwardRound
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Penghargaan IKM OVOP {2030 + n}")
    year = factory.Sequence(lambda n: 2030 + n)
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
    regency = factory.LazyFunction(lambda: Regency.objects.get(code="34.04"))
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
