"""IKM register their interest on the public page; their regency's officers accept or decline it."""

import pytest
from django.core import mail
from django.urls import reverse

from audit.models import AuditRecord
from core.exceptions import WorkflowError
from nominations import services
from nominations.models import CommodityType, Interest, InterestStatus, Nomination, NominationStatus
from notifications.models import Notification

pytestmark = pytest.mark.django_db

TYPED = {
    "nib": "3404012345678",
    "business_name": "Gerabah Kasongan Lestari",
    "product_name": "Guci tanah liat",
    "contact_name": "Sri Lestari",
    "email": "sri@kasongan.example",
    "phone": "0812 3456 7890",
    "message": "Kami perajin gerabah sejak 1985.",
}


def form_data(officer, **changes):
    return {
        **TYPED,
        "commodity": CommodityType.objects.get(code="gerabah").pk,
        "regency": officer.regency_id,
        **changes,
    }


def make_interest(regency, **changes):
    data = {**TYPED, "commodity": CommodityType.objects.get(code="gerabah"), "regency": regency, **changes}
    return Interest.objects.create(**data)


def test_the_public_page_explains_the_award_and_shows_the_rounds_timeline(client, award_round):
    page = client.get(reverse("about")).content.decode()
    assert "Lokal tapi global" in page or "lokal" in page.lower()
    assert award_round.name in page
    assert "Sedang berjalan" in page  # the nomination stage of a round taking nominations
    assert 'name="nib"' in page and 'name="website"' in page


def test_an_ikm_registers_its_interest_gets_a_confirmation_and_its_regencys_officers_a_notification(
    client, officer, other_officer, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("about"), form_data(officer))
    assert response.status_code == 302 and response["Location"] == reverse("interest_sent")
    interest = Interest.objects.get()
    assert (interest.business_name, interest.regency, interest.status) == (
        TYPED["business_name"],
        officer.regency,
        InterestStatus.NEW,
    )
    confirmation = [m for m in mail.outbox if m.to == [TYPED["email"]]]
    assert len(confirmation) == 1 and "Kabupaten Sleman" in confirmation[0].body
    assert Notification.objects.filter(recipient=officer, kind="interest_registered").count() == 1
    assert not Notification.objects.filter(recipient=other_officer).exists()
    assert AuditRecord.objects.filter(action="interest.registered").count() == 1


def test_a_robot_filling_the_honeypot_is_answered_like_a_person_and_nothing_is_kept(
    client, officer, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("about"), form_data(officer, website="http://spam.example"))
    assert response["Location"] == reverse("interest_sent")
    assert not Interest.objects.exists() and mail.outbox == []


def test_bad_input_is_explained_and_everything_typed_is_kept(client, officer):
    response = client.post(reverse("about"), form_data(officer, nib="12345"))
    page = response.content.decode()
    assert response.status_code == 200 and "13 digit" in page
    assert TYPED["business_name"] in page and TYPED["email"] in page
    assert not Interest.objects.exists()


def test_too_many_interests_from_one_address_are_refused_with_the_reason_and_the_form_kept(client, officer, settings):
    settings.INTEREST_PER_EMAIL_PER_HOUR = 2
    for _ in range(2):
        assert client.post(reverse("about"), form_data(officer)).status_code == 302
    response = client.post(reverse("about"), form_data(officer))
    assert response.status_code == 200
    assert "Terlalu banyak" in response.content.decode() and TYPED["business_name"] in response.content.decode()
    assert Interest.objects.count() == 2


def test_nothing_an_ikm_typed_is_shown_publicly(client, officer):
    make_interest(officer.regency)
    for url in (reverse("about"), reverse("showcase"), reverse("interest_sent")):
        page = client.get(url).content.decode()
        assert TYPED["business_name"] not in page and TYPED["email"] not in page
    assert client.get(reverse("nominations:interests")).status_code == 302  # to the login page


def test_officers_see_only_the_interests_of_their_regency(client, officer, other_officer):
    ours, theirs = make_interest(officer.regency), make_interest(other_officer.regency, business_name="Batik Bantul")
    client.force_login(officer)
    page = client.get(reverse("nominations:interests")).content.decode()
    assert TYPED["business_name"] in page and "Batik Bantul" not in page
    assert client.get(reverse("nominations:interest", args=[theirs.pk])).status_code == 404
    assert client.post(reverse("nominations:interest_accept", args=[theirs.pk])).status_code == 404
    assert client.get(reverse("nominations:interest", args=[ours.pk])).status_code == 200


def test_accepting_starts_a_draft_nomination_from_what_the_ikm_typed(client, officer, award_round):
    interest = make_interest(officer.regency)
    client.force_login(officer)
    response = client.post(reverse("nominations:interest_accept", args=[interest.pk]))
    nomination = Nomination.objects.get()
    assert response["Location"] == reverse("nominations:edit", args=[nomination.pk])
    assert (nomination.status, nomination.round, nomination.regency) == (
        NominationStatus.DRAFT,
        award_round,
        officer.regency,
    )
    assert (nomination.nib, nomination.business_name, nomination.product_name, nomination.commodity.code) == (
        TYPED["nib"],
        TYPED["business_name"],
        TYPED["product_name"],
        "gerabah",
    )
    interest.refresh_from_db()
    assert (interest.status, interest.nomination, interest.decided_by) == (InterestStatus.ACCEPTED, nomination, officer)
    assert AuditRecord.objects.filter(action="interest.accepted").count() == 1


def test_an_interest_is_answered_once(officer, award_round):
    interest = make_interest(officer.regency)
    services.accept_interest(interest, by=officer)
    with pytest.raises(WorkflowError, match="sudah dijawab"):
        services.decline_interest(interest, by=officer, reason="Tidak memenuhi syarat")
    assert Nomination.objects.count() == 1


def test_accepting_without_a_round_taking_nominations_says_why(client, officer):
    interest = make_interest(officer.regency)
    client.force_login(officer)
    response = client.post(reverse("nominations:interest_accept", args=[interest.pk]), follow=True)
    assert "Tidak ada putaran" in response.content.decode()
    interest.refresh_from_db()
    assert interest.status == InterestStatus.NEW and not Nomination.objects.exists()


@pytest.mark.parametrize("actor", ["other_officer", "team_member", "admin_user"])
def test_only_an_officer_of_the_ikms_regency_answers_its_interest(request, officer, award_round, actor):
    interest = make_interest(officer.regency)
    with pytest.raises(WorkflowError):
        services.accept_interest(interest, by=request.getfixturevalue(actor))
    with pytest.raises(WorkflowError):
        services.decline_interest(interest, by=request.getfixturevalue(actor), reason="Bukan wilayah kami")
    interest.refresh_from_db()
    assert interest.status == InterestStatus.NEW


def test_declining_needs_a_reason_which_the_ikm_receives_by_email(client, officer, django_capture_on_commit_callbacks):
    interest = make_interest(officer.regency)
    client.force_login(officer)
    url = reverse("nominations:interest_decline", args=[interest.pk])
    assert client.post(url, {"reason": "   "}).status_code == 200
    interest.refresh_from_db()
    assert interest.status == InterestStatus.NEW
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"reason": "Produk belum diproduksi secara kontinu."})
    assert response["Location"] == reverse("nominations:interests")
    interest.refresh_from_db()
    assert (interest.status, interest.decided_by) == (InterestStatus.DECLINED, officer)
    (email,) = [m for m in mail.outbox if m.to == [TYPED["email"]]]
    assert "Produk belum diproduksi secara kontinu." in email.body
    assert AuditRecord.objects.get(action="interest.declined").reason == "Produk belum diproduksi secara kontinu."


def test_answers_are_audited_with_who_and_what_and_the_ikm_reads_the_decline_in_its_language(
    officer, award_round, django_capture_on_commit_callbacks
):
    nomination = services.accept_interest(make_interest(officer.regency), by=officer)
    nomination.refresh_from_db()
    assert (nomination.owner_name, nomination.email, nomination.phone) == (
        TYPED["contact_name"],
        TYPED["email"],
        TYPED["phone"],
    )
    accepted = AuditRecord.objects.get(action="interest.accepted")
    assert (accepted.actor, accepted.after) == (
        officer,
        {"status": InterestStatus.ACCEPTED, "nomination": nomination.pk},
    )
    declined = make_interest(officer.regency, email="ikm.dua@example.org", language="en")
    with django_capture_on_commit_callbacks(execute=True):
        services.decline_interest(declined, by=officer, reason="Belum berproduksi rutin")
    record = AuditRecord.objects.get(action="interest.declined")
    assert (record.actor, record.after, record.reason) == (
        officer,
        {"status": InterestStatus.DECLINED},
        "Belum berproduksi rutin",
    )
    (email,) = [m for m in mail.outbox if m.to == ["ikm.dua@example.org"]]
    assert email.subject == f"OVOP award: answer to the interest of {TYPED['business_name']}"
    assert email.body.startswith(f"Hello {TYPED['contact_name']},") and "Belum berproduksi rutin" in email.body


def test_a_commodity_type_the_round_does_not_take_is_left_for_the_officer_to_choose(officer, award_round):
    award_round.commodity_types.remove(CommodityType.objects.get(code="gerabah"))
    nomination = services.accept_interest(make_interest(officer.regency), by=officer)
    assert nomination.commodity is None and nomination.business_name == TYPED["business_name"]
