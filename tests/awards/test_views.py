"""The pages of awards/views.py: decisions, publishing, the Go Global cohort and the showcase, and what each role sees
before and after publishing."""

import io

import pytest
from django.core import mail
from django.urls import reverse
from PIL import Image

from audit.models import AuditRecord
from awards import services
from awards.models import CohortMembership
from notifications.models import Notification
from tests.awards.conftest import decide_all, level
from tests.factories import pdf_upload, photo_upload

pytestmark = pytest.mark.django_db


def test_results_are_hidden_from_regencies_until_published(
    client, decision_round, admin_user, officer, django_capture_on_commit_callbacks
):
    award_round, first, second, third = decision_round
    decide_all(award_round, first, second, admin_user)
    client.force_login(officer)
    page = client.get(reverse("nominations:detail", args=[first.pk])).content.decode()
    assert "Bintang 3" not in page
    assert "Tenun Lurik Kurnia" not in client.get(reverse("showcase")).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        services.publish_results(award_round, by=admin_user)
    page = client.get(reverse("nominations:detail", args=[first.pk])).content.decode()
    assert "Bintang 3" in page
    assert AuditRecord.objects.filter(action="round.published").count() == 1
    # Result e-mails wait in the outbox: one per nominated IKM's officers, nothing sent yet.
    outbox = Notification.objects.filter(kind="results_published")
    assert outbox.count() == 3 and set(outbox.values_list("status", flat=True)) == {"outbox"}
    assert mail.outbox == []


def test_cohort_programme_edited_by_admin_seen_by_own_officer_only(
    client, promoted, admin_user, officer, other_officer
):
    membership = promoted
    client.force_login(admin_user)
    data = {
        "export_plan_status": "draft",
        "target_markets": "Jepang, Belanda",
        "product_development": "Ukuran untuk pasar Jepang",
        "has_marketplace": "on",
        "has_website": "on",
        "financing_referral": "Dirujuk ke LPEI",
        "mentor": "Ibu Ratna",
        "ex-TOTAL_FORMS": "1",
        "ex-INITIAL_FORMS": "0",
        "ex-MIN_NUM_FORMS": "0",
        "ex-MAX_NUM_FORMS": "1000",
        "ex-0-name": "FOODEX Japan",
        "ex-0-place": "Tokyo, Jepang",
        "ex-0-starts": "2023-03-07",
        "ex-0-ends": "2023-03-10",
    }
    assert client.post(reverse("awards:cohort_detail", args=[membership.pk]), data).status_code == 302
    membership.refresh_from_db()
    assert membership.digital_done == 2 and membership.exhibitions.get().name == "FOODEX Japan"
    client.force_login(officer)
    page = client.get(reverse("awards:cohort_detail", args=[membership.pk])).content.decode()
    assert (
        "FOODEX Japan" in page
        and "Ibu Ratna" in page
        and "<form" not in page.split("<main")[1].split("</main>")[0].replace('action="/i18n/setlang/"', "")
    )
    client.force_login(other_officer)
    assert client.get(reverse("awards:cohort_detail", args=[membership.pk])).status_code == 404


def test_showcase_hides_private_fields_and_unpublished_rounds(client, decision_round, admin_user):
    award_round, first, second, third = decision_round
    decide_all(award_round, first, second, admin_user)
    assert "Tenun Lurik Kurnia" not in client.get(reverse("showcase")).content.decode()
    services.publish_results(award_round, by=admin_user)
    page = client.get(reverse("showcase")).content.decode()
    assert "Tenun Lurik Kurnia" in page and "Kabupaten Sleman" in page
    assert "Batik Giriloyo" not in page  # not awarded
    for private in (first.nib, first.phone, first.email, "850.000.000", "850000000", first.owner_name):
        assert private not in page
    photo = first.photos.get()
    assert client.get(reverse("showcase_photo", args=[photo.pk])).status_code == 200
    assert client.get(reverse("showcase_photo", args=[second.photos.get().pk])).status_code == 404
    assert (
        client.get(reverse("nominations:file", args=["photo", photo.pk])).status_code == 302
    )  # private route needs login
    filtered = client.get(reverse("showcase"), {"province": "32"}).content.decode()
    assert "Tenun Lurik Kurnia" not in filtered


def test_admin_decides_publishes_and_promotes_through_the_pages(client, decision_round, admin_user, officer):
    award_round, first, second, third = decision_round
    client.force_login(admin_user)
    page = client.get(reverse("awards:decisions", args=[award_round.pk]))
    assert page.status_code == 200 and page.context["undecided"] == 2
    response = client.post(
        reverse("awards:decide", args=[first.pk]),
        {f"n{first.pk}-level": level(award_round).pk, f"n{first.pk}-reason": ""},
        follow=True,
    )
    # The round has no score bands: every decision needs a reason; the page comes back with the choice kept.
    assert "Tuliskan alasan keputusan" in response.content.decode()
    assert response.context["rows"][0].form["level"].value() == str(level(award_round).pk)
    client.post(
        reverse("awards:decide", args=[first.pk]),
        {f"n{first.pk}-level": level(award_round).pk, f"n{first.pk}-reason": "Terbaik nasional"},
    )
    client.post(
        reverse("awards:decide", args=[second.pk]), {f"n{second.pk}-level": "", f"n{second.pk}-reason": "Belum siap"}
    )
    assert client.get(reverse("awards:decisions", args=[award_round.pk])).context["undecided"] == 0
    response = client.post(reverse("awards:publish", args=[award_round.pk]), follow=True)
    assert response.redirect_chain[-1][0] == reverse("notifications:outbox")
    client.post(reverse("awards:promote", args=[first.pk]))
    assert CohortMembership.objects.filter(nomination=first).exists()
    response = client.post(reverse("awards:promote", args=[second.pk]), follow=True)
    assert "Hanya IKM penerima penghargaan" in response.content.decode()
    client.force_login(officer)
    assert client.post(reverse("awards:decide", args=[third.pk]), {}).status_code == 403
    cohort = client.get(reverse("awards:cohort", args=[award_round.pk]))
    assert [str(m) for m in cohort.context["memberships"]] == ["Tenun Lurik Kurnia"]


def test_export_plan_is_stored_and_served_as_a_pdf_download_whatever_its_name(client, promoted, admin_user):
    membership = promoted
    client.force_login(admin_user)
    data = {
        "export_plan": pdf_upload("rencana.html"),
        "export_plan_status": "draft",
        "ex-TOTAL_FORMS": "0",
        "ex-INITIAL_FORMS": "0",
        "ex-MIN_NUM_FORMS": "0",
        "ex-MAX_NUM_FORMS": "1000",
    }
    assert client.post(reverse("awards:cohort_detail", args=[membership.pk]), data).status_code == 302
    membership.refresh_from_db()
    assert membership.export_plan.name.endswith(".pdf")
    response = client.get(reverse("awards:export_plan", args=[membership.pk]))
    assert response["Content-Type"] == "application/pdf" and response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Disposition"] == f'attachment; filename="rencana-ekspor-{membership.nomination.nib}.pdf"'


def test_showcase_photo_is_served_inline_as_its_image_type(client, decision_round, admin_user):
    award_round, first, second, third = decision_round
    decide_all(award_round, first, second, admin_user)
    services.publish_results(award_round, by=admin_user)
    response = client.get(reverse("showcase_photo", args=[first.photos.get().pk]))
    assert response["Content-Type"] == "image/jpeg" and response["X-Content-Type-Options"] == "nosniff"
    assert (
        response["Content-Disposition"].startswith("inline;") and response["Cache-Control"] == "public, max-age=86400"
    )


def test_public_showcase_photo_never_sends_the_original_with_its_gps_position(client, decision_round, admin_user):
    award_round, first, second, third = decision_round
    decide_all(award_round, first, second, admin_user)
    services.publish_results(award_round, by=admin_user)
    photo = first.photos.get()
    photo.image.save("kebun.jpg", photo_upload(size=(2000, 1500), gps=True))
    with photo.image.open("rb") as original:
        assert len(Image.open(original).getexif().get_ifd(0x8825)) > 0  # the stored original has a GPS position
    response = client.get(reverse("showcase_photo", args=[photo.pk]))
    image = Image.open(io.BytesIO(b"".join(response.streaming_content)))
    assert response["Content-Type"] == "image/jpeg" and image.size == (1280, 960)
    assert "exif" not in image.info and len(image.getexif()) == 0


def test_showcase_filters_keep_their_choice_and_ignore_values_that_are_no_choice(client, decision_round, admin_user):
    award_round, first, second, third = decision_round
    decide_all(award_round, first, second, admin_user)
    services.publish_results(award_round, by=admin_user)
    chosen = client.get(reverse("showcase"), {"province": "34", "commodity": first.commodity_id, "q": "Tenun"})
    html = chosen.content.decode()
    assert "Tenun Lurik Kurnia" in html
    assert '<option value="34" selected>' in html and f'<option value="{first.commodity_id}" selected>' in html
    ignored = client.get(
        reverse("showcase"), {"province": "7\x00", "commodity": "99999999999999999999999", "q": "x" * 101}
    )
    html = ignored.content.decode()
    assert ignored.status_code == 200 and "Tenun Lurik Kurnia" in html
    assert '<option value="34" selected>' not in html and f'<option value="{first.commodity_id}" selected>' not in html


def test_showcase_serves_renditions_of_published_winners_photos_only(client, decision_round, admin_user):
    award_round, first, second, third = decision_round
    decide_all(award_round, first, second, admin_user)
    winner = first.photos.get()

    def rendition(photo, width=640, extension="webp"):
        return client.get(
            reverse("showcase_photo_rendition", kwargs={"pk": photo.pk, "width": width, "extension": extension})
        )

    assert rendition(winner).status_code == 404  # not published yet
    services.publish_results(award_round, by=admin_user)
    response = rendition(winner)
    assert response.status_code == 200 and response["Content-Type"] == "image/webp"
    assert response["Cache-Control"] == "public, max-age=86400"
    assert rendition(second.photos.get()).status_code == 404  # not awarded
    assert rendition(winner, width=100).status_code == 404
    page = client.get(reverse("showcase")).content.decode()
    assert reverse("showcase_photo_rendition", kwargs={"pk": winner.pk, "width": 320, "extension": "jpg"}) in page
    assert f'src="{reverse("showcase_photo", args=[winner.pk])}"' not in page
