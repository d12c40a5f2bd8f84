"""The notification pages (notifications/views.py): each user's inbox, and the ministry's outbox of result e-mails."""

import pytest
from django.core import mail
from django.urls import reverse

from nominations import services as nomination_services
from notifications.models import Notification
from notifications.services import send_outbox
from tests.curation.conftest import all_scores, curation_round, locked  # noqa: F401 - curation_round: fixture

pytestmark = pytest.mark.django_db


def test_outbox_is_reviewed_edited_and_sent_in_one_step(
    client, admin_user, officer, django_capture_on_commit_callbacks
):
    from notifications.services import notify

    notify([officer], "results_published", {"nomination": "Tenun Lurik", "level": "Bintang 3"}, outbox=True)
    waiting = Notification.objects.get()
    client.force_login(admin_user)
    assert "1 e-mail menunggu" in client.get(reverse("notifications:outbox")).content.decode()
    client.post(
        reverse("notifications:outbox_edit", args=[waiting.pk]),
        {"subject": "Selamat!", "body": "Teks yang sudah diperiksa"},
    )
    assert mail.outbox == []
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("notifications:outbox_send"))
    assert [(m.subject, m.body.split("\n")[0]) for m in mail.outbox] == [("Selamat!", "Teks yang sudah diperiksa")]
    waiting.refresh_from_db()
    assert waiting.status == "sent"
    with django_capture_on_commit_callbacks(execute=True):
        assert send_outbox() == 0
    assert len(mail.outbox) == 1


def test_notifications_page_lists_own_messages_and_marks_them_read(
    client, nomination, officer, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        nomination_services.submit_nomination(nomination, by=officer)
    client.force_login(officer)
    page = client.get(reverse("nominations:list")).content.decode()
    assert 'badge bg-warning text-dark">1<' in page
    inbox = client.get(reverse("notifications:inbox")).content.decode()
    assert "Nominasi diajukan" in inbox
    assert Notification.objects.get(recipient=officer).read_at is not None


def test_only_admins_see_the_outbox(client, officer):
    client.force_login(officer)
    assert client.get(reverse("notifications:outbox")).status_code == 403


def test_outbox_edit_refuses_a_message_beyond_its_maximum_and_keeps_the_stored_one(client, admin_user, officer):
    from notifications.services import notify

    waiting = notify([officer], "results_published", {"nomination": "Tenun Lurik", "level": "Bintang 3"}, outbox=True)[
        0
    ]
    client.force_login(admin_user)
    response = client.post(
        reverse("notifications:outbox_edit", args=[waiting.pk]), {"subject": "Selamat!", "body": "x" * 10_001}
    )
    assert response.status_code == 200 and "paling banyak 10000 karakter" in response.content.decode()
    assert Notification.objects.get(pk=waiting.pk).body == waiting.body
