"""The demo command: every phase, the 2022- and 2024-shaped rounds, idempotent, refuses production."""

import io

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from awards import demo
from awards.models import Decision
from awards.selectors import reevaluations
from curation.models import Assignment, ScoreSheet, Stage, national_nominations
from curation.selectors import go_global_ranking
from nominations.models import AwardRound, Nomination

pytestmark = pytest.mark.django_db


def test_demo_builds_every_phase_once_and_the_2022_and_2024_statistics_match(client):
    call_command("demo_data", "--force", stdout=io.StringIO())
    counts = (User.objects.count(), Nomination.objects.count(), AwardRound.objects.count())
    call_command("demo_data", "--force", stdout=io.StringIO())
    assert (User.objects.count(), Nomination.objects.count(), AwardRound.objects.count()) == counts
    assert User.objects.filter(role=User.Role.MINISTRY_ADMIN).count() == 1
    assert User.objects.get(username="officer.sleman").regency.code == "34.04"
    curation_year, taking_year, draft_year = demo.live_years(timezone.now())
    phases = [(r.year, r.phase) for r in AwardRound.objects.order_by("nomination_opens")]
    assert phases == [
        (2022, "closed"),
        (2024, "decision"),
        (curation_year, "curation"),
        (taking_year, "nominations_open"),
        (draft_year, "draft"),
    ]
    taking = AwardRound.objects.get(status="nomination")
    assert taking.nominations.count() == len(demo.SAMPLES)
    for award_round in AwardRound.objects.all():  # each named after its year, its nominations closing in it
        assert award_round.name.startswith(f"Penghargaan IKM OVOP {award_round.year}")
        assert award_round.nomination_closes.year == award_round.year

    client.force_login(User.objects.get(username="admin"))
    round_2022 = AwardRound.objects.get(year=2022)
    response = client.get(reverse("reports:statistics"), {"round": round_2022.pk})
    assert response.context["total"] == 77 and response.context["provinces"] == 19 and response.context["cohort"] == 10
    by_commodity = {row["commodity__name_id"]: row["n"] for row in response.context["by_commodity"]}
    assert by_commodity == {"Makanan dan minuman": 21, "Kain tenun": 21, "Kain batik": 12, "Anyaman": 17, "Gerabah": 6}
    html = response.content.decode()
    assert 'id="stat-total">77<' in html and 'id="stat-provinces">19<' in html and 'id="stat-cohort">10<' in html
    assert "<svg" in html and '<td>Kain tenun</td><td class="text-end">21</td>' in html
    assert response.context["go_global_candidates"] == 37 and "dari 37 kandidat" in html

    # The 2022 cohort was chosen by the expert panel: the top ten of the Go Global ranking of the Bintang 3 and 2
    # holders, each scored by the panel of three; the selection is closed.
    panel = Assignment.objects.filter(round=round_2022, stage=Stage.GO_GLOBAL)
    assert panel.count() == 3 and round_2022.go_global_closed_at is not None
    ranking = go_global_ranking(round_2022)
    assert len(ranking) == 37 and all(row.sheet_count == 3 for row in ranking)
    assert [row.in_cohort for row in ranking] == [True] * 10 + [False] * 27

    round_2024 = AwardRound.objects.get(year=2024)
    response = client.get(reverse("reports:statistics"), {"round": round_2024.pk})
    assert response.context["total"] == 159 and response.context["provinces"] == 22
    selection = response.context["selection"]
    assert (selection["n"], selection["passed"], selection["failed"]) == (159, 89, 70)
    assert "159 nominasi masuk, 89 lolos, 70 tidak lolos." in response.content.decode()

    # The 2024 round on its 2024 dates, assessed nationally by two or more assessors per commodity type, decided as
    # the score bands recommend but for one raised and one lowered (with reasons), four left to decide.
    assert round_2024.nomination_opens.year == round_2024.national_closes.year == 2024
    forwarded = national_nominations(round_2024)
    assessed_types = set(forwarded.values_list("commodity__code", flat=True))
    for code in assessed_types:
        assert Assignment.objects.filter(round=round_2024, commodity__code=code).count() >= 2, code
    for nomination in forwarded:
        sheets = ScoreSheet.objects.filter(nomination=nomination, stage=Stage.NATIONAL)
        assert sheets.filter(status="submitted").count() >= 1 and sheets.count() >= 2, nomination
    assert ScoreSheet.objects.filter(nomination__round=round_2024, stage=Stage.NATIONAL, status="conflict").count() == 1
    decisions = Decision.objects.filter(nomination__in=forwarded)
    assert decisions.count() == forwarded.count() - 4
    differing = [d for d in decisions if d.level_id != d.recommended_level_id]
    assert len(differing) == 2 and all(d.reason for d in differing)

    # The 77 holders of 2022 re-evaluated in 2024, outside the regencies' quotas and the 159: every 25th not
    # submitted (kept by the round's rule), the others assessed nationally without the provincial ranking and
    # decided: some raised, some kept, some lowered.
    entries = reevaluations(round_2024)
    assert len(entries) == 77 and sum(1 for e in entries if e.status == "draft") == 3
    assert all(e.result is not None for e in entries if e.status == "draft")
    outcomes = {e.outcome for e in entries if e.outcome}
    assert {"raised", "kept", "lowered"} <= outcomes, outcomes
    assert all(e.result is None or e.result.reason for e in entries)
    assert not round_2024.results_published
    response = client.get(reverse("awards:decisions", args=[round_2024.pk]))
    assert response.status_code == 200 and "Berbeda dari rekomendasi" in response.content.decode()


def test_demo_data_refuses_without_debug(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="DEBUG is off"):
        call_command("demo_data")
    assert not User.objects.exists()
