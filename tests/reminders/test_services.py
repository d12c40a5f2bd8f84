"""Scheduled reminders (reminders/services.py, `manage.py send_reminders`): each goes once at 7, 3 and 1 days (or
3 and 1) before its deadline, not before, not after, only to who still has something to do, in their language;
running the job again, or late, sends nothing more."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from django.core.management import call_command
from freezegun import freeze_time

from curation.services import seed_default_rubric
from nominations.models import NominationStatus
from nominations.models.round import RoundStatus
from notifications.models import Notification
from reminders.models import Reminder
from reminders.services import due_days, send_due_reminders
from tests.factories import (
    AwardRoundFactory,
    NominationFactory,
    OfficerFactory,
    ProductSampleFactory,
    ShortlistFactory,
    TeamMemberFactory,
)

pytestmark = pytest.mark.django_db

JAKARTA = ZoneInfo("Asia/Jakarta")
CLOSES = datetime(2031, 3, 20, 17, 0, tzinfo=JAKARTA)


def sent(kind):
    return list(Notification.objects.filter(kind=kind).order_by("pk").values_list("recipient__username", flat=True))


def run_at(moment):
    with freeze_time(moment):
        return send_due_reminders()


def test_the_due_reminder_is_the_most_urgent_whose_time_has_come():
    days = (7, 3, 1)
    assert due_days(CLOSES, CLOSES - timedelta(days=7, seconds=1), days) is None
    assert due_days(CLOSES, CLOSES - timedelta(days=7), days) == 7
    assert due_days(CLOSES, CLOSES - timedelta(days=3, seconds=1), days) == 7
    assert due_days(CLOSES, CLOSES - timedelta(days=2), days) == 3
    assert due_days(CLOSES, CLOSES - timedelta(minutes=1), days) == 1
    assert due_days(CLOSES, CLOSES, days) is None
    assert due_days(None, CLOSES, days) is None


@pytest.fixture
def nomination_round(db):
    return AwardRoundFactory(
        nomination_opens=CLOSES - timedelta(days=30),
        nomination_closes=CLOSES,
        scoring_opens=CLOSES + timedelta(days=5),
        scoring_closes=CLOSES + timedelta(days=20),
        decision_date=(CLOSES + timedelta(days=30)).date(),
    )


def test_officers_with_drafts_are_reminded_once_at_7_3_and_1_days_and_not_before_or_after(
    nomination_round, officer, other_officer
):
    NominationFactory(round=nomination_round, regency=officer.regency, created_by=officer)
    NominationFactory(
        round=nomination_round, regency=other_officer.regency, created_by=other_officer, status="submitted"
    )
    assert run_at(CLOSES - timedelta(days=8)) == 0
    assert run_at(CLOSES - timedelta(days=6, hours=23)) == 1
    assert run_at(CLOSES - timedelta(days=6)) == 0  # every 10 minutes, or the next day: nothing more
    assert run_at(CLOSES - timedelta(days=2, hours=12)) == 1
    assert run_at(CLOSES - timedelta(days=2, hours=12)) == 0  # the same job twice
    assert run_at(CLOSES - timedelta(hours=12)) == 1
    assert run_at(CLOSES + timedelta(hours=1)) == 0  # nominations closed
    assert sent("drafts_reminder") == ["officer"] * 3  # not the officer whose nomination is submitted
    assert sorted(Reminder.objects.values_list("days_before", flat=True)) == [1, 3, 7]


def test_a_reminder_whose_time_passed_unsent_is_not_sent_late(nomination_round, officer):
    NominationFactory(round=nomination_round, regency=officer.regency, created_by=officer)
    assert run_at(CLOSES - timedelta(days=2)) == 1  # the job did not run in the 7-day window
    assert list(Reminder.objects.values_list("days_before", flat=True)) == [3]


def test_the_reminder_is_e_mailed_after_commit_with_its_link(
    nomination_round, officer, django_capture_on_commit_callbacks
):
    officer.language = "en"
    officer.save()
    NominationFactory(round=nomination_round, regency=officer.regency, created_by=officer)
    NominationFactory(round=nomination_round, regency=officer.regency, created_by=officer, status="returned")
    with django_capture_on_commit_callbacks(execute=True):
        assert run_at(CLOSES - timedelta(days=1)) == 1
    (message,) = mail.outbox
    assert message.to == [officer.email] and message.subject == "Reminder: 2 nominations not yet submitted"
    assert str(nomination_round) in message.body and message.body.rstrip().endswith("/nominations/")


@pytest.fixture
def scoring_round(db):
    award_round = AwardRoundFactory(
        status=RoundStatus.CURATION,
        nomination_opens=CLOSES - timedelta(days=60),
        nomination_closes=CLOSES - timedelta(days=30),
        scoring_opens=CLOSES - timedelta(days=20),
        scoring_closes=CLOSES,
        decision_date=(CLOSES + timedelta(days=10)).date(),
    )
    seed_default_rubric(award_round)
    return award_round


def test_team_members_with_sheets_left_are_reminded_3_and_1_days_before_scoring_closes_in_their_language(
    scoring_round, officer, team_member, other_province_member
):
    TeamMemberFactory(username="english_member", province=team_member.province, language="en")
    NominationFactory(round=scoring_round, regency=officer.regency, created_by=officer, status=NominationStatus.LOCKED)
    assert run_at(CLOSES - timedelta(days=4)) == 0
    run_at(CLOSES - timedelta(days=3))
    run_at(CLOSES - timedelta(days=3))
    run_at(CLOSES - timedelta(hours=2))
    run_at(CLOSES + timedelta(minutes=1))
    # not the member of another province
    assert sent("scoring_reminder") == ["team_member", "english_member", "team_member", "english_member"]
    subjects = {n.recipient.username: n.subject for n in Notification.objects.filter(kind="scoring_reminder")}
    assert subjects == {
        "team_member": "Pengingat: 1 nominasi belum dinilai",
        "english_member": "Reminder: 1 nominations still to score",
    }


def test_a_chair_whose_shortlist_is_not_forwarded_is_reminded_before_the_decision_date(
    scoring_round, officer, chair, team_member, jabar
):
    NominationFactory(round=scoring_round, regency=officer.regency, created_by=officer, status=NominationStatus.LOCKED)
    other_chair = TeamMemberFactory(username="jabar_chair", province=jabar, is_team_chair=True)
    west_java = OfficerFactory(username="jabar_officer", regency=jabar.regencies.first())
    NominationFactory(
        round=scoring_round, regency=west_java.regency, created_by=west_java, status=NominationStatus.LOCKED
    )
    ShortlistFactory(round=scoring_round, province=jabar, forwarded_at=CLOSES, forwarded_by=other_chair)
    deadline = datetime.combine(scoring_round.decision_date, datetime.min.time(), tzinfo=JAKARTA)
    run_at(deadline - timedelta(days=4))
    run_at(deadline - timedelta(days=2))
    run_at(deadline - timedelta(hours=20))
    assert sent("shortlist_reminder") == ["chair", "chair"]  # West Java forwarded; DIY's members are no chairs


def test_officers_are_reminded_of_samples_not_arrived_before_scoring_opens(nomination_round, officer, other_officer):
    waiting = NominationFactory(round=nomination_round, regency=officer.regency, created_by=officer, status="submitted")
    arrived = NominationFactory(
        round=nomination_round, regency=other_officer.regency, created_by=other_officer, status="submitted"
    )
    ProductSampleFactory(nomination=arrived)
    opens = nomination_round.scoring_opens
    assert run_at(opens - timedelta(days=4)) == 0
    assert run_at(opens - timedelta(days=2)) == 1
    ProductSampleFactory(nomination=waiting)
    assert run_at(opens - timedelta(hours=3)) == 0  # it arrived meanwhile
    assert sent("samples_missing") == ["officer"]


def test_the_command_sends_what_is_due_once(nomination_round, officer, capsys):
    NominationFactory(round=nomination_round, regency=officer.regency, created_by=officer)
    with freeze_time(CLOSES - timedelta(days=1)):
        call_command("send_reminders")
        call_command("send_reminders")
    assert capsys.readouterr().out.splitlines() == [
        "1 reminders sent, 0 stalled e-mails queued again.",
        "0 reminders sent, 0 stalled e-mails queued again.",
    ]
    assert sent("drafts_reminder") == ["officer"]


def test_assessors_with_national_sheets_left_are_reminded_3_and_1_days_before_the_assessment_closes(
    officer, chair, assessor, admin_user
):
    from curation import services as curation
    from curation.models import Shortlist
    from tests.curation.conftest import locked, make_national_round

    award_round = make_national_round()
    forwarded = locked(award_round, officer.regency, officer, business_name="Tenun Nasional")
    curation.set_shortlist(award_round, chair.province, [forwarded], by=chair)
    curation.forward_shortlist(Shortlist.objects.get(round=award_round), by=chair, confirm_missing=True)
    curation.assign_assessor(award_round, assessor, [forwarded.commodity], by=admin_user)
    closes = award_round.national_closes
    assert run_at(closes - timedelta(days=5)) == 0
    run_at(closes - timedelta(days=2, hours=23))
    run_at(closes - timedelta(days=2))
    run_at(closes - timedelta(hours=1))
    run_at(closes + timedelta(hours=1))
    assert sent("assessment_reminder") == ["assessor", "assessor"]
    assert sent("shortlist_reminder") == []  # forwarded, and its deadline (the assessment opening) is past
