"""Which regency an IKM belongs to (nominations/models/ikm.py): its first submitted nomination's, or a ministry admin's
move. A draft claims nothing, and a refusal never says which regency holds a NIB."""

import pytest
from django.urls import reverse

from audit.models import AuditRecord
from core.exceptions import WorkflowError
from nominations import services
from nominations.models import Ikm, Nomination, NominationStatus
from tests.factories import AwardRoundFactory, NominationFactory
from tests.nominations.conftest import form_data

pytestmark = pytest.mark.django_db

REFUSAL = (
    "NIB ini terdaftar untuk IKM kabupaten/kota lain. Hubungi kementerian (Ditjen IKMA) jika IKM tersebut telah pindah."
)


@pytest.fixture
def squatter_draft(award_round, other_officer):
    """Kabupaten Bantul's draft with a NIB that belongs to Kabupaten Sleman's IKM."""
    return NominationFactory(
        round=award_round, regency=other_officer.regency, created_by=other_officer, nib="3404000000001", with_photo=True
    )


def never_names_sleman(text):
    return "sleman" not in text.lower()


def test_a_draft_claims_nothing_and_the_first_to_submit_holds_the_ikm(client, officer, squatter_draft):
    client.force_login(officer)
    response = client.post(
        reverse("nominations:create"), form_data(nib=squatter_draft.nib, commodity=squatter_draft.commodity_id)
    )
    assert response.status_code == 302
    mine = Nomination.objects.get(regency=officer.regency, nib=squatter_draft.nib)
    mine.photos.create(image=squatter_draft.photos.get().image.name, original_name="foto.jpg")
    services.submit_nomination(mine, by=officer)
    assert Ikm.objects.get(nib=squatter_draft.nib).holder_id() == officer.regency_id


def test_the_other_regencys_stale_draft_cannot_be_submitted_and_is_not_told_where_the_nib_is(
    client, officer, other_officer, squatter_draft
):
    held = NominationFactory(
        round=squatter_draft.round, regency=officer.regency, created_by=officer, nib=squatter_draft.nib, with_photo=True
    )
    services.submit_nomination(held, by=officer)
    with pytest.raises(WorkflowError) as refused:
        services.submit_nomination(squatter_draft, by=other_officer)
    assert "kabupaten/kota lain" in str(refused.value) and never_names_sleman(str(refused.value))
    client.force_login(other_officer)
    for url in (
        reverse("nominations:submit", args=[squatter_draft.pk]),
        reverse("nominations:edit", args=[squatter_draft.pk]),
        reverse("nominations:detail", args=[squatter_draft.pk]),
        reverse("nominations:ikm", args=[squatter_draft.ikm_id]),
    ):
        page = client.get(url).content.decode()
        assert never_names_sleman(page), url
    assert Nomination.objects.get(pk=squatter_draft.pk).status == NominationStatus.DRAFT


def test_a_held_nib_is_refused_to_another_regency_without_naming_it(client, officer, other_officer, nomination):
    services.submit_nomination(nomination, by=officer)
    client.force_login(other_officer)
    response = client.post(reverse("nominations:create"), form_data(nib=nomination.nib))
    html = response.content.decode()
    assert response.status_code == 200 and REFUSAL in html and never_names_sleman(html)
    assert not Nomination.objects.filter(regency=other_officer.regency).exists()
    # The service refuses on its own too, with the same words.
    with pytest.raises(WorkflowError, match="kabupaten/kota lain") as refused:
        services.save_nomination(
            Nomination(round=nomination.round, regency=other_officer.regency, nib=nomination.nib), by=other_officer
        )
    assert never_names_sleman(str(refused.value))
    # Starting from "the last nomination" tells nothing either.
    page = client.get(reverse("nominations:create"), {"nib": nomination.nib}, follow=True).content.decode()
    assert never_names_sleman(page)


def test_two_regencies_may_hold_drafts_of_one_ikm_in_a_round(officer, other_officer, squatter_draft):
    mine = services.save_nomination(
        Nomination(round=squatter_draft.round, regency=officer.regency, nib=squatter_draft.nib), by=officer
    )
    assert mine.ikm == squatter_draft.ikm


def test_a_withdrawn_nomination_gives_the_ikm_up(officer, other_officer, nomination):
    services.submit_nomination(nomination, by=officer)
    services.withdraw_nomination(nomination, by=officer, reason="NIB salah ketik")
    theirs = services.save_nomination(
        Nomination(round=nomination.round, regency=other_officer.regency, nib=nomination.nib), by=other_officer
    )
    assert theirs.ikm_id == nomination.ikm_id


def test_a_ministry_admin_moves_an_ikm_with_a_reason_and_the_new_regency_holds_it(
    client, officer, other_officer, admin_user, nomination
):
    services.submit_nomination(nomination, by=officer)
    client.force_login(admin_user)
    ikm_page = client.get(reverse("nominations:ikm", args=[nomination.ikm_id])).content.decode()
    assert "Kabupaten Sleman" in ikm_page and reverse("nominations:ikm_move", args=[nomination.ikm_id]) in ikm_page
    assert client.get(reverse("nominations:ikm_move", args=[nomination.ikm_id])).status_code == 200
    refused = client.post(
        reverse("nominations:ikm_move", args=[nomination.ikm_id]), {"regency": other_officer.regency_id, "reason": ""}
    )
    assert refused.status_code == 200 and Ikm.objects.get(pk=nomination.ikm_id).holder_id() == officer.regency_id
    moved = client.post(
        reverse("nominations:ikm_move", args=[nomination.ikm_id]),
        {"regency": other_officer.regency_id, "reason": "Bengkel pindah ke Bantul"},
        follow=True,
    )
    assert moved.redirect_chain[-1][0] == reverse("nominations:ikm", args=[nomination.ikm_id])
    entry = AuditRecord.objects.get(action="ikm.moved")
    assert (entry.actor, entry.reason, entry.before, entry.after) == (
        admin_user,
        "Bengkel pindah ke Bantul",
        {"regency": "Kabupaten Sleman"},
        {"regency": "Kabupaten Bantul"},
    )
    new_round = AwardRoundFactory(status="draft")
    theirs = services.save_nomination(
        Nomination(round=new_round, regency=other_officer.regency, nib=nomination.nib), by=other_officer
    )
    assert theirs.ikm_id == nomination.ikm_id
    with pytest.raises(WorkflowError, match="kabupaten/kota lain"):
        services.save_nomination(Nomination(round=new_round, regency=officer.regency, nib=nomination.nib), by=officer)


@pytest.mark.parametrize("actor", ["officer", "team_member"])
def test_only_a_ministry_admin_moves_an_ikm(client, request, actor, nomination, other_officer):
    user = request.getfixturevalue(actor)
    client.force_login(user)
    assert (
        client.post(
            reverse("nominations:ikm_move", args=[nomination.ikm_id]),
            {"regency": other_officer.regency_id, "reason": "x"},
        ).status_code
        == 403
    )
    with pytest.raises(WorkflowError):
        services.move_ikm(nomination.ikm, other_officer.regency, by=user, reason="x")
    assert not AuditRecord.objects.filter(action="ikm.moved").exists()


def test_a_draft_of_another_regency_neither_renames_the_ikm_nor_shows_its_name(
    client, officer, other_officer, squatter_draft
):
    """The second review: a Bantul draft renamed Sleman's IKM record, and each regency's IKM page
    showed the other's name."""
    mine = services.save_nomination(
        Nomination(
            round=squatter_draft.round,
            regency=officer.regency,
            nib=squatter_draft.nib,
            business_name="Bambu Apik Moyudan",
        ),
        by=officer,
    )
    squatter_draft.refresh_from_db()
    squatter_draft.business_name = "Anyaman Pandan Bantul"
    services.save_nomination(squatter_draft, by=other_officer, expected_version=squatter_draft.version)
    client.force_login(officer)
    assert "Anyaman Pandan Bantul" not in client.get(reverse("nominations:ikm", args=[mine.ikm_id])).content.decode()
    client.force_login(other_officer)
    page = client.get(reverse("nominations:ikm", args=[mine.ikm_id])).content.decode()
    assert "Bambu Apik Moyudan" not in page and "Anyaman Pandan Bantul" in page
