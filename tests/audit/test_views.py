"""The audit trail's page (audit/views.py): browsable and filterable by ministry admins only."""

import pytest
from django.urls import reverse

from audit.models import AuditRecord
from audit.presentation import events
from nominations.models import Nomination
from tests.factories import NominationFactory
from tests.factories.audit import AuditRecordFactory
from tests.reports.conftest import two_provinces  # noqa: F401 - fixture

pytestmark = pytest.mark.django_db


def test_audit_trail_browsable_and_filterable_by_admins_only(client, two_provinces, admin_user, officer):
    client.force_login(admin_user)
    page = client.get(reverse("audit:list"), {"action": "nomination.submitted"})
    assert page.context["page"].paginator.count == 3
    assert client.get(reverse("audit:list"), {"actor": "officer_bandung"}).context["page"].paginator.count == 1
    client.force_login(officer)
    assert client.get(reverse("audit:list")).status_code == 403


def in_english(client, user):
    client.force_login(user)
    client.cookies["django_language"] = "en"


def audit_rows(page):
    """The audit table's rows as (action label, record cell html, changes cell html), parsed loosely."""
    from html.parser import HTMLParser

    class Rows(HTMLParser):
        def __init__(self):
            super().__init__()
            self.rows, self.depth, self.cell, self.capture = [], 0, None, False

        def handle_starttag(self, tag, attrs):
            if tag == "table" and ("id", "audit-table") in attrs:
                self.capture = True
            if not self.capture:
                return
            if tag == "table":
                self.depth += 1
            elif tag == "tr" and self.depth == 1:
                self.rows.append([])
            elif tag == "td" and self.depth == 1:
                self.cell = []
                self.rows[-1].append(self.cell)
            elif tag == "a" and self.cell is not None:
                self.cell.append("<a href=" + dict(attrs)["href"] + ">")

        def handle_endtag(self, tag):
            if self.capture and tag == "table":
                self.depth -= 1
                self.capture = self.depth > 0

        def handle_data(self, data):
            if self.capture and self.cell is not None and data.strip():
                self.cell.append(data.strip())

    parser = Rows()
    parser.feed(page.content.decode())
    return [" | ".join(" ".join(cell) for cell in row) for row in parser.rows if row]


def test_audit_trail_shows_actions_fields_and_values_in_the_readers_language(client, two_provinces, admin_user):
    in_english(client, admin_user)
    nomination = Nomination.objects.get(business_name="Sleman Satu")
    rows = audit_rows(client.get(reverse("audit:list"), {"action": "nomination.submitted"}))
    assert len(rows) == 3
    submitted = next(row for row in rows if f"#{nomination.pk}" in row)
    # The action's label, the record's kind and a link to it, the change as field → before → after with labels.
    assert "| submitted |" in submitted
    assert f"<a href=/nominations/{nomination.pk}/> Nomination #{nomination.pk}" in submitted
    assert "Status Draft → Submitted" in submitted
    assert "nomination.submitted" not in submitted and "{" not in submitted


def test_audit_filter_offers_labelled_actions(client, two_provinces, admin_user):
    in_english(client, admin_user)
    choices = dict(client.get(reverse("audit:list")).context["filters"].fields["action"].choices)
    assert choices["nomination.submitted"] == "submitted"


def test_unknown_action_code_and_records_without_a_page_are_shown_unlinked(client, admin_user, award_round):
    AuditRecordFactory(action="mystery.happened", target=award_round, after={"status": "open", "colour": "blue"})
    AuditRecordFactory(action="user.password_set", target=admin_user, after=None)
    in_english(client, admin_user)
    rows = audit_rows(client.get(reverse("audit:list")))
    mystery = next(row for row in rows if "mystery.happened" in row)
    assert "<a href" not in mystery  # an award round has no scoped queryset: never linked
    assert "Colour — → blue" in mystery
    password = next(row for row in rows if "set a user's password" in row)
    assert "<a href" not in password and f"User #{admin_user.pk}" in password


def test_audit_links_only_records_the_reader_may_see(two_provinces, officer, team_member, admin_user):
    """The links come from each model's scoped queryset: an officer's reading links their regency's nomination,
    never another regency's; a team member's links none of a regency's drafts."""
    own = Nomination.objects.get(business_name="Sleman Satu")
    other = Nomination.objects.get(business_name="Bandung Tiga")
    records = AuditRecord.objects.filter(action="nomination.submitted").select_related("target_type")
    urls = {event.record.target_id: event.url for event in events(records, officer)}
    assert urls[str(own.pk)] == own.get_absolute_url()
    assert urls[str(other.pk)] is None
    assert len({e.url for e in events(records, admin_user)} - {None}) == 3
    draft = NominationFactory(round=two_provinces, regency=officer.regency, business_name="Draf Sleman")
    AuditRecordFactory(action="nomination.created", target=draft, after={"status": "draft"})
    records = AuditRecord.objects.filter(action__startswith="nomination.").select_related("target_type")
    member_urls = {event.record.target_id: event.url for event in events(records, team_member)}
    assert member_urls[str(own.pk)] == own.get_absolute_url()  # submitted in the member's province
    assert member_urls[str(other.pk)] is None  # another province's
    assert member_urls[str(draft.pk)] is None  # a draft of their province: not the team's to see yet
