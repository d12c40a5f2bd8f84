"""The demo: award rounds in every phase, built through the same services the pages use.

- "Penghargaan IKM OVOP 2022": closed and published, shaped like the real 2022 round: 77 nominations
  (21 makanan dan minuman, 21 kain tenun, 12 kain batik, 17 anyaman, 6 gerabah) from 19 provinces,
  10 of them in IKM OVOP Go Global, chosen from the Bintang 3 and 2 holders by an expert panel of three on the
  selection rubric, the selection then closed.
- "Penghargaan IKM OVOP 2024" in the decision phase, shaped like the real 2024 round on its 2024 dates:
  159 nominations from 22 provinces, 89 passing the administrative selection, scored and forwarded by their
  provinces, assessed nationally by assessors of each commodity type (GAPMMI, Yayasan Batik Indonesia, Cita
  Tenun Indonesia, HIMKI, ...), with the 77 holders of 2022 re-evaluated (skipping the provincial ranking, three
  not submitted and kept by the round's rule), decided as the score bands recommend but for one award raised and
  one lowered (with reasons) and four left to decide; nothing published,
- 2025 in curation (scoring open now), 2026 taking nominations, 2027 a draft.

Past steps pass their own `now` to the services, so windows and deadlines are checked as they were.
The demo command sends its e-mails nowhere (the dummy backend); the in-portal notifications are kept.
"""

import io
import random
from datetime import datetime, timedelta

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image, ImageDraw

from accounts.demo import upsert
from accounts.models import Province, Regency, User
from curation import selectors as curation_selectors
from curation import services as curation
from curation.models import Criterion, Stage, scoring_nominations
from nominations import services as nominations
from nominations.models import AwardRound, CommodityType, MissingReevaluation, Nomination, RoundStatus
from nominations.selectors import current_star_nominations
from notifications.services import send_outbox

from . import selectors as award_selectors
from . import services as awards
from .forms import ExhibitionFormSet, ProgrammeForm

OPEN_ROUND = "Penghargaan IKM OVOP 2026"
ROUND_2022 = "Penghargaan IKM OVOP 2022"
MIX_2022 = [("makanan-minuman", 21), ("kain-tenun", 21), ("kain-batik", 12), ("anyaman", 17), ("gerabah", 6)]
PROVINCES_2022 = [
    "11",
    "12",
    "13",
    "16",
    "18",
    "31",
    "32",
    "33",
    "34",
    "35",
    "36",
    "51",
    "52",
    "53",
    "61",
    "64",
    "71",
    "73",
    "81",
]
PRODUCTS = {
    "makanan-minuman": ("Kopi", "Keripik", "Dodol", "Sambal", "Teh herbal"),
    "kain-tenun": ("Tenun ikat", "Songket", "Tenun lurik", "Ulos"),
    "kain-batik": ("Batik tulis", "Batik cap", "Batik pewarna alam"),
    "anyaman": ("Tas pandan", "Tikar mendong", "Keranjang rotan", "Kap lampu bambu"),
    "gerabah": ("Guci", "Pot tanah liat", "Tungku gerabah"),
    "kerajinan-kayu": ("Patung kayu", "Topeng kayu"),
}

SAMPLES = [
    # officer, NIB, business, owner, commodity, product, submitted?
    (
        "officer.sleman",
        "3404010000001",
        "Tenun Lurik Kurnia",
        "Sri Wahyuni",
        "kain-tenun",
        "Kain lurik ATBM pewarna alam",
        True,
    ),
    (
        "officer.sleman",
        "3404010000002",
        "Salak Pondoh Mulya",
        "Sugeng Riyadi",
        "makanan-minuman",
        "Keripik dan dodol salak pondoh",
        True,
    ),
    (
        "officer.sleman",
        "3404010000003",
        "Bambu Apik Moyudan",
        "Rini Astuti",
        "anyaman",
        "Kap lampu anyaman bambu",
        False,
    ),
    ("officer.bantul", "3402010000001", "Gerabah Kasongan Asri", "Mujiono", "gerabah", "Guci gerabah Kasongan", True),
    (
        "officer.bantul",
        "3402010000002",
        "Batik Tulis Giriloyo",
        "Siti Fatimah",
        "kain-batik",
        "Batik tulis pewarna indigo",
        True,
    ),
    (
        "officer.tasikmalaya",
        "3206010000001",
        "Mendong Rajapolah",
        "Asep Saepudin",
        "anyaman",
        "Tas anyaman mendong",
        True,
    ),
    ("officer.gianyar", "5104010000001", "Ukir Kayu Mas", "I Wayan Darma", "kerajinan-kayu", "Patung kayu suar", True),
]


def aware(year, month, day, hour=9):
    return timezone.make_aware(datetime(year, month, day, hour))


def demo_photo(text, color):
    image = Image.new("RGB", (480, 360), color)
    ImageDraw.Draw(image).text((20, 170), text, fill=(255, 255, 255))
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=75)
    return SimpleUploadedFile("produk.jpg", buffer.getvalue(), content_type="image/jpeg")


def officer_for(regency):
    username = "officer.sleman" if regency.code == "34.04" else f"officer.{regency.code}"
    return User.objects.filter(username=username).first() or upsert(
        username, "Petugas", str(regency), role=User.Role.OFFICER, regency=regency
    )


def team_for(province):
    """The province's team (the demo teams of DIY, Jawa Barat and Bali, or a new one of three)."""
    team = list(User.objects.team_of(province.pk).order_by("-is_team_chair", "username"))
    if not team:
        team = [
            upsert(
                f"team.{province.code}.{suffix}",
                "Tim",
                f"{province} {suffix}",
                role=User.Role.TEAM_MEMBER,
                province=province,
                is_team_chair=suffix == "chair",
            )
            for suffix in ("chair", "1", "2")
        ]
    return team


# The quotas of the demo rounds: five nominations per regency, three forwarded per province, a cohort of ten.
DEMO_QUOTAS = {"regency_quota": 5, "province_shortlist_quota": 3, "cohort_size": 10}


def make_round(admin, name, year, opens, closes, scoring_opens, scoring_closes, **extra):
    """A draft round set up as an admin sets one up (awards.services.set_up_round): all commodity types, the
    default rubrics and award levels."""
    award_round = AwardRound(
        name=name,
        year=year,
        nomination_opens=opens,
        nomination_closes=closes,
        scoring_opens=scoring_opens,
        scoring_closes=scoring_closes,
        **extra,
    )
    award_round.decision_date = award_round.decision_date or (award_round.decision_opens + timedelta(days=14)).date()
    return awards.set_up_round(award_round, by=admin, commodity_types=CommodityType.objects.filter(is_active=True))


def nominate(
    award_round,
    regency,
    index,
    commodity_code,
    *,
    submit_at=None,
    nib=None,
    business=None,
    product=None,
    owner="Pemilik IKM",
):
    officer = officer_for(regency)
    products = PRODUCTS.get(commodity_code, ("Produk unggulan",))
    product = (
        product
        or f"{products[index % len(products)]} khas {str(regency).replace('Kabupaten ', '').replace('Kota ', '')}"
    )
    nomination = Nomination(
        round=award_round,
        regency=regency,
        nib=nib or f"{award_round.year % 100:02d}{regency.code.replace('.', '')}{index:07d}",
        business_name=business or f"IKM {product.split(' khas ')[0]} {index + 1:02d}",
        owner_name=owner,
        legal_form=("individual", "cv", "cooperative")[index % 3],
        address=f"Desa {index + 1}, {regency}",
        sentra=f"Sentra IKM {regency}",
        year_founded=1995 + index % 25,
        workforce_women=5 + index % 20,
        workforce_men=2 + index % 9,
        production_capacity=500 + 250 * (index % 12),
        capacity_unit="pcs",
        yearly_turnover=150_000_000 + 37_500_000 * (index % 20),
        marketing_reach=("regional", "national", "export")[index % 3],
        export_destinations="Jepang, Belanda" if index % 3 == 2 else "",
        phone="081200000000",
        email=f"ikm{award_round.year}{index}@demo.ovop.id",
        product_name=product,
        commodity=CommodityType.objects.get(code=commodity_code),
        product_description=f"{product}, dibuat dengan tangan oleh warga desa.",
        raw_materials="Bahan baku dari desa setempat",
        local_wisdom="Keterampilan yang diwariskan turun-temurun.",
        uniqueness="Motif dan cita rasa khas daerah.",
        price_min=25_000 + 5_000 * (index % 10),
        price_max=500_000 + 50_000 * (index % 10),
    )
    photo = demo_photo(product, (60 + 7 * (index % 20), 90, 110 - 3 * (index % 20)))
    nominations.save_nomination(nomination, by=officer, files={"new_photos": [photo]})
    if submit_at is not None:
        nominations.submit_nomination(nomination, by=officer, now=submit_at)
    return nomination


def score_province(award_round, province, at, rng, *, members=None):
    criteria = list(Criterion.objects.filter(aspect__round=award_round, aspect__stage=Stage.PROVINCE))
    for nomination in scoring_nominations(award_round, province):
        quality = rng.randint(2, 5)
        for member in members if members is not None else team_for(province):
            values = {c.pk: (max(1, min(5, quality + rng.choice((-1, 0, 0, 1)))), "") for c in criteria}
            curation.save_sheet(
                nomination, by=member, values=values, comment="Dinilai dalam demo.", submit=True, now=at
            )


def forward_province(award_round, province, at, limit=None):
    chair = next(m for m in team_for(province) if m.is_team_chair)
    ranked = list(curation_selectors.ranking(curation_selectors.in_curation(award_round, province)))
    chosen = ranked[: limit or award_round.province_shortlist_quota]
    curation.set_shortlist(award_round, province, chosen, by=chair)
    curation.forward_shortlist(curation.shortlist_for(award_round, province), by=chair, now=at, confirm_missing=True)


def build_2022(admin):
    award_round = make_round(
        admin,
        ROUND_2022,
        2022,
        aware(2022, 3, 1),
        aware(2022, 5, 31),
        aware(2022, 6, 6),
        aware(2022, 7, 15),
        **(DEMO_QUOTAS | {"province_shortlist_quota": 8}),  # 2022's provinces forwarded up to eight
    )
    award_round = nominations.open_round_for_nominations(award_round, by=admin)
    commodities = [code for code, count in MIX_2022 for _ in range(count)]
    random.Random(2022).shuffle(commodities)
    provinces = {p.code: p for p in Province.objects.filter(code__in=PROVINCES_2022)}
    for index, commodity_code in enumerate(commodities):
        province = provinces[PROVINCES_2022[index % len(PROVINCES_2022)]]
        regencies = list(province.regencies.order_by("code"))
        regency = regencies[(index // len(PROVINCES_2022)) % len(regencies)]
        nominate(award_round, regency, index, commodity_code, submit_at=aware(2022, 4, 1 + index % 28))
    award_round = nominations.start_curation(award_round, by=admin, now=aware(2022, 6, 1))
    rng = random.Random(77)
    for code in PROVINCES_2022:
        score_province(award_round, provinces[code], aware(2022, 6, 20), rng)
        forward_province(award_round, provinces[code], aware(2022, 7, 10))
    ranked = curation_selectors.ranking(awards.forwarded_nominations(award_round))
    levels = {level.name_id: level for level in award_round.award_levels.all()}
    for position, nomination in enumerate(ranked):
        level = levels["Bintang 3"] if position < 10 else levels["Bintang 2"] if position < 37 else levels["Bintang 1"]
        awards.decide(nomination, level=level, reason="Hasil kurasi nasional 2022.", by=admin)
    awards.publish_results(award_round, by=admin, now=aware(2022, 8, 1))
    send_outbox()
    for position, nomination in enumerate(select_go_global(admin, award_round, rng)):
        membership = awards.promote(nomination, by=admin)
        programme = ProgrammeForm(
            {
                "export_plan_status": ("approved", "reviewed", "draft")[position % 3],
                "target_markets": ("Jepang", "Belanda", "Uni Emirat Arab", "Australia")[position % 4],
                "has_marketplace": "on",
                **({"has_website": "on"} if position % 2 == 0 else {}),
                "has_social_media": "on",
                **({"in_e_catalogue": "on"} if position % 3 == 0 else {}),
                "mentor": ("Ibu Ratna", "Bapak Hadi", "Ibu Maya")[position % 3],
                "financing_referral": "Dirujuk ke LPEI" if position < 4 else "",
                "product_development": "Penyesuaian kemasan dan ukuran untuk pasar sasaran.",
            },
            instance=membership,
        )
        exhibitions = None
        if position < 5:
            exhibitions = ExhibitionFormSet(
                {
                    "ex-TOTAL_FORMS": "1",
                    "ex-INITIAL_FORMS": "0",
                    "ex-0-name": ("INACRAFT", "FOODEX Japan", "Ambiente Frankfurt")[position % 3],
                    "ex-0-place": ("Jakarta, Indonesia", "Tokyo, Jepang", "Frankfurt, Jerman")[position % 3],
                    "ex-0-starts": "2023-03-07",
                    "ex-0-ends": "2023-03-10",
                },
                instance=membership,
                prefix="ex",
            )
        if not (programme.is_valid() and (exhibitions is None or exhibitions.is_valid())):
            raise ValueError(f"demo programme refused: {programme.errors} {exhibitions and exhibitions.errors}")
        awards.update_programme(membership, programme, by=admin, exhibitions=exhibitions)
    awards.close_go_global(award_round, by=admin, now=aware(2022, 10, 3))
    return nominations.close_round(award_round, by=admin)


# The expert panel of the 2022 Go Global selection (DOMAIN.md: "curated again by an expert team").
GO_GLOBAL_PANEL_2022 = ["penilai.gapmmi", "penilai.himki", "penilai.akademisi"]


def demo_assessors():
    """The national assessors of the demo (ASSESSORS_2024), made if missing."""
    for username, name, organisation, _codes in ASSESSORS_2024:
        first, last = name.split(" ", 1)
        upsert(username, first, last, role=User.Role.ASSESSOR, organisation=organisation)


def select_go_global(admin, award_round, rng):
    """The 2022 Go Global selection: a panel of three scores the Bintang 3 and 2 holders on the selection rubric
    (product potential, export readiness, commitment), and the admin promotes the top ten of its ranking."""
    demo_assessors()
    panel = [User.objects.get(username=username) for username in GO_GLOBAL_PANEL_2022]
    for member in panel:
        curation.name_panel_member(award_round, member, by=admin)
    criteria = list(Criterion.objects.filter(aspect__round=award_round, aspect__stage=Stage.GO_GLOBAL))
    for nomination in curation_selectors.go_global_ranking(award_round):
        quality = 2 + round(3 * float(nomination.decision.score or 60) / 100)
        for member in panel:
            values = {c.pk: (max(1, min(5, quality + rng.choice((-1, 0, 0, 1)))), "") for c in criteria}
            curation.save_sheet(nomination, by=member, values=values, comment="Seleksi Go Global (demo).", submit=True)
    chosen = curation_selectors.go_global_ranking(award_round)[: award_round.cohort_size]
    return chosen


def nominate_and_lock(admin, award_round, plan, *, submit_at, lock_at, before_lock=None):
    """Open the round, submit the planned nominations ({regency code: [commodity codes]}), then whatever
    `before_lock(round)` does while nominations are open, and start curation."""
    award_round = nominations.open_round_for_nominations(award_round, by=admin)
    index = 0
    for regency_code, commodity_codes in plan.items():
        for commodity_code in commodity_codes:
            nominate(award_round, Regency.objects.get(code=regency_code), index, commodity_code, submit_at=submit_at)
            index += 1
    if before_lock is not None:
        before_lock(award_round)
    return nominations.start_curation(award_round, by=admin, now=lock_at)


# Of the 2022 holders re-evaluated in 2024, every 25th entry is left unsubmitted by its regency (the round's rule
# keeps its star).
UNSUBMITTED_EVERY = 25


def reevaluate_2022(admin, award_round, started, submitted):
    """The 77 holders of 2022 re-evaluated: the ministry starts them, their regencies update and submit them (but
    every 25th), each with a current photo."""
    holders = current_star_nominations().filter(round__name=ROUND_2022)
    entries = nominations.start_reevaluation(award_round, list(holders), by=admin, now=started)
    for index, entry in enumerate(entries):
        if index % UNSUBMITTED_EVERY == UNSUBMITTED_EVERY - 1:
            continue
        officer = officer_for(entry.regency)
        entry.production_capacity += 100  # the update: this year's figures
        photo = demo_photo(entry.product_name, (90, 60 + index % 40, 110))
        nominations.save_nomination(entry, by=officer, expected_version=entry.version, files={"new_photos": [photo]})
        nominations.submit_nomination(entry, by=officer, now=submitted)


# 2024 (DOMAIN.md): 159 nominations from 22 provinces, 89 passed the administrative selection.
PROVINCES_2024 = [*PROVINCES_2022, "14", "15", "63"]
NOMINATIONS_2024, PASSED_2024 = 159, 89
MIX_2024 = ["makanan-minuman", "kain-tenun", "kain-batik", "anyaman", "gerabah", "kerajinan-kayu"]


def check_province(award_round, province, passing):
    """The province's administrative selection: nominations in `passing` meet every requirement, the others
    miss one (a food's halal certificate, or the decree of the sentra) with a reason."""
    member = next(m for m in team_for(province) if not m.is_team_chair)
    for nomination in award_round.nominations.filter(regency__province=province, status="locked").order_by("pk"):
        applying = list(curation.requirements_for(nomination))
        if nomination.pk in passing:
            curation.check_nomination(nomination, by=member, met=applying)
            continue
        missing = applying[-2] if nomination.commodity.code == "makanan-minuman" else applying[1]
        curation.check_nomination(
            nomination,
            by=member,
            met=[r for r in applying if r != missing],
            reason=f"Belum memenuhi: {missing.name_id}. Lengkapi untuk putaran berikutnya.",
        )


# The national assessors of the 2024-shaped round (DOMAIN.md: associations per commodity, practitioners and
# academics): username, name, organisation, commodity types. Every commodity type has at least two.
ASSESSORS_2024 = [
    ("penilai.gapmmi", "Hendra Wijaya", "GAPMMI", ["makanan-minuman"]),
    ("penilai.ybi", "Ratna Kusumawati", "Yayasan Batik Indonesia", ["kain-batik"]),
    ("penilai.cti", "Dewi Anggraini", "Cita Tenun Indonesia", ["kain-tenun"]),
    ("penilai.himki", "Bambang Sutrisno", "HIMKI", ["anyaman", "kerajinan-kayu"]),
    ("penilai.warlami", "Lestari Putri", "Warlami", ["kain-tenun", "kain-batik"]),
    ("penilai.akademisi", "Agus Santoso", "Akademisi, Institut Teknologi Bandung", ["makanan-minuman", "gerabah"]),
    ("penilai.praktisi", "Made Suarsana", "Praktisi kriya", ["gerabah", "anyaman", "kerajinan-kayu"]),
]


def assess_nationally(admin, award_round, at, rng):
    """Name the assessors, then let each score the forwarded nominations of their commodity types (the national
    score follows the province's mean with each assessor's own leniency); one declares a conflict instead."""
    demo_assessors()
    for username, _name, _organisation, commodity_codes in ASSESSORS_2024:
        assessor = User.objects.get(username=username)
        curation.assign_assessor(
            award_round, assessor, CommodityType.objects.filter(code__in=commodity_codes), by=admin
        )
    criteria = list(Criterion.objects.filter(aspect__round=award_round, aspect__stage=Stage.NATIONAL))
    means = {row.pk: row.province_mean for row in curation_selectors.national_ranking(award_round)}
    # A re-evaluation has no provincial mean (it skips the provincial ranking): its score of 2022 stands in.
    for entry in award_round.nominations.filter(reevaluates__isnull=False).select_related("reevaluates__decision"):
        means[entry.pk] = entry.reevaluates.decision.score
    conflict_declared = False
    for username, _name, _organisation, _codes in ASSESSORS_2024:
        assessor = User.objects.get(username=username)
        leniency = rng.choice((-1, 0, 0, 1))
        for nomination in curation_selectors.national_worklist(assessor, award_round).order_by("pk"):
            if username == "penilai.praktisi" and not conflict_declared:
                curation.declare_conflict(
                    nomination, by=assessor, reason="Pernah menjadi pendamping IKM ini pada 2023.", now=at
                )
                conflict_declared = True
                continue
            level = 1 + round(4 * float(means.get(nomination.pk) or 50) / 100)
            values = {c.pk: (max(1, min(5, level + leniency + rng.choice((-1, 0, 0, 0, 1)))), "") for c in criteria}
            curation.save_sheet(
                nomination, by=assessor, values=values, comment="Penilaian nasional (demo).", submit=True, now=at
            )


def build_decision_round(admin, now):
    """2024 on its 2024 dates, shaped like the real round: 159 nominations from 22 provinces, an administrative
    selection that 89 pass, the passed ones scored by their provinces' teams and forwarded, then assessed by the
    national assessors of each commodity type (August to the first week of October); nothing decided yet."""
    award_round = make_round(
        admin,
        "Penghargaan IKM OVOP 2024",
        2024,
        aware(2024, 2, 5),
        aware(2024, 5, 31, 23),
        aware(2024, 6, 10),
        aware(2024, 7, 31, 23),
        admin_selection=True,
        national_assessment=True,
        reevaluation_skips_province=True,
        reevaluation_missing_rule=MissingReevaluation.KEEP,
        national_opens=aware(2024, 8, 12),
        national_closes=aware(2024, 10, 4, 23),
        decision_date=aware(2024, 12, 10).date(),
        **DEMO_QUOTAS,
    )
    curation.add_default_requirements(award_round, by=admin)
    provinces = [Province.objects.get(code=code) for code in PROVINCES_2024]
    plan = {}
    for index in range(NOMINATIONS_2024):
        province = provinces[index % len(provinces)]
        regencies = list(province.regencies.order_by("code"))
        regency = regencies[(index // len(provinces)) % len(regencies)]
        plan.setdefault(regency.code, []).append(MIX_2024[index % len(MIX_2024)])
    award_round = nominate_and_lock(
        admin,
        award_round,
        plan,
        submit_at=aware(2024, 4, 15),
        lock_at=aware(2024, 6, 3),
        before_lock=lambda r: reevaluate_2022(admin, r, aware(2024, 2, 12), aware(2024, 5, 20)),
    )
    rng = random.Random(24)
    locked = list(award_round.nominations.filter(reevaluates__isnull=True).order_by("pk").values_list("pk", flat=True))
    reevaluations = award_round.nominations.filter(reevaluates__isnull=False, status="locked")
    passing = set(rng.sample(locked, PASSED_2024)) | set(reevaluations.values_list("pk", flat=True))
    for province in provinces:
        check_province(award_round, province, passing)
    for province in provinces:
        if curation_selectors.in_curation(award_round, province).exists():
            score_province(award_round, province, aware(2024, 7, 1), rng)
            forward_province(award_round, province, aware(2024, 7, 25))
    assess_nationally(admin, award_round, aware(2024, 9, 10), rng)
    decide_2024(admin, award_round)
    for entry in award_round.nominations.filter(reevaluates__isnull=False, status="draft"):
        awards.settle_missing_reevaluation(entry, by=admin)  # the round's rule: the star is kept
    return award_round


def decide_2024(admin, award_round):
    """Decide as recommended by the score bands, but for one award raised and one lowered (with their reasons);
    the last four nominations are left for the admin to decide, and nothing is published."""
    _groups, rows = award_selectors.decision_table(award_round)
    levels = {level.rank: level for level in award_round.award_levels.all()}
    raised = lowered = False
    for row in rows[:-4]:
        level, reason = row.recommended, ("Hasil penilaian nasional evaluasi ulang 2024." if row.earlier else "")
        if not raised and not row.earlier and level is not None and level.rank - 1 in levels:
            level, reason = levels[level.rank - 1], "Potensi ekspor sangat tinggi; contoh produk sangat baik."
            raised = True
        elif not lowered and not row.earlier and level is not None and level.rank + 1 in levels:
            level = levels[level.rank + 1]
            reason = "Kontinuitas produksi belum terbukti; contoh produk kurang konsisten."
            lowered = True
        awards.decide(row, level=level, reason=reason, by=admin)


def build_curation_round(admin, now):
    """2025: scoring is open; the members ".1" have scored, the chairs and ".2" members have work left."""
    award_round = make_round(
        admin,
        "Penghargaan IKM OVOP 2025",
        2025,
        now - timedelta(days=60),
        now - timedelta(days=12),
        now - timedelta(days=7),
        now + timedelta(days=21),
        **DEMO_QUOTAS,
    )
    award_round = nominate_and_lock(
        admin,
        award_round,
        {
            "34.04": ["kain-tenun", "anyaman", "makanan-minuman"],
            "34.02": ["kain-batik", "gerabah"],
            "32.06": ["anyaman", "makanan-minuman"],
            "51.04": ["kerajinan-kayu", "kain-tenun"],
        },
        submit_at=now - timedelta(days=30),
        lock_at=now - timedelta(days=10),
    )
    rng = random.Random(25)
    for code in ("34", "32", "51"):
        province = Province.objects.get(code=code)
        score_province(
            award_round,
            province,
            now - timedelta(days=2),
            rng,
            members=[m for m in team_for(province) if m.username.endswith(".1")],
        )
    return award_round


def build_open_round(admin, now):
    award_round = AwardRound.objects.filter(name=OPEN_ROUND).first()
    if award_round is None:
        award_round = make_round(
            admin,
            OPEN_ROUND,
            2026,
            now - timedelta(days=14),
            now + timedelta(days=30),
            now + timedelta(days=31),
            now + timedelta(days=60),
            **DEMO_QUOTAS,
        )
    if award_round.status == RoundStatus.DRAFT:
        award_round = nominations.open_round_for_nominations(award_round, by=admin)
    for index, (username, nib, business, owner, commodity, product, submit) in enumerate(SAMPLES):
        if Nomination.objects.filter(round=award_round, nib=nib).exists():
            continue
        regency = User.objects.get(username=username).regency
        nominate(
            award_round,
            regency,
            index,
            commodity,
            submit_at=now if submit else None,
            nib=nib,
            business=business,
            product=product,
            owner=owner,
        )
    return award_round


def create_demo(admin):
    """Create whatever part of the demo is missing; returns the rounds, oldest first."""
    now = timezone.now()
    builders = [
        (ROUND_2022, lambda: build_2022(admin)),
        ("Penghargaan IKM OVOP 2024", lambda: build_decision_round(admin, now)),
        ("Penghargaan IKM OVOP 2025", lambda: build_curation_round(admin, now)),
    ]
    for name, build in builders:
        if not AwardRound.objects.filter(name=name).exists():
            build()
    build_open_round(admin, now)
    if not AwardRound.objects.filter(name="Penghargaan IKM OVOP 2027").exists():
        make_round(
            admin,
            "Penghargaan IKM OVOP 2027",
            2027,
            now + timedelta(days=300),
            now + timedelta(days=360),
            now + timedelta(days=365),
            now + timedelta(days=400),
        )
    return list(AwardRound.objects.order_by("year"))
