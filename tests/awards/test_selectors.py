"""Before publication nothing of a decision is visible to anyone but ministry admins; after it, every
nomination's shown status follows its round to the end (awarded / not awarded)."""

import csv
import io

import pytest
from django.urls import reverse

from awards import services
from core.exceptions import WorkflowError
from nominations.models import NominationStatus

pytestmark = pytest.mark.django_db

SECRET_REASON = "Alasan rahasia juri nasional"


@pytest.fixture
def decided(decision_round, admin_user):
    award_round, first, second, third = decision_round
    services.decide(first, level=award_round.award_levels.get(rank=1), reason=SECRET_REASON, by=admin_user)
    services.decide(second, level=None, reason="Belum siap ekspor", by=admin_user)
    return award_round, first, second, third


def export_text(client, dataset, award_round):
    response = client.get(reverse("reports:export", args=[dataset, "csv"]), {"round": award_round.pk})
    return b"".join(response.streaming_content).decode("utf-8-sig") if response.status_code == 200 else ""


@pytest.mark.parametrize("viewer", ["officer", "team_member", "chair"])
def test_nothing_of_a_decision_reaches_others_before_publication(client, request, decided, viewer):
    award_round, first, second, third = decided
    client.force_login(request.getfixturevalue(viewer))
    pages = [
        client.get(reverse("nominations:detail", args=[first.pk])),
        client.get(reverse("nominations:list")),
        client.get(reverse("nominations:ikm", args=[first.ikm_id])),
        client.get(reverse("reports:statistics"), {"round": award_round.pk}),
        client.get(reverse("notifications:inbox")),
    ]
    texts = [page.content.decode() for page in pages] + [
        export_text(client, name, award_round) for name in ("nominations", "ranking", "sheets", "cohort")
    ]
    for text in texts:
        assert SECRET_REASON not in text and "award.decided" not in text and "Bintang 3" not in text
    detail = pages[0].context
    assert [event.action for event in detail["history"] if event.action.startswith("award.")] == []
    assert detail["nomination"].get_status_display() == "Dalam kurasi"


def test_admin_sees_the_decision_in_the_history_before_publication(client, decided, admin_user):
    award_round, first, second, third = decided
    client.force_login(admin_user)
    html = client.get(reverse("nominations:detail", args=[first.pk])).content.decode()
    assert SECRET_REASON in html


def test_after_publication_each_nomination_shows_its_outcome(client, decided, admin_user, officer):
    award_round, first, second, third = decided
    services.publish_results(award_round, by=admin_user)
    for nomination, status in [
        (first, NominationStatus.AWARDED),
        (second, NominationStatus.NOT_AWARDED),
        (third, NominationStatus.NOT_AWARDED),
    ]:
        nomination.refresh_from_db()
        assert nomination.status == status
    client.force_login(officer)
    detail = client.get(reverse("nominations:detail", args=[first.pk]))
    assert detail.context["nomination"].get_status_display() == "Mendapat penghargaan"
    assert (
        'status-awarded">Mendapat penghargaan' in detail.content.decode() and SECRET_REASON in detail.content.decode()
    )
    statistics = client.get(reverse("reports:statistics"), {"round": award_round.pk}).content.decode()
    assert "Dalam kurasi" not in statistics and "Tidak mendapat penghargaan" in statistics
    rows = list(csv.DictReader(io.StringIO(export_text(client, "nominations", award_round))))
    assert {row["Nama usaha"]: row["Status"] for row in rows} == {
        "Tenun Lurik Kurnia": "Mendapat penghargaan",
        "Tidak Terpilih": "Tidak mendapat penghargaan",
    }


def test_outcome_statuses_keep_rankings_and_team_views_of_a_published_round(client, decided, admin_user, chair, diy):
    award_round, first, second, third = decided
    services.publish_results(award_round, by=admin_user)
    client.force_login(chair)
    assert {row.pk for row in client.get(reverse("curation:ranking"), {"round": award_round.pk}).context["rows"]} == {
        first.pk,
        second.pk,
        third.pk,
    }
    assert client.get(reverse("nominations:detail", args=[third.pk])).status_code == 200
    client.force_login(admin_user)
    assert client.get(reverse("curation:sheets", args=[first.pk])).status_code == 200


def test_an_awarded_nomination_cannot_silently_leave_a_reopened_shortlist(decided, admin_user, chair):
    """The review reopened a shortlist after decisions, dropped an awarded nomination,
    and it was published as awarded."""
    from curation import services as curation
    from curation.models import Shortlist

    award_round, first, second, third = decided
    curation.reopen_shortlist(Shortlist.objects.get(), by=admin_user, reason="Koreksi")
    with pytest.raises(WorkflowError, match="Tenun Lurik Kurnia"):
        curation.set_shortlist(award_round, chair.province, [second], by=chair)
    services.decide(first, level=None, reason="Dikeluarkan", by=admin_user)
    curation.set_shortlist(award_round, chair.province, [second], by=chair)
    assert list(Shortlist.objects.get().nominations.all()) == [second]
