"""The ranking pages of curation/views/ranking.py: province ranking, shortlist, minutes, national view, calibration."""

import io
from decimal import Decimal

import pytest
from django.urls import reverse
from pypdf import PdfReader

from core.exceptions import WorkflowError
from curation import selectors, services
from curation.models import Shortlist
from tests.awards.conftest import closed_round, decision_round  # noqa: F401 - fixtures
from tests.curation.conftest import all_scores, locked

pytestmark = pytest.mark.django_db


def test_ranking_page_filters_by_commodity_and_sorts_by_spread(client, scored, chair):
    a, b, c = scored
    client.force_login(chair)
    by_spread = client.get(reverse("curation:ranking"), {"sort": "spread"}).context["rows"]
    assert by_spread[0].pk == a.pk
    batik = client.get(reverse("curation:ranking"), {"commodity": b.commodity_id}).context["rows"]
    assert [row.pk for row in batik] == [b.pk]


def test_chair_quota_is_enforced_and_forwarding_locks_the_shortlist(
    client, scored, chair, curation_round, diy, admin_user
):
    a, b, c = scored
    client.force_login(chair)
    response = client.post(reverse("curation:shortlist_save"), {"nominations": [a.pk, b.pk, c.pk]}, follow=True)
    assert "paling banyak 2" in response.content.decode().lower()  # three is over the quota of two
    assert not Shortlist.objects.filter(round=curation_round, province=diy, nominations__isnull=False).exists()
    response = client.post(reverse("curation:shortlist_save"), {"nominations": [a.pk, b.pk]}, follow=True)
    assert "2 dari 2" in response.content.decode()
    shortlist = Shortlist.objects.get(round=curation_round, province=diy)
    response = client.post(reverse("curation:shortlist_forward"), follow=True)
    assert response.redirect_chain[-1][0] == reverse("curation:minutes", args=[shortlist.pk])
    shortlist.refresh_from_db()
    assert shortlist.is_forwarded
    with pytest.raises(WorkflowError, match="dikunci"):
        services.set_shortlist(curation_round, diy, [c], by=chair)
    services.reopen_shortlist(shortlist, by=admin_user, reason="Ada kekeliruan data")
    services.set_shortlist(curation_round, diy, [a, c], by=chair)
    assert set(shortlist.nominations.values_list("pk", flat=True)) == {a.pk, c.pk}


def test_only_the_chair_shortlists(client, scored, team_member, curation_round, diy):
    client.force_login(team_member)
    assert client.post(reverse("curation:shortlist_save"), {"nominations": [scored[0].pk]}).status_code == 403
    with pytest.raises(WorkflowError):
        services.set_shortlist(curation_round, diy, [scored[0]], by=team_member)


def test_minutes_page_and_pdf(client, scored, chair, team_member, curation_round, diy, other_province_member):
    a, b, c = scored
    services.set_shortlist(curation_round, diy, [a, b], by=chair)
    shortlist = services.forward_shortlist(Shortlist.objects.get(round=curation_round, province=diy), by=chair)
    client.force_login(team_member)
    page = client.get(reverse("curation:minutes", args=[shortlist.pk])).content.decode()
    assert "BERITA ACARA HASIL SELEKSI" in page and "Kerabat pemilik" in page and "Tanda tangan" in page
    assert str(chair) in page and "A Tenun" in page
    pdf = client.get(reverse("curation:minutes_pdf", args=[shortlist.pk]))
    assert pdf["Content-Type"] == "application/pdf"
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf.content)).pages)
    assert "A Tenun" in text and "Kerabat pemilik" in text
    client.force_login(other_province_member)
    assert client.get(reverse("curation:minutes", args=[shortlist.pk])).status_code == 404


def test_national_ranking_shows_only_forwarded_shortlists_and_compares(
    client, scored, chair, curation_round, diy, admin_user
):
    a, b, c = scored
    services.set_shortlist(curation_round, diy, [a, b], by=chair)
    client.force_login(admin_user)
    assert client.get(reverse("curation:national")).context["rows"] == []
    services.forward_shortlist(Shortlist.objects.get(round=curation_round, province=diy), by=chair)
    rows = client.get(reverse("curation:national")).context["rows"]
    assert [row.pk for row in rows] == [a.pk, b.pk]
    compare = client.get(reverse("curation:compare"), {"ids": [a.pk, b.pk]})
    assert compare.status_code == 200
    product_points = compare.context["aspect_rows"][0][1]  # the Product aspect (weights 40): A = (40 + 20) / 2
    assert product_points == [pytest.approx(30.0), pytest.approx(30.0)]
    sheets = client.get(reverse("curation:sheets", args=[a.pk]))
    assert sheets.status_code == 200 and len(sheets.context["sheets"]) == 2


def test_calibration_shows_harsh_scorer_and_z_scores(client, scored, chair, team_member, curation_round, diy):
    members, z = selectors.calibration(curation_round, diy)
    by_name = {m["name"]: m for m in members}
    harsh = by_name[str(team_member)]
    assert harsh["sheets"] == 2 and harsh["mean"] == pytest.approx(62.5) and harsh["difference"] == pytest.approx(-12.5)
    assert set(z) == {n.pk for n in scored}
    client.force_login(chair)
    assert client.get(reverse("curation:calibration")).status_code == 200


def test_admin_sees_any_province_ranking_without_hidden_means(client, scored, admin_user, diy):
    client.force_login(admin_user)
    rows = client.get(reverse("curation:ranking"), {"province": diy.pk}).context["rows"]
    assert all(not row.hidden for row in rows) and rows[0].mean == Decimal("75")


def test_national_ranking_pages_by_fifty_and_counts_the_filtered_rows(
    client, curation_round, officer, chair, admin_user, diy
):
    from curation.views.ranking import RANKING_PAGE_SIZE

    curation_round.province_shortlist_quota = 55
    curation_round.save()
    nominations = [locked(curation_round, officer.regency, officer, business_name=f"IKM {i:02d}") for i in range(55)]
    for index, nomination in enumerate(nominations):
        services.save_sheet(
            nomination, by=chair, values=all_scores(curation_round, 1 + index % 5), comment="", submit=True
        )
    locked(curation_round, officer.regency, officer, business_name="Not shortlisted")
    services.set_shortlist(curation_round, diy, nominations, by=chair)
    services.forward_shortlist(
        Shortlist.objects.get(round=curation_round, province=diy), by=chair, confirm_missing=True
    )
    client.force_login(admin_user)
    url = reverse("curation:national")
    first = client.get(url, {"round": curation_round.pk})
    assert first.context["page"].paginator.count == 55 and len(first.context["rows"]) == RANKING_PAGE_SIZE
    second = client.get(url, {"round": curation_round.pk, "page": 2})
    assert [row.rank for row in second.context["rows"]] == [51, 52, 53, 54, 55]
    assert "Not shortlisted" not in first.content.decode() + second.content.decode()
    other = curation_round.commodity_types.exclude(pk=nominations[0].commodity_id).first()
    none_of_that_kind = client.get(url, {"round": curation_round.pk, "province": "34", "commodity": other.pk})
    assert none_of_that_kind.context["page"].paginator.count == 0 and none_of_that_kind.context["rows"] == []


def test_province_ranking_shows_fifty_rows_a_page_and_ranks_across_pages(client, large_province, curation_round, chair):
    client.force_login(chair)
    url = reverse("curation:ranking")
    first = client.get(url, {"round": curation_round.pk})
    second = client.get(url, {"round": curation_round.pk, "page": 2})
    assert len(first.context["rows"]) == 50 and [row.rank for row in second.context["rows"]] == [51, 52, 53, 54, 55]
    assert "Halaman 2 dari 2" in second.content.decode()


def test_viewing_the_ranking_creates_no_shortlist(client, large_province, curation_round, chair, diy):
    client.force_login(chair)
    before = list(Shortlist.objects.values_list("pk", "forwarded_at"))
    client.get(reverse("curation:ranking"), {"round": curation_round.pk})
    assert list(Shortlist.objects.values_list("pk", "forwarded_at")) == before
    assert not Shortlist.objects.get(round=curation_round, province=diy).nominations.exists()


def test_chair_shortlists_from_two_pages_and_a_page_keeps_what_others_chose(
    client, large_province, curation_round, chair, diy
):
    client.force_login(chair)
    url = reverse("curation:ranking")
    first_rows = client.get(url, {"round": curation_round.pk}).context["rows"]
    second_rows = client.get(url, {"round": curation_round.pk, "page": 2}).context["rows"]
    top, last, other_last = first_rows[0].pk, second_rows[-1].pk, second_rows[-2].pk
    save = reverse("curation:shortlist_save") + f"?round={curation_round.pk}"
    client.post(save, {"shown": [row.pk for row in first_rows], "nominations": [top]})
    response = client.post(
        save + "&page=2", {"shown": [row.pk for row in second_rows], "nominations": [last, other_last]}, follow=True
    )
    shortlist = Shortlist.objects.get(round=curation_round, province=diy)
    assert set(shortlist.nominations.values_list("pk", flat=True)) == {top, last, other_last}
    assert response.redirect_chain[-1][0].endswith("page=2") and "3 dari 3" in response.content.decode()
    client.post(
        save + "&page=2", {"shown": [row.pk for row in second_rows], "nominations": [last]}
    )  # untick one on page 2
    assert set(shortlist.nominations.values_list("pk", flat=True)) == {top, last}


def test_ranking_table_escapes_names_and_speaks_the_chosen_language(client, scored, chair):
    a, _b, _c = scored
    a.business_name = "<script>alert(1)</script>"
    a.save(update_fields=["business_name"])
    client.force_login(chair)
    html = client.get(reverse("curation:ranking")).content.decode()
    assert "<script>alert(1)</script>" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "Simpangan baku" in html and "penilaian anggota berbeda lebih dari 20 poin" in html
    assert 'aria-label="Masukkan &lt;script&gt;alert(1)&lt;/script&gt; ke daftar pendek"' in html
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    html = client.get(reverse("curation:ranking")).content.decode()
    assert "Std. dev." in html and "members disagree by more than 20 points" in html and "Simpangan baku" not in html


def test_shortlist_form_drops_ticked_values_that_are_no_ids(client, scored, chair, curation_round, diy):
    a, b, c = scored
    client.force_login(chair)
    bad = ["99999999999999999999999", "9223372036854775808", "²", "-1", "abc", "7\x00"]
    response = client.post(
        reverse("curation:shortlist_save"), {"nominations": [a.pk, *bad], "shown": [a.pk, b.pk, *bad]}, follow=True
    )
    assert response.status_code == 200 and "1 dari 2" in response.content.decode()
    assert list(Shortlist.objects.get(round=curation_round, province=diy).nominations.values_list("pk", flat=True)) == [
        a.pk
    ]


def test_no_round_in_curation_gives_a_friendly_page(client, team_member):
    client.force_login(team_member)
    response = client.get(reverse("curation:ranking"))
    assert (
        response.status_code == 200 and "Belum ada putaran penghargaan dalam tahap kurasi" in response.content.decode()
    )


def test_the_national_page_of_a_closed_round_offers_no_reopen(client, closed_round, admin_user):
    award_round = closed_round[0]
    client.force_login(admin_user)
    html = client.get(reverse("curation:national"), {"round": award_round.pk}).content.decode()
    assert reverse("curation:shortlist_reopen", args=[Shortlist.objects.get().pk]) not in html
    response = client.post(
        reverse("curation:shortlist_reopen", args=[Shortlist.objects.get().pk]), {"reason": "Ubah"}, follow=True
    )
    assert Shortlist.objects.get().is_forwarded and "ditutup" in response.content.decode()


def test_every_reader_of_a_province_ranking_sees_the_chairs_shortlist_and_the_national_one_marks_none(
    client, scored, chair, team_member, admin_user, curation_round, diy
):
    a, b, _c = scored
    services.set_shortlist(curation_round, diy, [a], by=chair)
    client.force_login(chair)
    page = " ".join(client.get(reverse("curation:ranking")).content.decode().split())  # a tag may span lines
    assert page.count('<tr class="table-success">') == 1
    assert f'value="{a.pk}" id="pick-{a.pk}" aria-label="Masukkan A Tenun ke daftar pendek" checked>' in page
    assert f'value="{b.pk}" id="pick-{b.pk}" aria-label="Masukkan B Batik ke daftar pendek">' in page
    for reader, query in ((team_member, {}), (admin_user, {"province": diy.pk})):
        client.force_login(reader)
        page = client.get(reverse("curation:ranking"), query).content.decode()
        assert page.count('<tr class="table-success">') == 1 and page.count("Daftar pendek</span>") == 1
        assert 'type="checkbox"' not in page
    services.forward_shortlist(Shortlist.objects.get(round=curation_round, province=diy), by=chair)
    client.force_login(admin_user)
    page = " ".join(client.get(reverse("curation:national")).content.decode().split())
    assert "table-success" not in page and "Daftar pendek</span>" not in page
    assert f'name="ids" value="{a.pk}" id="pick-{a.pk}" aria-label="Masukkan A Tenun ke daftar pendek">' in page
