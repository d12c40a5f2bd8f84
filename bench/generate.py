"""Fill the benchmark database: N nominations over R rounds across all 514 regencies, one photo's metadata
each, three team score sheets each. Run by bench/run.py with DATABASE_URL set; uses bulk inserts."""

import os
import random
import sys
from datetime import timedelta
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ovop_portal.settings")
import django  # noqa: E402

django.setup()

from django.contrib.auth.hashers import make_password  # noqa: E402
from django.utils import timezone  # noqa: E402

from accounts.models import Province, Regency, User  # noqa: E402
from awards.services import seed_default_levels  # noqa: E402
from curation.models import ScoreSheet, Shortlist  # noqa: E402
from curation.services import seed_default_rubric  # noqa: E402
from nominations.models import AwardRound, CommodityType, Nomination, NominationPhoto  # noqa: E402

PASSWORD = "bench-password-123"
BATCH = 5000


def main(total, rounds):
    rng = random.Random(8)
    hashed = make_password(PASSWORD)
    regencies = list(Regency.objects.order_by("code"))
    provinces = list(Province.objects.order_by("code"))
    commodities = list(CommodityType.objects.all())
    User.objects.bulk_create(
        [
            User(
                username=f"officer.{r.code}", password=hashed, role="officer", regency=r, email=f"o{r.code}@bench.test"
            )
            for r in regencies
        ]
    )
    User.objects.bulk_create(
        [
            User(
                username=f"team.{p.code}.{i}",
                password=hashed,
                role="team_member",
                province=p,
                is_team_chair=i == 1,
                email=f"t{p.code}{i}@bench.test",
            )
            for p in provinces
            for i in (1, 2, 3)
        ]
    )
    User.objects.create(username="bench.admin", password=hashed, role="ministry_admin", is_staff=True)
    teams = {}
    for member in User.objects.filter(role="team_member"):
        teams.setdefault(member.province_id, []).append(member)
    officers = {u.regency_id: u for u in User.objects.filter(role="officer")}
    now = timezone.now()
    per_round = total // rounds
    for number in range(rounds):
        year = 2031 + number
        last = number == rounds - 1
        award_round = AwardRound.objects.create(
            name=f"Penghargaan IKM OVOP {year}",
            year=year,
            status="curation" if last else "closed",
            nomination_opens=now - timedelta(days=400 * (rounds - number) + 60),
            nomination_closes=now - timedelta(days=400 * (rounds - number) + 30),
            scoring_opens=now - timedelta(days=400 * (rounds - number) + 29),
            scoring_closes=now + timedelta(days=10) if last else now - timedelta(days=400 * (rounds - number)),
            decision_date=(now + timedelta(days=30)).date(),
            province_shortlist_quota=10,
            results_published_at=None if last else now - timedelta(days=300 * (rounds - number)),
        )
        award_round.commodity_types.set(commodities)
        seed_default_rubric(award_round)
        seed_default_levels(award_round)
        for start in range(0, per_round, BATCH):
            batch = []
            for index in range(start, min(start + BATCH, per_round)):
                regency = regencies[(index + number) % len(regencies)]
                batch.append(
                    Nomination(
                        round=award_round,
                        regency=regency,
                        status="locked",
                        created_by=officers[regency.code],
                        submitted_at=now,
                        nib=f"{year % 100:02d}{index:011d}",
                        business_name=f"IKM {year}-{index}",
                        owner_name="Pemilik",
                        legal_form="cv",
                        address="Alamat",
                        year_founded=2000 + index % 20,
                        workforce_women=index % 30,
                        workforce_men=index % 10,
                        production_capacity=Decimal(1000 + index % 500),
                        capacity_unit="pcs",
                        yearly_turnover=100_000_000 + index * 1000,
                        marketing_reach="national",
                        phone="0800",
                        product_name=f"Produk {index}",
                        commodity=commodities[index % len(commodities)],
                        product_description="Deskripsi.",
                        raw_materials="Bahan lokal.",
                        local_wisdom="Kearifan lokal.",
                        uniqueness="Unik.",
                        price_min=10_000,
                        price_max=500_000,
                    )
                )
            created = Nomination.objects.bulk_create(batch)
            NominationPhoto.objects.bulk_create(
                [
                    NominationPhoto(
                        nomination=n,
                        image="bench/placeholder.jpg",
                        width=640,
                        height=480,
                        original_name="produk.jpg",
                        size=48_000,
                    )
                    for n in created
                ]
            )
            sheets = []
            for nomination in created:
                for member in teams[nomination.regency.province_id]:
                    sheets.append(
                        ScoreSheet(
                            nomination=nomination,
                            member=member,
                            status="submitted",
                            total=Decimal(rng.randint(2000, 10000)) / 100,
                            submitted_at=now,
                        )
                    )
            ScoreSheet.objects.bulk_create(sheets, batch_size=BATCH)
        if last:  # each province forwards its top 10 of the round in curation
            for province in provinces:
                top = Nomination.objects.filter(round=award_round, regency__province=province).order_by("pk")[:10]
                shortlist = Shortlist.objects.create(round=award_round, province=province, forwarded_at=now)
                shortlist.nominations.set(top)
        print(f"round {year}: {per_round} nominations", flush=True)


if __name__ == "__main__":
    main(int(sys.argv[1]), int(sys.argv[2]))
