"""Every list, ranking, dashboard and statistics page makes as many SQL queries with 60 rows as with 3.

Two published rounds are built through the services, one with 3 nominations and one with 60; each page is
fetched for each round and the numbers of queries must match (no N+1 anywhere).
"""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from awards import services as awards
from awards.services import seed_default_bands, seed_default_levels
from curation import services as curation
from curation.models import Criterion, Shortlist
from nominations.models import AwardRound, CommodityType, Interest, NominationStatus, RoundStatus
from notifications.models import Notification
from notifications.services import send_outbox
from tests.awards.conftest import national_scores, open_national_assessment
from tests.factories import AwardRoundFactory, NominationFactory, UserFactory

pytestmark = pytest.mark.django_db


def decided_round(size, officer, other_officer, chair, team_member, admin_user, year):
    """A round whose shortlist is forwarded and decided, not yet published."""
    now = timezone.now()
    award_round = AwardRoundFactory(
        year=year,
        status=RoundStatus.CURATION,
        nomination_opens=now - timedelta(days=30),
        nomination_closes=now - timedelta(days=20),
        scoring_opens=now - timedelta(days=19),
        scoring_closes=now + timedelta(days=5),
        province_shortlist_quota=size,
        cohort_size=size,
    )
    curation.seed_default_rubric(award_round)
    seed_default_levels(award_round)
    criteria = list(Criterion.objects.filter(aspect__round=award_round))
    nominations = []
    for index in range(size):
        by = officer if index % 2 == 0 else other_officer
        nomination = NominationFactory(
            round=award_round,
            regency=by.regency,
            created_by=by,
            status=NominationStatus.LOCKED,
            with_photo=True,
            submitted_at=now - timedelta(days=25),
            business_name=f"IKM {year} {index:02d}",
        )
        for member, value in ((chair, 2 + index % 4), (team_member, 1 + index % 5)):
            curation.save_sheet(
                nomination, by=member, values={c.pk: (value, "") for c in criteria}, comment="", submit=True, now=now
            )
        nominations.append(nomination)
        Interest.objects.create(
            nib=f"{year}{index:09d}",
            business_name=f"Minat {year} {index:02d}",
            product_name="Guci",
            commodity=nomination.commodity,
            regency=by.regency,
            contact_name="Sri",
            email="sri@example.id",
        )
    curation.set_shortlist(award_round, chair.province, nominations, by=chair)
    curation.forward_shortlist(Shortlist.objects.get(round=award_round), by=chair, confirm_missing=True)
    award_round.scoring_closes = now - timedelta(minutes=1)
    award_round.save()
    top = award_round.award_levels.get(rank=1)
    for nomination in nominations:
        awards.decide(nomination, level=top, reason="Baik", by=admin_user)
    return award_round, Shortlist.objects.get(round=award_round)


IN_THE_OUTBOX = {
    # measured after publishing, while each published nomination's result e-mail waits for review
    "outbox of result e-mails": ("admin_user", lambda r, s: reverse("notifications:outbox")),
}


def send_and_promote(award_round, admin_user):
    send_outbox()
    for nomination in awards.forwarded_nominations(award_round):
        awards.promote(nomination, by=admin_user)


BEFORE_PUBLISHING = {
    "decisions with a form per row": ("admin_user", lambda r, s: reverse("awards:decisions", args=[r.pk])),
}
PAGES = {
    # name: (visitor, url builder from (round, shortlist))
    "officer nomination list": ("officer", lambda r, s: reverse("nominations:list") + f"?round={r.pk}"),
    "admin nomination list": ("admin_user", lambda r, s: reverse("nominations:list") + f"?round={r.pk}"),
    "team nomination list": ("team_member", lambda r, s: reverse("nominations:list") + f"?round={r.pk}"),
    "officer notifications": ("officer", lambda r, s: reverse("notifications:inbox")),
    "team worklist": ("team_member", lambda r, s: reverse("curation:worklist")),
    "team ranking": ("team_member", lambda r, s: reverse("curation:ranking") + f"?round={r.pk}"),
    "chair ranking": ("chair", lambda r, s: reverse("curation:ranking") + f"?round={r.pk}"),
    "calibration": ("chair", lambda r, s: reverse("curation:calibration") + f"?round={r.pk}"),
    "selection minutes": ("chair", lambda r, s: reverse("curation:minutes", args=[s.pk])),
    "national ranking": ("admin_user", lambda r, s: reverse("curation:national") + f"?round={r.pk}"),
    "decisions": ("admin_user", lambda r, s: reverse("awards:decisions", args=[r.pk])),
    "cohort": ("admin_user", lambda r, s: reverse("awards:cohort", args=[r.pk])),
    "go global selection": ("admin_user", lambda r, s: reverse("curation:go_global", args=[r.pk])),
    "officer cohort": ("officer", lambda r, s: reverse("awards:cohort", args=[r.pk])),
    "national overview": ("admin_user", lambda r, s: reverse("nominations:overview")),
    "round list": ("admin_user", lambda r, s: reverse("nominations:round_list")),
    "statistics (admin)": ("admin_user", lambda r, s: reverse("reports:statistics") + f"?round={r.pk}"),
    "statistics (team)": ("team_member", lambda r, s: reverse("reports:statistics") + f"?round={r.pk}"),
    "statistics (officer)": ("officer", lambda r, s: reverse("reports:statistics") + f"?round={r.pk}"),
    "audit trail": ("admin_user", lambda r, s: reverse("audit:list")),
    "star register": ("admin_user", lambda r, s: reverse("awards:register")),
    "showcase": (None, lambda r, s: reverse("showcase")),
    "commodity list": ("admin_user", lambda r, s: reverse("nominations:commodity_list")),
    "officer interests": ("officer", lambda r, s: reverse("nominations:interests")),
    "admin interests": ("admin_user", lambda r, s: reverse("nominations:interests")),
    "product samples": ("admin_user", lambda r, s: reverse("nominations:samples") + f"?round={r.pk}"),
}


def count_queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(queries)


def measure(client, request, pages, objects, counts):
    for name, (visitor, url) in pages.items():
        client.logout()
        if visitor:
            client.force_login(request.getfixturevalue(visitor))
        counts.setdefault(name, []).append(count_queries(client, url(*objects)))


def test_query_count_does_not_grow_with_rows(client, request, officer, other_officer, chair, team_member, admin_user):
    people = (officer, other_officer, chair, team_member, admin_user)
    counts = {}
    for size, year in ((3, 2051), (60, 2052)):
        objects = decided_round(size, *people, year=year)
        measure(client, request, BEFORE_PUBLISHING, objects, counts)
        awards.publish_results(objects[0], by=admin_user)
        assert Notification.objects.filter(status=Notification.Status.OUTBOX).count() >= size
        measure(client, request, IN_THE_OUTBOX, objects, counts)
        send_and_promote(objects[0], admin_user)
        measure(client, request, PAGES, objects, counts)
    growing = {name: pair for name, pair in counts.items() if pair[0] != pair[1]}
    assert growing == {}, f"pages whose queries grow with rows (3 rows, 60 rows): {growing}"


def national_decided_round(size, officer, chair, admin_user, assessor, year):
    """A round with a national assessment: `size` forwarded nominations of two commodity types, scored by the
    province and nationally, half of them decided (one in three differing from its recommendation)."""
    now = timezone.now()
    award_round = AwardRoundFactory(
        year=year,
        status=RoundStatus.CURATION,
        nomination_opens=now - timedelta(days=30),
        nomination_closes=now - timedelta(days=20),
        scoring_opens=now - timedelta(days=19),
        scoring_closes=now + timedelta(days=5),
        province_shortlist_quota=size,
    )
    curation.seed_default_rubric(award_round)
    seed_default_levels(award_round)
    seed_default_bands(award_round)
    commodities = list(CommodityType.objects.filter(code__in=["kain-tenun", "kain-batik"]))
    criteria = list(Criterion.objects.filter(aspect__round=award_round))
    nominations = []
    for index in range(size):
        nomination = NominationFactory(
            round=award_round,
            regency=officer.regency,
            created_by=officer,
            status=NominationStatus.LOCKED,
            commodity=commodities[index % 2],
            business_name=f"IKM {year} {index:02d}",
        )
        curation.save_sheet(
            nomination, by=chair, values={c.pk: (1 + index % 5, "") for c in criteria}, comment="", submit=True
        )
        nominations.append(nomination)
    curation.set_shortlist(award_round, chair.province, nominations, by=chair)
    curation.forward_shortlist(Shortlist.objects.get(round=award_round), by=chair, confirm_missing=True)
    open_national_assessment(award_round)
    curation.assign_assessor(award_round, assessor, commodities, by=admin_user)
    for index, nomination in enumerate(nominations):
        curation.save_sheet(
            nomination, by=assessor, values=national_scores(award_round, 1 + (index * 3) % 5), comment="", submit=True
        )
    top = award_round.award_levels.get(rank=1)
    for index, nomination in enumerate(nominations[: size // 2 + 1]):
        awards.decide(nomination, level=top if index % 3 == 0 else None, reason="Alasan", by=admin_user)
    return AwardRound.objects.get(pk=award_round.pk)


NATIONAL_PAGES = {
    "decisions of a national round": lambda r: reverse("awards:decisions", args=[r.pk]),
    "score bands": lambda r: reverse("awards:bands", args=[r.pk]),
    "national minutes": lambda r: reverse("awards:minutes", args=[r.pk]),
    "national minutes (PDF)": lambda r: reverse("awards:minutes_pdf", args=[r.pk]),
}


def test_national_decision_pages_make_as_many_queries_with_many_rows(client, officer, chair, admin_user):
    assessor = UserFactory(username="assessor", role=User.Role.ASSESSOR, organisation="GAPMMI")
    client.force_login(admin_user)
    counts = {}
    for size, year in ((3, 2061), (20, 2062)):
        award_round = national_decided_round(size, officer, chair, admin_user, assessor, year)
        assert award_round.national_assessment
        for name, url in NATIONAL_PAGES.items():
            counts.setdefault(name, []).append(count_queries(client, url(award_round)))
    growing = {name: pair for name, pair in counts.items() if pair[0] != pair[1]}
    assert growing == {}, f"pages whose queries grow with rows (3 rows, 20 rows): {growing}"


def assessed_round(size, assessors, officer, other_officer, chair, admin_user, year):
    """A round in its national assessment: `size` nominations of DI Yogyakarta scored by the chair and forwarded,
    spread over three commodity types; `assessors` named over those types (the first for woven fabric only) and
    having assessed what they were given, but for the first assessor's last nomination."""
    from curation.models import Stage
    from nominations.models import CommodityType
    from tests.curation.conftest import make_national_round, score_in_province, stage_scores
    from tests.factories import AssessorFactory

    award_round = make_national_round(year=year)
    award_round.province_shortlist_quota = size
    award_round.save()
    types = list(CommodityType.objects.filter(code__in=["kain-tenun", "kain-batik", "gerabah"]).order_by("code"))
    nominations = []
    for index in range(size):
        by = officer if index % 2 == 0 else other_officer
        nomination = NominationFactory(
            round=award_round,
            regency=by.regency,
            created_by=by,
            status=NominationStatus.LOCKED,
            with_photo=True,
            business_name=f"IKM {year} {index:02d}",
            commodity=types[index % len(types)],
        )
        score_in_province(nomination, chair, 1 + index % 5)
        nominations.append(nomination)
    curation.set_shortlist(award_round, chair.province, nominations, by=chair)
    curation.forward_shortlist(Shortlist.objects.get(round=award_round), by=chair, confirm_missing=True)
    tenun = next(t for t in types if t.code == "kain-tenun")
    people = [AssessorFactory(username=f"assessor{year}-{i}") for i in range(assessors)]
    for i, person in enumerate(people):
        curation.assign_assessor(award_round, person, [tenun] if i == 0 else types[i % 3 :] or types, by=admin_user)
    for i, person in enumerate(people):
        assigned = set(person.assignments.values_list("commodity", flat=True))
        mine = [n for n in nominations if n.commodity_id in assigned]
        for number, nomination in enumerate(mine):
            if i == 0 and number == len(mine) - 1:
                break
            curation.save_sheet(
                nomination,
                by=person,
                values=stage_scores(award_round, 1 + (number + i) % 5, Stage.NATIONAL),
                comment="",
                submit=True,
            )
    first_assessed = next(n for n in nominations if n.commodity == tenun)
    return award_round, people[0], first_assessed


def test_national_assessment_query_counts_do_not_grow(client, officer, other_officer, chair, admin_user):
    """The admin's assessment page and the assessor's worklist, score page and nomination list, for 6 nominations
    and two assessors, then 60 nominations and five assessors, over three commodity types."""
    counts = {}
    for size, assessors, year in ((6, 2, 2061), (60, 5, 2062)):
        award_round, assessor, assessed = assessed_round(
            size, assessors, officer, other_officer, chair, admin_user, year
        )
        pages = {
            "assessment page": (admin_user, reverse("curation:assessment", args=[award_round.pk])),
            "assessor worklist": (assessor, reverse("curation:worklist")),
            "assessor score page": (assessor, reverse("curation:score", args=[assessed.pk])),
            "assessor nomination list": (assessor, reverse("nominations:list")),
        }
        for name, (visitor, url) in pages.items():
            client.force_login(visitor)
            counts.setdefault(name, []).append(count_queries(client, url))
    growing = {name: pair for name, pair in counts.items() if pair[0] != pair[1]}
    assert growing == {}, f"pages whose queries grow (6 nominations, 60 nominations): {growing}"


def add_accounts(size, admin_user, award_round):
    """`size` officers (some invited, some deactivated), team members and assessors with assignments."""
    from accounts import services as account_services
    from accounts.models import Province, Regency
    from curation.models import Assignment
    from tests.factories import AssessorFactory, OfficerFactory, TeamMemberFactory

    regencies = list(Regency.objects.order_by("code")[: size * 2 : 2])
    provinces = list(Province.objects.order_by("code")[:size])
    commodities = list(award_round.commodity_types.all())
    for index in range(size):
        officer = OfficerFactory(username=f"petugas{size}-{index}", regency=regencies[index])
        if index % 3 == 1:
            account_services.deactivate_user(officer, by=admin_user)
        account_services.invite_user(
            User(email=f"undangan{size}-{index}@example.test", role=User.Role.OFFICER, regency=regencies[index]),
            by=admin_user,
        )
        TeamMemberFactory(
            username=f"tim{size}-{index}",
            province=provinces[index % len(provinces)],
            is_team_chair=size == 3,
        )
        assessor = AssessorFactory(username=f"penilai{size}-{index}", organisation=f"Asosiasi {index}")
        Assignment.objects.create(
            round=award_round,
            assessor=assessor,
            commodity=commodities[index % len(commodities)],
            assigned_by=admin_user,
        )


def test_users_pages_make_as_many_queries_with_many_accounts(client, admin_user):
    award_round = AwardRoundFactory()
    award_round.commodity_types.set(CommodityType.objects.all())
    pages = {
        "users list": reverse("accounts:user_list"),
        "users list filtered": reverse("accounts:user_list") + "?role=officer&state=pending&province=11",
        "user page": reverse("accounts:user_detail", args=[admin_user.pk]),
        "coverage": reverse("accounts:user_coverage"),
        "coverage of a province": reverse("accounts:user_coverage") + "?province=11",
    }
    client.force_login(admin_user)
    counts = {}
    for size in (3, 30):
        add_accounts(size, admin_user, award_round)
        for name, url in pages.items():
            counts.setdefault(name, []).append(count_queries(client, url))
    growing = {name: pair for name, pair in counts.items() if pair[0] != pair[1]}
    assert growing == {}, f"pages whose queries grow (3 and 33 accounts of each kind): {growing}"
