"""Forwarded means final: forwarding freezes the province's sheets, needs confirmation when sheets are missing,
and only a ministry admin's reopening (with a reason, audited) unfreezes them."""

import pytest
from django.urls import reverse

from audit.models import AuditRecord
from core.exceptions import WorkflowError
from curation import selectors, services
from curation.models import ScoreSheet, Shortlist
from tests.curation.conftest import all_scores

pytestmark = pytest.mark.django_db


def test_forwarding_with_missing_sheets_needs_confirmation_listing_them(
    client, shortlisted, chair, team_member, curation_round
):
    first, second = shortlisted
    client.force_login(chair)
    response = client.post(f"{reverse('curation:shortlist_forward')}?round={curation_round.pk}")
    html = response.content.decode()
    assert response.status_code == 200 and str(team_member) in html and "Tenun Pertama" in html
    assert not Shortlist.objects.get().is_forwarded
    response = client.post(
        f"{reverse('curation:shortlist_forward')}?round={curation_round.pk}", {"confirm_missing": "1"}
    )
    assert response.status_code == 302 and Shortlist.objects.get().is_forwarded
    record = AuditRecord.objects.get(action="shortlist.forwarded")
    assert record.after["missing_sheets"] == 1 and record.after["sheets"] == {str(first.pk): 1, str(second.pk): 2}


def test_forwarding_freezes_sheets_and_conflicts_of_the_province(
    client, shortlisted, chair, team_member, curation_round, diy
):
    first, second = shortlisted
    services.forward_shortlist(Shortlist.objects.get(), by=chair, confirm_missing=True)
    before = [
        (row.pk, row.mean, row.sheet_count) for row in selectors.ranking(selectors.in_curation(curation_round, diy))
    ]
    with pytest.raises(WorkflowError, match="final"):
        services.save_sheet(first, by=team_member, values=all_scores(curation_round, 5), comment="", submit=True)
    with pytest.raises(WorkflowError, match="final"):
        services.save_sheet(second, by=team_member, values=all_scores(curation_round, 5), comment="", submit=True)
    with pytest.raises(WorkflowError, match="final"):
        services.declare_conflict(first, by=team_member, reason="Kerabat")
    client.force_login(team_member)
    response = client.post(
        reverse("curation:score", args=[first.pk]),
        {f"score_{pk}": 5 for pk in all_scores(curation_round, 5)} | {"submit": "1"},
        follow=True,
    )
    assert "final" in response.content.decode() or "akhir" in response.content.decode()
    assert not ScoreSheet.objects.filter(nomination=first, member=team_member).exclude(status="draft").exists()
    after = [
        (row.pk, row.mean, row.sheet_count) for row in selectors.ranking(selectors.in_curation(curation_round, diy))
    ]
    assert after == before


def test_reopening_needs_a_reason_is_audited_and_unfreezes(
    client, shortlisted, chair, team_member, admin_user, curation_round
):
    first, second = shortlisted
    shortlist = services.forward_shortlist(Shortlist.objects.get(), by=chair, confirm_missing=True)
    with pytest.raises(WorkflowError):
        services.reopen_shortlist(shortlist, by=admin_user, reason="  ")
    client.force_login(admin_user)
    response = client.post(reverse("curation:shortlist_reopen", args=[shortlist.pk]), {"reason": ""})
    assert response.status_code == 200 and Shortlist.objects.get().is_forwarded
    client.post(reverse("curation:shortlist_reopen", args=[shortlist.pk]), {"reason": "Satu anggota belum menilai"})
    assert not Shortlist.objects.get().is_forwarded
    assert AuditRecord.objects.get(action="shortlist.reopened").reason == "Satu anggota belum menilai"
    services.save_sheet(first, by=team_member, values=all_scores(curation_round, 3), comment="", submit=True)


def test_a_zero_width_reason_does_not_reopen(shortlisted, chair, admin_user):
    """The second review reopened a forwarded shortlist with a reason of one zero-width space."""
    shortlist = services.forward_shortlist(Shortlist.objects.get(), by=chair, confirm_missing=True)
    with pytest.raises(WorkflowError):
        services.reopen_shortlist(shortlist, by=admin_user, reason="\u200b")
    assert Shortlist.objects.get().is_forwarded


def test_forwarded_minutes_keep_the_team_that_forwarded(client, shortlisted, chair, team_member, diy, jabar):
    """The second review added and moved team members afterwards (in /admin/): the forwarded minutes changed."""
    from curation.minutes import minutes_context
    from tests.factories import TeamMemberFactory

    shortlist = services.forward_shortlist(Shortlist.objects.get(), by=chair, confirm_missing=True)

    def signing(shortlist):
        return [member.pk for row in minutes_context(shortlist)["signature_rows"] for member in row]

    before = signing(shortlist)
    TeamMemberFactory(username="joined_later", province=diy)
    team_member.province = jabar
    team_member.save()
    shortlist = Shortlist.objects.get()
    assert signing(shortlist) == before == [chair.pk, team_member.pk]
