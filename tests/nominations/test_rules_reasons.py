"""The object predicates of nominations/rules.py: who may edit, submit, withdraw or return a nomination now, and
the reason a user reads when not. The services refuse with the same reason; the pages show it."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from audit.models import AuditRecord
from core.exceptions import WorkflowError
from nominations import rules, services
from nominations.forms import CertificationFormSet
from nominations.models import Certification, NominationStatus, RoundStatus

pytestmark = pytest.mark.django_db


def test_only_the_officer_of_its_regency_may_edit_a_draft(nomination, officer, other_officer, team_member):
    assert rules.may_edit(officer, nomination)
    verdict = rules.may_edit(other_officer, nomination)
    assert not verdict.allowed and "Kabupaten Sleman" in verdict.reason
    assert not rules.may_edit(team_member, nomination)


def test_submitted_nomination_cannot_be_edited_and_says_its_status(nomination, officer):
    nomination.status = NominationStatus.SUBMITTED
    verdict = rules.may_edit(officer, nomination)
    assert not verdict and "tidak dapat diubah lagi" in verdict.reason


def test_another_officer_cannot_save_a_draft_through_the_service(nomination, other_officer):
    with pytest.raises(WorkflowError, match="Kabupaten Sleman"):
        services.save_nomination(nomination, by=other_officer, expected_version=nomination.version)


def test_submit_is_refused_before_the_window_opens_with_the_opening_date(nomination, officer):
    nomination.round.nomination_opens = timezone.now() + timedelta(days=2)
    nomination.round.save()
    verdict = rules.may_submit(officer, nomination)
    assert not verdict and "dibuka pada" in verdict.reason
    with pytest.raises(WorkflowError, match="dibuka pada"):
        services.submit_nomination(nomination, by=officer)


def test_submit_is_refused_after_the_window_closes(nomination, officer):
    later = nomination.round.nomination_closes + timedelta(minutes=1)
    verdict = rules.may_submit(officer, nomination, now=later)
    assert not verdict and "ditutup" in verdict.reason


def test_only_its_officer_may_submit_or_withdraw(nomination, officer, other_officer):
    assert rules.may_submit(officer, nomination) and rules.may_withdraw(officer, nomination)
    assert not rules.may_submit(other_officer, nomination)
    with pytest.raises(WorkflowError, match="Kabupaten Sleman"):
        services.withdraw_nomination(nomination, by=other_officer)
    nomination.refresh_from_db()
    assert nomination.status == NominationStatus.DRAFT


def test_withdrawn_nomination_cannot_be_withdrawn_again(nomination, officer):
    services.withdraw_nomination(nomination, by=officer)
    nomination.refresh_from_db()
    verdict = rules.may_withdraw(officer, nomination)
    assert not verdict and "sudah ditarik" in verdict.reason


def test_only_the_province_team_may_return_a_submitted_nomination(nomination, officer, team_member):
    services.submit_nomination(nomination, by=officer)
    nomination.refresh_from_db()
    assert rules.may_return(team_member, nomination)
    assert not rules.may_return(officer, nomination)


def test_return_is_refused_once_curation_started(nomination, officer, team_member):
    services.submit_nomination(nomination, by=officer)
    nomination.refresh_from_db()
    nomination.round.status = RoundStatus.CURATION
    verdict = rules.may_return(team_member, nomination)
    assert not verdict and "Kurasi sudah dimulai" in verdict.reason


def test_detail_page_buttons_follow_the_predicates(client, nomination, officer, other_officer, team_member):
    client.force_login(officer)
    page = client.get(reverse("nominations:detail", args=[nomination.pk])).content.decode()
    assert reverse("nominations:edit", args=[nomination.pk]) in page
    assert reverse("nominations:withdraw", args=[nomination.pk]) in page
    services.submit_nomination(nomination, by=officer)
    client.force_login(team_member)
    page = client.get(reverse("nominations:detail", args=[nomination.pk])).content.decode()
    assert reverse("nominations:return", args=[nomination.pk]) in page
    assert reverse("nominations:edit", args=[nomination.pk]) not in page


def test_detail_page_says_why_a_draft_cannot_be_submitted_yet(client, nomination, officer):
    nomination.round.nomination_opens = timezone.now() + timedelta(days=2)
    nomination.round.save()
    client.force_login(officer)
    page = client.get(reverse("nominations:detail", args=[nomination.pk])).content.decode()
    assert "dibuka pada" in page


def test_withdraw_page_shows_the_reason_when_curation_has_started(client, nomination, officer):
    nomination.round.status = RoundStatus.CURATION
    nomination.round.save()
    client.force_login(officer)
    response = client.post(reverse("nominations:withdraw", args=[nomination.pk]), {"reason": ""}, follow=True)
    assert "Kurasi sudah dimulai" in response.content.decode()


def test_certifications_are_saved_by_the_service_and_audited(nomination, officer):
    formset = CertificationFormSet(
        {
            "cert-TOTAL_FORMS": "1",
            "cert-INITIAL_FORMS": "0",
            "cert-MIN_NUM_FORMS": "0",
            "cert-MAX_NUM_FORMS": "1000",
            "cert-0-kind": Certification._meta.get_field("kind").choices[0][0],
            "cert-0-number": "PIRT-123",
            "cert-0-valid_until": "",
        },
        instance=nomination,
        prefix="cert",
    )
    assert formset.is_valid(), formset.errors
    services.save_nomination(nomination, by=officer, expected_version=nomination.version, certifications=formset)
    assert Certification.objects.filter(nomination=nomination, number="PIRT-123").exists()
    edited = AuditRecord.objects.for_object(nomination).get(action="nomination.edited")
    assert edited.actor == officer and len(edited.after["certifications"]["added"]) == 1


def test_certifications_of_a_submitted_nomination_are_not_saved(nomination, officer):
    services.submit_nomination(nomination, by=officer)
    nomination.refresh_from_db()
    formset = CertificationFormSet(
        {
            "cert-TOTAL_FORMS": "1",
            "cert-INITIAL_FORMS": "0",
            "cert-MIN_NUM_FORMS": "0",
            "cert-MAX_NUM_FORMS": "1000",
            "cert-0-kind": Certification._meta.get_field("kind").choices[0][0],
            "cert-0-number": "PIRT-9",
            "cert-0-valid_until": "",
        },
        instance=nomination,
        prefix="cert",
    )
    assert formset.is_valid()
    with pytest.raises(WorkflowError):
        services.save_nomination(nomination, by=officer, expected_version=nomination.version, certifications=formset)
    assert not Certification.objects.filter(number="PIRT-9").exists()


def test_submit_page_says_why_not_instead_of_offering_the_button(client, nomination, officer):
    later = nomination.round.nomination_closes
    nomination.round.nomination_closes = timezone.now() - timedelta(minutes=1)
    nomination.round.nomination_opens = later - timedelta(days=60)
    nomination.round.scoring_opens = timezone.now() + timedelta(days=1)
    nomination.round.save()
    client.force_login(officer)
    page = client.get(reverse("nominations:submit", args=[nomination.pk])).content.decode()
    assert "ditutup pada" in page and "Ya, ajukan" not in page


def test_return_page_says_why_not_once_curation_started(client, nomination, officer, team_member):
    services.submit_nomination(nomination, by=officer)
    nomination.round.status = RoundStatus.CURATION
    nomination.round.save()
    client.force_login(team_member)
    page = client.get(reverse("nominations:return", args=[nomination.pk])).content.decode()
    assert "Kurasi sudah dimulai" in page and 'name="reason"' not in page
