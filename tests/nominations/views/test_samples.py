"""Product samples: the ministry records each submitted nomination's sample and reminds officers of missing ones."""

import datetime

import pytest
from django.urls import reverse

from audit.models import AuditRecord
from core.exceptions import WorkflowError
from nominations import services
from nominations.models import NominationStatus, ProductSample, RoundStatus, SampleStatus
from notifications.models import Notification
from tests.factories import AwardRoundFactory, NominationFactory, OfficerFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def submitted(award_round, officer, other_officer):
    """One submitted nomination of Sleman and one of Bantul."""
    return [
        NominationFactory(
            round=award_round, regency=by.regency, created_by=by, status=NominationStatus.SUBMITTED, business_name=name
        )
        for by, name in ((officer, "Tenun Lurik Kurnia"), (other_officer, "Batik Giriloyo"))
    ]


def receipt(**changes):
    return ProductSample(
        **{
            "status": SampleStatus.RECEIVED,
            "received_on": datetime.date(2026, 5, 4),
            "received_by": "Pak Joko",
            "condition": "good",
            "kept_at": "Ruang pamer Ditjen IKMA, rak B2",
            **changes,
        }
    )


def test_the_admin_records_a_sample_and_the_officer_reads_when_it_arrived(client, submitted, admin_user, officer):
    sleman = submitted[0]
    client.force_login(admin_user)
    url = reverse("nominations:sample", args=[sleman.pk])
    page = client.post(url, {"status": "received", "received_by": "Pak Joko"}).content.decode()
    assert "Tuliskan tanggal sampel tiba." in page and "Pak Joko" in page  # refused, and what was typed is kept
    response = client.post(
        url, {"status": "received", "received_on": "2026-05-04", "received_by": "Pak Joko", "condition": "good"}
    )
    assert response.status_code == 302
    sample = ProductSample.objects.get(nomination=sleman)
    assert (sample.status, sample.received_on, sample.recorded_by) == (
        SampleStatus.RECEIVED,
        datetime.date(2026, 5, 4),
        admin_user,
    )
    assert AuditRecord.objects.get(action="sample.recorded").after["received_by"] == "Pak Joko"
    client.force_login(officer)
    detail = client.get(reverse("nominations:detail", args=[sleman.pk])).content.decode()
    assert "diterima pada 4 Mei 2026 oleh Pak Joko" in detail


def test_recording_again_changes_the_one_record_and_keeps_the_before_in_the_audit(submitted, admin_user):
    services.record_sample(submitted[0], receipt(), by=admin_user)
    services.record_sample(
        submitted[0], receipt(status=SampleStatus.RETURNED, returned_on=datetime.date(2026, 12, 1)), by=admin_user
    )
    assert ProductSample.objects.get().status == SampleStatus.RETURNED
    last = AuditRecord.objects.filter(action="sample.recorded").latest("pk")
    assert (last.before["status"], last.after["status"]) == ("received", "returned")


@pytest.mark.parametrize("actor", ["officer", "team_member"])
def test_only_a_ministry_admin_records_samples(request, submitted, actor):
    with pytest.raises(WorkflowError):
        services.record_sample(submitted[0], receipt(), by=request.getfixturevalue(actor))
    assert not ProductSample.objects.exists()


@pytest.mark.parametrize("actor", ["officer", "team_member"])
def test_only_a_ministry_admin_reminds_officers_of_missing_samples(request, submitted, actor):
    with pytest.raises(WorkflowError):
        services.remind_missing_samples(submitted[0].round, by=request.getfixturevalue(actor))
    assert not Notification.objects.filter(kind="samples_missing").exists()
    assert not AuditRecord.objects.filter(action="samples.reminded").exists()


def test_a_draft_has_no_sample_to_record(client, nomination, admin_user):
    with pytest.raises(WorkflowError):
        services.record_sample(nomination, receipt(), by=admin_user)
    client.force_login(admin_user)
    assert client.get(reverse("nominations:sample", args=[nomination.pk])).status_code == 404


def test_a_received_sample_needs_its_date_and_a_returned_one_its_return_date(submitted, admin_user):
    with pytest.raises(WorkflowError):
        services.record_sample(submitted[0], receipt(received_on=None), by=admin_user)
    with pytest.raises(WorkflowError):
        services.record_sample(submitted[0], receipt(status=SampleStatus.RETURNED), by=admin_user)
    assert not ProductSample.objects.exists()


def test_a_closed_round_keeps_its_samples_as_they_are(submitted, admin_user, award_round):
    award_round.status = RoundStatus.CLOSED
    award_round.save()
    with pytest.raises(WorkflowError, match="ditutup"):
        services.record_sample(submitted[0], receipt(), by=admin_user)


def test_the_list_counts_expected_arrived_and_missing_and_filters_the_missing(client, submitted, admin_user):
    services.record_sample(submitted[1], receipt(), by=admin_user)
    client.force_login(admin_user)
    page = client.get(reverse("nominations:samples")).content.decode()
    assert "Tenun Lurik Kurnia" in page and "Batik Giriloyo" in page
    response = client.get(reverse("nominations:samples"), {"round": submitted[0].round_id, "missing": "on"})
    assert response.context["counts"] == {"expected": 2, "arrived": 1, "missing": 1}
    assert [n.pk for n in response.context["page"].object_list] == [submitted[0].pk]


def test_the_reminder_goes_to_the_officers_of_missing_samples_only(submitted, admin_user, officer, other_officer):
    services.record_sample(submitted[1], receipt(), by=admin_user)
    assert services.remind_missing_samples(submitted[0].round, by=admin_user) == 1
    (reminder,) = Notification.objects.filter(kind="samples_missing")
    assert reminder.recipient == officer and "Tenun Lurik Kurnia" in reminder.body
    assert not Notification.objects.filter(recipient=other_officer, kind="samples_missing").exists()
    assert AuditRecord.objects.get(action="samples.reminded").after == {"regencies": 1, "nominations": 1, "officers": 1}


def test_no_reminder_when_every_sample_arrived(client, submitted, admin_user):
    for nomination in submitted:
        services.record_sample(nomination, receipt(), by=admin_user)
    client.force_login(admin_user)
    response = client.post(reverse("nominations:samples_remind"), {"round": submitted[0].round_id}, follow=True)
    assert "Semua sampel produk" in response.content.decode()
    assert not Notification.objects.filter(kind="samples_missing").exists()


def test_the_team_scoring_a_nomination_sees_whether_its_sample_arrived(client, admin_user, team_member):
    from curation.services import seed_default_rubric
    from tests.curation.conftest import locked, make_curation_round

    award_round = make_curation_round()
    seed_default_rubric(award_round)
    first, second = (locked(award_round, team_member.province.regencies.get(code="34.04"), admin_user) for _ in "ab")
    services.record_sample(first, receipt(), by=admin_user)
    client.force_login(team_member)
    page = client.get(reverse("curation:score", args=[first.pk])).content.decode()
    assert "Diterima · 4 Mei 2026" in " ".join(page.split()) and "Baik" in page
    page = client.get(reverse("curation:score", args=[second.pk])).content.decode()
    assert "Belum diterima kementerian" in page


@pytest.mark.parametrize("value", ["abc", "\x00", "²", "99999999999999999999999", "-1"])
def test_a_reminder_for_a_round_that_is_no_id_is_a_404_not_an_error(client, submitted, admin_user, value):
    client.force_login(admin_user)
    response = client.post(reverse("nominations:samples_remind"), {"round": value, "province": value})
    assert response.status_code == 404
    response = client.post(reverse("nominations:samples_remind"), {"round": submitted[0].round_id, "province": value})
    assert response.status_code == 302 and Notification.objects.filter(kind="samples_missing").count() == 2
    Notification.objects.all().delete()


def test_missing_samples_are_this_rounds_submitted_nominations_of_the_chosen_province(
    submitted, award_round, officer, diy, jabar
):
    NominationFactory(round=award_round, regency=officer.regency, created_by=officer)  # a draft: no sample yet
    NominationFactory(
        round=AwardRoundFactory(status=RoundStatus.CLOSED),
        regency=officer.regency,
        created_by=officer,
        status=NominationStatus.SUBMITTED,
    )
    assert set(services.nominations_missing_samples(award_round)) == set(submitted)
    assert set(services.nominations_missing_samples(award_round, diy)) == set(submitted)
    assert not services.nominations_missing_samples(award_round, jabar).exists()


def test_a_reminder_for_one_province_reaches_its_active_officers_only(
    submitted, award_round, admin_user, officer, other_officer, diy, jabar
):
    OfficerFactory(username="pensiun", regency=officer.regency, is_active=False)
    with pytest.raises(WorkflowError):
        services.remind_missing_samples(award_round, by=admin_user, province=jabar)  # nothing missing there
    assert services.remind_missing_samples(award_round, by=admin_user, province=diy) == 2
    reminded = Notification.objects.filter(kind="samples_missing")
    assert sorted(n.recipient.username for n in reminded) == sorted([officer.username, other_officer.username])
