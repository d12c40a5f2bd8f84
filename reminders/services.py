"""Scheduled reminders: who still has something to do before a round's deadline is reminded 7, 3 or 1 days
before it (the most urgent of the reminders due, each once: `Reminder`'s unique constraint), in their language
(notifications.services.notify). Run every 10 minutes by Celery beat, or by `manage.py send_reminders` from cron.

- drafts: officers whose regency has nominations in draft or returned for revision; before nominations close;
  7, 3 and 1 days.
- scoring: team members with provincial sheets left; before scoring closes; 3 and 1 days.
- national: assessors with national sheets left; before the national assessment closes; 3 and 1 days.
- shortlist: chairs whose province's shortlist is not forwarded; before the national assessment opens (the round's
  forwarding deadline), or the decision date in a round without one; 3 and 1 days.
- samples: officers whose submitted nominations' product sample has not arrived; before scoring opens; 3 and 1 days.

The Go Global selection has no closing date (a ministry admin closes it): its panel is reminded by the admin's
button only.
"""

from dataclasses import dataclass
from datetime import datetime, time, timedelta

from django.db import transaction
from django.db.models import Count
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from curation.models import Shortlist, scoring_nominations
from curation.rules import shortlists_open
from curation.services import assessors_with_work_left, members_with_work_left
from nominations.models import AwardRound, Nomination, NominationStatus
from nominations.models.round import RoundStatus
from nominations.services import nominations_missing_samples
from notifications.services import notify

from .models import Reminder, ReminderKind


def due_days(deadline, now, days_before):
    """Which reminder is due now: the smallest of `days_before` whose time has come, or None before the first and
    from the deadline on. A reminder whose time passed while the job did not run is not sent late."""
    if deadline is None or now >= deadline:
        return None
    for days in sorted(days_before):
        if deadline - now <= timedelta(days=days):
            return days
    return None


def _officers_by_regency(counts):
    """(officer, their regency's value) for the active officers of the regencies in `counts`."""
    officers = User.objects.filter(role=User.Role.OFFICER, is_active=True, regency_id__in=counts).order_by("pk")
    return [(officer, counts[officer.regency_id]) for officer in officers]


def _drafts(award_round, now):
    if not award_round.nomination_window_open(now):
        return []
    counts = dict(
        Nomination.objects.filter(round=award_round, status__in=[NominationStatus.DRAFT, NominationStatus.RETURNED])
        .values("regency")
        .annotate(n=Count("id"))
        .values_list("regency", "n")
    )
    link = reverse("nominations:list")
    return [(officer, {"round": award_round, "todo": n}, link) for officer, n in _officers_by_regency(counts)]


def _scoring(award_round, now):
    if not award_round.scoring_window_open(now):
        return []
    link = reverse("curation:worklist")
    return [
        (member, {"round": award_round, "todo": todo}, link) for member, todo in members_with_work_left(award_round)
    ]


def _national(award_round, now):
    if not award_round.national_window_open(now):
        return []
    link = reverse("curation:worklist")
    return [
        (assessor, {"round": award_round, "todo": todo}, link)
        for assessor, todo in assessors_with_work_left(award_round)
    ]


def _forwarding_deadline(award_round):
    """Shortlists reach the ministry before the national assessment opens, else before the decision date."""
    if award_round.national_assessment:
        return award_round.national_opens
    return timezone.make_aware(datetime.combine(award_round.decision_date, time.min))


def _shortlist(award_round, now):
    if not shortlists_open(award_round):
        return []
    provinces = set(scoring_nominations(award_round).values_list("regency__province", flat=True)) - set(
        Shortlist.objects.filter(round=award_round, forwarded_at__isnull=False).values_list("province", flat=True)
    )
    chairs = User.objects.filter(
        role=User.Role.TEAM_MEMBER, is_team_chair=True, is_active=True, province_id__in=provinces
    ).order_by("pk")
    link = reverse("curation:ranking")
    return [(chair, {"round": award_round, "deadline": _forwarding_deadline(award_round)}, link) for chair in chairs]


def _samples(award_round, now):
    if now >= award_round.scoring_opens:
        return []
    missing = {}
    for nomination in nominations_missing_samples(award_round).order_by("pk"):
        missing.setdefault(nomination.regency_id, []).append(nomination)
    return [
        (
            officer,
            {"award_round": award_round, "nominations": nominations},
            reverse("nominations:detail", args=[nominations[0].pk]),
        )
        for officer, nominations in _officers_by_regency(missing)
    ]


@dataclass(frozen=True)
class Schedule:
    kind: str
    template: str  # notifications/email/<template>.txt
    deadline: object  # award_round -> datetime or None
    days_before: tuple
    recipients: object  # (award_round, now) -> [(user, context, link)]


SCHEDULES = [
    Schedule(ReminderKind.DRAFTS, "drafts_reminder", lambda r: r.nomination_closes, (7, 3, 1), _drafts),
    Schedule(ReminderKind.SCORING, "scoring_reminder", lambda r: r.scoring_closes, (3, 1), _scoring),
    Schedule(ReminderKind.NATIONAL, "assessment_reminder", lambda r: r.national_closes, (3, 1), _national),
    Schedule(ReminderKind.SHORTLIST, "shortlist_reminder", _forwarding_deadline, (3, 1), _shortlist),
    Schedule(ReminderKind.SAMPLES, "samples_missing", lambda r: r.scoring_opens, (3, 1), _samples),
]


def send_due_reminders(now=None):
    """Send every reminder due now that was not sent before; returns how many went out."""
    now = now or timezone.now()
    sent = 0
    for award_round in AwardRound.objects.filter(status__in=[RoundStatus.NOMINATION, RoundStatus.CURATION]):
        for schedule in SCHEDULES:
            days = due_days(schedule.deadline(award_round), now, schedule.days_before)
            if days is None:
                continue
            for recipient, context, link in schedule.recipients(award_round, now):
                sent += _send_once(schedule, award_round, recipient, days, context, link)
    return sent


@transaction.atomic
def _send_once(schedule, award_round, recipient, days, context, link):
    """The reminder and its log row commit together; a second run (or one running at the same time) finds the row
    (the unique constraint makes the later insert wait and fail) and sends nothing."""
    _reminder, created = Reminder.objects.get_or_create(
        kind=schedule.kind, round=award_round, recipient=recipient, days_before=days
    )
    if not created:
        return 0
    notify([recipient], schedule.template, {**context, "days_left": days}, link=link)
    return 1
