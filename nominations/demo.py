"""Demo award round and nominations, made through the same services the pages use."""
import io
from datetime import timedelta

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image, ImageDraw

from accounts.models import User

from . import services
from .models import AwardRound, CommodityType, Nomination, NominationPhoto, RoundStatus

OPEN_ROUND = "Penghargaan IKM OVOP 2026"

SAMPLES = [
    # officer, NIB, business, owner, commodity, product, submitted?
    ("officer.sleman", "3404010000001", "Tenun Lurik Kurnia", "Sri Wahyuni", "kain-tenun", "Kain lurik ATBM pewarna alam", True),
    ("officer.sleman", "3404010000002", "Salak Pondoh Mulya", "Sugeng Riyadi", "makanan-minuman", "Keripik dan dodol salak pondoh", True),
    ("officer.sleman", "3404010000003", "Bambu Apik Moyudan", "Rini Astuti", "anyaman", "Kap lampu anyaman bambu", False),
    ("officer.bantul", "3402010000001", "Gerabah Kasongan Asri", "Mujiono", "gerabah", "Guci gerabah Kasongan", True),
    ("officer.bantul", "3402010000002", "Batik Tulis Giriloyo", "Siti Fatimah", "kain-batik", "Batik tulis pewarna indigo", True),
    ("officer.tasikmalaya", "3206010000001", "Mendong Rajapolah", "Asep Saepudin", "anyaman", "Tas anyaman mendong", True),
    ("officer.gianyar", "5104010000001", "Ukir Kayu Mas", "I Wayan Darma", "kerajinan-kayu", "Patung kayu suar", True),
]


def demo_photo(text, color):
    image = Image.new("RGB", (640, 480), color)
    ImageDraw.Draw(image).text((24, 220), text, fill=(255, 255, 255))
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=80)
    return SimpleUploadedFile("produk.jpg", buffer.getvalue(), content_type="image/jpeg")


def create_open_round(admin):
    now = timezone.now()
    award_round, created = AwardRound.objects.get_or_create(
        name=OPEN_ROUND,
        defaults={
            "year": 2026, "nomination_opens": now - timedelta(days=14), "nomination_closes": now + timedelta(days=30),
            "scoring_opens": now + timedelta(days=31), "scoring_closes": now + timedelta(days=60),
            "decision_date": (now + timedelta(days=75)).date(), "regency_quota": 5, "province_shortlist_quota": 3,
            "cohort_size": 10,
        },
    )
    if created:
        award_round.commodity_types.set(CommodityType.objects.filter(is_active=True))
    if award_round.status == RoundStatus.DRAFT and not AwardRound.objects.filter(status=RoundStatus.NOMINATION).exists():
        award_round = services.open_round_for_nominations(award_round, by=admin)
    return award_round


def create_nominations(award_round):
    created = 0
    for index, (username, nib, business, owner, commodity, product, submit) in enumerate(SAMPLES):
        officer = User.objects.get(username=username)
        if Nomination.objects.filter(round=award_round, nib=nib).exists():
            continue
        nomination = Nomination(
            round=award_round, regency=officer.regency, nib=nib, business_name=business, owner_name=owner,
            legal_form="individual", address=f"{officer.regency}", sentra=f"Sentra {business.split()[0]}",
            year_founded=2005 + index, workforce_women=8 + index, workforce_men=3 + index,
            production_capacity=1000 * (index + 1), capacity_unit="pcs", yearly_turnover=250_000_000 * (index + 1),
            marketing_reach="national", phone="0274000000", email=f"ikm{index}@demo.ovop.id", product_name=product,
            commodity=CommodityType.objects.get(code=commodity), product_description=f"{product} dari {officer.regency}.",
            raw_materials="Bahan baku dari desa setempat", local_wisdom="Keterampilan turun-temurun di desa.",
            uniqueness="Dikerjakan tangan dengan motif khas daerah.", price_min=50_000, price_max=750_000,
        )
        services.save_nomination(nomination, by=officer)
        NominationPhoto.objects.create(nomination=nomination, image=demo_photo(product, (90 + 20 * index, 60, 40)), original_name="produk.jpg")
        if submit:
            services.submit_nomination(nomination, by=officer)
        created += 1
    return created
