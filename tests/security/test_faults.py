"""A state change and its audit record commit together or not at all; a database outage gives a friendly
page and the portal recovers. Faults are real: a database trigger refuses audit writes; the database
connection points at a closed port."""

import pytest
from django.db import DatabaseError, connection
from django.test import Client
from django.urls import reverse

from audit.models import AuditRecord
from nominations import services
from notifications.models import Notification

TRIGGERS = {
    "sqlite": [
        "CREATE TRIGGER audit_down BEFORE INSERT ON audit_auditrecord BEGIN SELECT RAISE(ABORT, 'audit store "
        "unavailable'); END"
    ],
    "postgresql": [
        "CREATE FUNCTION audit_down() RETURNS trigger AS $$ BEGIN RAISE EXCEPTION 'audit store unavailable'; END "
        "$$ LANGUAGE plpgsql",
        "CREATE TRIGGER audit_down BEFORE INSERT ON audit_auditrecord FOR EACH ROW EXECUTE FUNCTION audit_down()",
    ],
}


@pytest.fixture
def audit_store_down(db):
    """Make every audit insert fail inside the database (rolled back with the test's transaction)."""
    with connection.cursor() as cursor:
        for statement in TRIGGERS[connection.vendor]:
            cursor.execute(statement)


@pytest.mark.django_db
def test_submit_is_undone_when_its_audit_record_cannot_be_written(nomination, officer, audit_store_down):
    with pytest.raises(DatabaseError, match="audit store unavailable"):
        services.submit_nomination(nomination, by=officer)
    nomination.refresh_from_db()
    assert nomination.status == "draft" and nomination.submitted_at is None
    assert not AuditRecord.objects.exists() and not Notification.objects.exists()


@pytest.mark.django_db
def test_the_page_shows_a_friendly_error_and_keeps_the_draft(nomination, officer, audit_store_down):
    client = Client(raise_request_exception=False)
    client.force_login(officer)
    response = client.post(reverse("nominations:submit", args=[nomination.pk]))
    assert response.status_code == 500
    html = response.content.decode()
    assert "Layanan sedang terganggu" in html and "Traceback" not in html
    nomination.refresh_from_db()
    assert nomination.status == "draft"


@pytest.mark.django_db(transaction=True)
def test_database_outage_gives_a_friendly_page_and_the_portal_recovers(officer):
    if connection.vendor != "postgresql":
        pytest.skip("needs a database server to lose: run with DATABASE_URL=postgres://... (CI does)")
    client = Client(raise_request_exception=False)
    client.force_login(officer)
    assert client.get(reverse("nominations:list")).status_code == 200
    port = connection.settings_dict["PORT"]
    try:
        connection.close()
        connection.settings_dict["PORT"] = "1"  # nothing listens there: the database is "down"
        down = client.get(reverse("nominations:list"))
        assert down.status_code == 500 and "Layanan sedang terganggu" in down.content.decode()
    finally:
        connection.close()
        connection.settings_dict["PORT"] = port
    assert client.get(reverse("nominations:list")).status_code == 200
