"""Races on PostgreSQL: two submits of one nomination, two saves of one score sheet. No duplicates, no lost
updates. (SQLite serialises writers, so these run on PostgreSQL only; CI runs them there.)"""

import threading

import pytest
from django.db import connection, connections, transaction
from django.utils import timezone

from audit.models import AuditRecord
from core.exceptions import StaleEdit, WorkflowError
from curation import services as curation
from curation.models import ScoreSheet, Shortlist
from nominations import services
from nominations.models import AwardRound, Nomination, RoundStatus
from tests.curation.conftest import all_scores, assess, curation_round, locked, make_national_round  # noqa: F401

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def postgres_only():
    if connection.vendor != "postgresql":
        pytest.skip("concurrency is tested on PostgreSQL (DATABASE_URL=postgres://...); SQLite serialises writers")


def race(*jobs):
    """Run the jobs at the same moment in threads with their own connections; return results or errors."""
    barrier = threading.Barrier(len(jobs))
    results = [None] * len(jobs)

    def run(index, job):
        try:
            barrier.wait()
            results[index] = job()
        except Exception as error:  # collected for the assertions
            results[index] = error
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i, job)) for i, job in enumerate(jobs)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    return results


def test_two_submits_of_the_same_nomination_submit_it_once(nomination, officer):
    pk = nomination.pk
    results = race(*[lambda: services.submit_nomination(Nomination.objects.get(pk=pk), by=officer)] * 2)
    errors = [r for r in results if isinstance(r, Exception)]
    assert len(errors) == 1 and isinstance(errors[0], WorkflowError), results
    assert Nomination.objects.get(pk=pk).status == "submitted"
    assert AuditRecord.objects.filter(action="nomination.submitted", target_id=str(pk)).count() == 1


def test_two_saves_of_the_same_score_sheet_leave_one_sheet(curation_round, officer, team_member):  # noqa: F811
    nomination = locked(curation_round, officer.regency, officer)
    results = race(
        lambda: curation.save_sheet(
            nomination, by=team_member, values=all_scores(curation_round, 4), comment="tab 1", submit=True
        ),
        lambda: curation.save_sheet(
            nomination, by=team_member, values=all_scores(curation_round, 2), comment="tab 2", submit=True
        ),
    )
    assert not [r for r in results if isinstance(r, Exception) and not isinstance(r, curation.WorkflowError)], results
    sheet = ScoreSheet.objects.get(nomination=nomination, member=team_member)
    assert sheet.scores.count() == 11
    assert (sheet.comment, sheet.total) in {("tab 1", 75), ("tab 2", 25)}  # one whole save, never a mix


def test_two_members_scoring_at_once_both_count(curation_round, officer, team_member, chair):  # noqa: F811
    nomination = locked(curation_round, officer.regency, officer)
    results = race(
        lambda: curation.save_sheet(
            nomination, by=team_member, values=all_scores(curation_round, 4), comment="", submit=True
        ),
        lambda: curation.save_sheet(
            nomination, by=chair, values=all_scores(curation_round, 5), comment="", submit=True
        ),
    )
    assert not [r for r in results if isinstance(r, Exception)], results
    assert sorted(ScoreSheet.objects.filter(nomination=nomination).values_list("total", flat=True)) == [75, 100]


def test_a_stale_edit_from_a_second_tab_is_refused(nomination, officer):
    version = nomination.version
    first = Nomination.objects.get(pk=nomination.pk)
    second = Nomination.objects.get(pk=nomination.pk)
    first.business_name, second.business_name = "Tab satu", "Tab dua"
    results = race(
        lambda: services.save_nomination(first, by=officer, expected_version=version),
        lambda: services.save_nomination(second, by=officer, expected_version=version),
    )
    assert sum(isinstance(r, StaleEdit) for r in results) == 1, results
    assert Nomination.objects.get(pk=nomination.pk).business_name in {"Tab satu", "Tab dua"}


@pytest.mark.parametrize("attempt", range(3))
def test_a_sheet_submitted_as_the_chair_forwards_is_counted_or_refused(
    curation_round, officer, team_member, chair, attempt
):  # noqa: F811
    """The forwarding and a sheet save lock the province's shortlist row: the forwarding's record of sheets is
    what stays true (the review found a sheet committed after the forwarding had counted)."""
    from curation.models import Shortlist

    nomination = locked(curation_round, officer.regency, officer)
    curation.save_sheet(nomination, by=chair, values=all_scores(curation_round, 5), comment="", submit=True)
    curation.set_shortlist(curation_round, chair.province, [nomination], by=chair)
    race(
        lambda: curation.forward_shortlist(Shortlist.objects.get(), by=chair, confirm_missing=True),
        lambda: curation.save_sheet(
            nomination, by=team_member, values=all_scores(curation_round, 4), comment="", submit=True
        ),
    )
    forwarded = AuditRecord.objects.get(action="shortlist.forwarded")
    submitted = ScoreSheet.objects.filter(nomination=nomination, status="submitted").count()
    assert forwarded.after["sheets"] == {str(nomination.pk): submitted}


@pytest.mark.parametrize("change", ["results published", "round closed"])
def test_a_national_sheet_waiting_for_the_round_sees_what_froze_it(officer, chair, assessor, admin_user, change):
    """A national sheet's save locks the round row (publication and decisions lock it too) and then asks the rule
    again: it must ask with the round as it is once the lock is granted, not as it was read before waiting."""
    award_round = make_national_round()
    nomination = locked(award_round, officer.regency, officer)
    curation.set_shortlist(award_round, chair.province, [nomination], by=chair)
    curation.forward_shortlist(Shortlist.objects.get(), by=chair, confirm_missing=True)
    curation.assign_assessor(award_round, assessor, [nomination.commodity], by=admin_user)
    locked_round = threading.Event()

    def freeze():
        """What publishing does: lock the round row, change it, commit (after the sheet's save began waiting)."""
        with transaction.atomic():
            AwardRound.objects.select_for_update().get(pk=award_round.pk)
            locked_round.set()
            threading.Event().wait(1.0)  # the sheet's save reads the round, passes the rule and waits for the lock
            if change == "results published":
                AwardRound.objects.filter(pk=award_round.pk).update(results_published_at=timezone.now())
            else:
                AwardRound.objects.filter(pk=award_round.pk).update(status=RoundStatus.CLOSED)

    def save():
        locked_round.wait(10)
        return assess(nomination, assessor, 4)

    results = race(freeze, save)
    assert isinstance(results[1], WorkflowError), results
    assert not ScoreSheet.objects.filter(nomination=nomination, status="submitted").exists()
