"""Each notification goes once to the right people, after commit, in their language; never on rollback (the
services of nominations and curation calling notifications/services.py)."""

import pytest
from django.core import mail
from django.db import transaction

from curation import services as curation_services
from curation.models import Shortlist
from nominations import services as nomination_services
from notifications.models import Notification
from tests.curation.conftest import all_scores, curation_round, locked  # noqa: F401 - curation_round: fixture
from tests.factories import MinistryAdminFactory, TeamMemberFactory

pytestmark = pytest.mark.django_db


def recipients(message):
    return sorted(message.to)


def test_submission_notifies_the_regency_officers_and_the_province_team_once(
    nomination, officer, team_member, chair, other_officer, other_province_member, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        nomination_services.submit_nomination(nomination, by=officer)
    assert sorted(address for m in mail.outbox for address in m.to) == sorted(
        [officer.email, team_member.email, chair.email]
    )
    assert all("Nominasi diajukan" in m.subject for m in mail.outbox)
    assert Notification.objects.filter(kind="nomination_submitted").count() == 3


def test_no_email_when_the_transaction_rolls_back(nomination, officer, team_member, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(RuntimeError), transaction.atomic():
        nomination_services.submit_nomination(nomination, by=officer)
        raise RuntimeError("something failed after the submit")
    assert mail.outbox == []
    assert not Notification.objects.exists()
    nomination.refresh_from_db()
    assert nomination.status == "draft"


def test_e_mail_is_in_the_recipients_language(nomination, officer, django_capture_on_commit_callbacks):
    english = TeamMemberFactory(username="english_member", province=officer.regency.province, language="en")
    with django_capture_on_commit_callbacks(execute=True):
        nomination_services.submit_nomination(nomination, by=officer)
    to_english = next(m for m in mail.outbox if m.to == [english.email])
    assert to_english.subject.startswith("Nomination submitted")
    to_officer = next(m for m in mail.outbox if m.to == [officer.email])
    assert to_officer.subject.startswith("Nominasi diajukan")


def test_return_for_revision_notifies_the_officers_with_the_reason(
    nomination, officer, team_member, django_capture_on_commit_callbacks
):
    nomination_services.submit_nomination(nomination, by=officer)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        nomination_services.return_for_revision(nomination, by=team_member, reason="Foto kurang jelas")
    assert [m.to for m in mail.outbox] == [[officer.email]]
    assert "Foto kurang jelas" in mail.outbox[0].body


def test_curation_start_notifies_the_team_and_reminders_reach_members_with_work_left(
    nomination, officer, team_member, chair, admin_user, django_capture_on_commit_callbacks
):
    nomination_services.submit_nomination(nomination, by=officer)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        nomination_services.start_curation(nomination.round, by=admin_user, now=nomination.round.nomination_closes)
    assert sorted(m.to[0] for m in mail.outbox) == sorted([team_member.email, chair.email])
    award_round = nomination.round
    award_round.refresh_from_db()
    curation_services.seed_default_rubric(award_round)
    curation_services.save_sheet(
        nomination, by=chair, values=all_scores(award_round, 4), comment="", submit=True, now=award_round.scoring_opens
    )
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        reminded = curation_services.send_scoring_reminders(award_round, now=award_round.scoring_opens)
    assert reminded == 1 and [m.to for m in mail.outbox] == [[team_member.email]]


def test_forwarding_notifies_the_ministry_admins(curation_round, officer, chair, django_capture_on_commit_callbacks):
    admins = [MinistryAdminFactory(username=f"admin{i}") for i in range(2)]
    first = locked(curation_round, officer.regency, officer)
    curation_services.set_shortlist(curation_round, chair.province, [first], by=chair)
    with django_capture_on_commit_callbacks(execute=True):
        curation_services.forward_shortlist(Shortlist.objects.get(), by=chair, confirm_missing=True)
    assert sorted(m.to[0] for m in mail.outbox) == sorted(a.email for a in admins)
