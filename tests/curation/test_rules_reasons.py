"""The object predicates of curation/rules.py (score, declare a conflict, edit the rubric, shortlist, forward,
reopen): each says why not, the services refuse with that reason, and the pages show it."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from core.exceptions import WorkflowError
from curation import rules, services
from curation.models import Criterion, ScoreSheet, Shortlist
from nominations.models import RoundStatus

from .conftest import all_scores, locked

pytestmark = pytest.mark.django_db


def test_member_of_another_province_may_not_score(locked_nomination, team_member, other_province_member):
    assert rules.may_score(team_member, locked_nomination)
    verdict = rules.may_score(other_province_member, locked_nomination)
    assert not verdict and "Daerah Istimewa Yogyakarta" in verdict.reason


def test_scoring_is_refused_with_an_incomplete_rubric(locked_nomination, team_member, curation_round):
    Criterion.objects.filter(aspect__round=curation_round).first().delete()
    verdict = rules.may_score(team_member, locked_nomination)
    assert not verdict and "belum lengkap" in verdict.reason
    with pytest.raises(WorkflowError, match="belum lengkap"):
        services.save_sheet(locked_nomination, by=team_member, values={}, comment="")


def test_submitted_sheet_is_final_and_the_score_page_says_why(client, locked_nomination, team_member, curation_round):
    services.save_sheet(
        locked_nomination, by=team_member, values=all_scores(curation_round, 4), comment="", submit=True
    )
    sheet = ScoreSheet.objects.get()
    verdict = rules.may_score(team_member, locked_nomination, sheet)
    assert not verdict and "final" in verdict.reason


def test_score_page_shows_the_reason_when_the_rubric_is_incomplete(
    client, locked_nomination, team_member, curation_round
):
    Criterion.objects.filter(aspect__round=curation_round).first().delete()
    client.force_login(team_member)
    page = client.get(reverse("curation:score", args=[locked_nomination.pk])).content.decode()
    assert "belum lengkap" in page and 'name="submit"' not in page


def test_conflict_after_scoring_closes_is_refused(locked_nomination, team_member, curation_round):
    later = curation_round.scoring_closes + timedelta(minutes=1)
    verdict = rules.may_declare_conflict(team_member, locked_nomination, now=later)
    assert not verdict and "sebelum penilaian ditutup" in verdict.reason


def test_conflict_is_refused_after_the_shortlist_was_forwarded(locked_nomination, chair, team_member, curation_round):
    services.save_sheet(locked_nomination, by=chair, values=all_scores(curation_round, 4), comment="", submit=True)
    services.set_shortlist(curation_round, chair.province, [locked_nomination], by=chair)
    services.forward_shortlist(Shortlist.objects.get(), by=chair, confirm_missing=True)
    verdict = rules.may_declare_conflict(team_member, locked_nomination)
    assert not verdict and "meneruskan daftar pendek" in verdict.reason
    with pytest.raises(WorkflowError, match="meneruskan daftar pendek"):
        services.declare_conflict(locked_nomination, by=team_member, reason="Kerabat")


def test_only_the_chair_may_shortlist(curation_round, chair, team_member, diy):
    assert rules.may_shortlist(chair, curation_round, diy)
    verdict = rules.may_shortlist(team_member, curation_round, diy)
    assert not verdict and "ketua" in verdict.reason.lower()


def test_shortlists_close_with_the_round(curation_round, chair, diy, locked_nomination):
    curation_round.status = RoundStatus.CLOSED
    curation_round.save()
    verdict = rules.may_shortlist(chair, curation_round, diy)
    assert not verdict and "ditutup" in verdict.reason
    with pytest.raises(WorkflowError, match="ditutup"):
        services.set_shortlist(curation_round, diy, [locked_nomination], by=chair)


def test_empty_shortlist_cannot_be_forwarded(curation_round, chair, diy):
    shortlist = Shortlist.objects.create(round=curation_round, province=diy)
    verdict = rules.may_forward(chair, shortlist)
    assert not verdict and "Masukkan minimal satu nominasi" in verdict.reason


def test_ranking_page_hides_shortlist_controls_once_the_results_are_published(
    client, curation_round, chair, officer, locked_nomination
):
    services.save_sheet(locked_nomination, by=chair, values=all_scores(curation_round, 4), comment="", submit=True)
    client.force_login(chair)
    url = f"{reverse('curation:ranking')}?round={curation_round.pk}"
    assert "Simpan daftar pendek" in client.get(url).content.decode()
    curation_round.results_published_at = timezone.now()
    curation_round.save()
    assert "Simpan daftar pendek" not in client.get(url).content.decode()


def test_only_an_admin_reopens_and_only_a_forwarded_shortlist(curation_round, chair, admin_user, diy, officer):
    nomination = locked(curation_round, officer.regency, officer)
    services.save_sheet(nomination, by=chair, values=all_scores(curation_round, 4), comment="", submit=True)
    services.set_shortlist(curation_round, diy, [nomination], by=chair)
    shortlist = Shortlist.objects.get()
    verdict = rules.may_reopen_shortlist(admin_user, shortlist)
    assert not verdict and "belum diteruskan" in verdict.reason
    services.forward_shortlist(shortlist, by=chair, confirm_missing=True)
    shortlist.refresh_from_db()
    assert rules.may_reopen_shortlist(admin_user, shortlist)
    assert not rules.may_reopen_shortlist(chair, shortlist)


def test_rubric_is_not_editable_by_a_service_call_once_frozen(
    curation_round, locked_nomination, team_member, admin_user
):
    services.save_sheet(
        locked_nomination, by=team_member, values=all_scores(curation_round, 4), comment="", submit=True
    )
    verdict = rules.may_edit_rubric(admin_user, curation_round)
    assert not verdict and "dibekukan" in verdict.reason
    with pytest.raises(WorkflowError, match="dibekukan"):
        services.check_rubric_editable(curation_round, by=admin_user)


def test_rubric_edit_by_a_team_member_is_refused_by_the_service(curation_round, team_member):
    verdict = rules.may_edit_rubric(team_member, curation_round)
    assert not verdict and "admin kementerian" in verdict.reason
    Criterion.objects.filter(aspect__round=curation_round).delete()
    curation_round.aspects.all().delete()
    with pytest.raises(WorkflowError, match="admin kementerian"):
        services.add_default_rubric(curation_round, by=team_member)
    assert not curation_round.aspects.exists()
