"""Editing a result e-mail in the outbox goes through notifications.services.edit_outbox_message: only ministry
admins, only while it waits, audited with the text before and after."""

import pytest
from django.urls import reverse

from audit.models import AuditRecord
from core.exceptions import WorkflowError
from notifications import rules
from notifications.models import Notification
from notifications.services import edit_outbox_message, notify

pytestmark = pytest.mark.django_db


@pytest.fixture
def waiting(officer):
    return notify([officer], "results_published", {"nomination": "Tenun Lurik", "level": "Bintang 3"}, outbox=True)[0]


def test_outbox_edit_page_saves_through_the_service_with_an_audit_record(client, admin_user, waiting):
    client.force_login(admin_user)
    client.post(reverse("notifications:outbox_edit", args=[waiting.pk]), {"subject": "Selamat!", "body": "Teks baru"})
    edited = AuditRecord.objects.for_object(waiting).get()
    assert edited.action == "outbox.edited" and edited.actor == admin_user
    assert edited.before == {"subject": waiting.subject, "body": waiting.body} and edited.after == {
        "subject": "Selamat!",
        "body": "Teks baru",
    }


def test_a_sent_message_is_not_edited_and_the_reason_says_so(admin_user, waiting):
    Notification.objects.filter(pk=waiting.pk).update(status=Notification.Status.SENT)
    waiting.refresh_from_db()
    verdict = rules.may_edit_outbox_message(admin_user, waiting)
    assert not verdict and "sudah dikirim" in verdict.reason
    with pytest.raises(WorkflowError, match="sudah dikirim"):
        edit_outbox_message(waiting, subject="x", body="y", by=admin_user)


def test_only_ministry_admins_edit_the_outbox(officer, waiting):
    with pytest.raises(WorkflowError, match="admin kementerian"):
        edit_outbox_message(waiting, subject="x", body="y", by=officer)
    assert not AuditRecord.objects.exists()
