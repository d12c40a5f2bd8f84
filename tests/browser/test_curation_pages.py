"""Team members score in the browser; the chair shortlists and forwards; the admin compares."""

from datetime import timedelta

import pytest
from django.utils import timezone

from curation.models import ScoreSheet, SheetStatus, Shortlist
from curation.services import seed_default_rubric
from nominations.models import NominationStatus, RoundStatus
from tests.factories import DEFAULT_PASSWORD, AwardRoundFactory, NominationFactory

from .conftest import PHONE

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def in_curation(officer):
    now = timezone.now()
    award_round = AwardRoundFactory(
        status=RoundStatus.CURATION,
        nomination_opens=now - timedelta(days=30),
        nomination_closes=now - timedelta(days=2),
        scoring_opens=now - timedelta(days=1),
        scoring_closes=now + timedelta(days=14),
        province_shortlist_quota=1,
    )
    seed_default_rubric(award_round)
    return [
        NominationFactory(
            round=award_round,
            regency=officer.regency,
            created_by=officer,
            status=NominationStatus.LOCKED,
            with_photo=True,
            business_name=name,
            submitted_at=now - timedelta(days=3),
        )
        for name in ("Tenun Lurik Kurnia", "Gerabah Kasongan Asri")
    ]


def score_every_criterion(page, value):
    for field in page.locator("input[name^=score_]").all():
        field.fill(str(value))


def test_members_score_declare_conflict_and_chair_forwards(visitor, in_curation, team_member, chair, admin_user):
    first, second = in_curation
    member = visitor("member-desktop")
    member.login(team_member.username, DEFAULT_PASSWORD)
    assert "0 dinilai · 0 konflik · 2 belum" in member.page.content()
    member.shot("01-worklist")
    member.click("text=Nilai nominasi berikutnya")  # the worklist is alphabetical: Gerabah first
    assert "Gerabah Kasongan Asri" in member.page.locator("h1").inner_text()
    member.go(f"/curation/nominations/{first.pk}/score/")
    score_every_criterion(member.page, 4)
    member.page.fill("#id_comment", "Motif lurik khas, kemasan perlu diperbaiki.")
    member.shot("02-score-form")
    member.click("button[name=submit]")
    assert "Lembar penilaian terkirim." in member.page.content()
    member.go("/curation/")
    member.click(f"a[href='/curation/nominations/{second.pk}/score/']")
    member.click("text=Nyatakan konflik kepentingan")
    member.page.fill("#id_reason", "Pemiliknya saudara saya")
    member.click("button:has-text('Nyatakan konflik')")
    assert "1 dinilai · 1 konflik · 0 belum" in member.page.content()
    member.shot("03-worklist-done")
    assert ScoreSheet.objects.get(member=team_member, nomination=second).status == SheetStatus.CONFLICT

    head = visitor("chair-phone", viewport=PHONE)
    head.login(chair.username, DEFAULT_PASSWORD)
    head.go(f"/curation/nominations/{first.pk}/score/")
    score_every_criterion(head.page, 5)
    head.click("button[name=submit]")
    assert "87,50" in head.page.content()  # the mean of 75 and 100, visible after the chair's own sheet
    head.go("/curation/ranking/")
    head.shot("04-ranking")
    assert head.no_horizontal_scroll()
    head.page.check(f"#pick-{first.pk}")
    head.click("text=Simpan daftar pendek")
    head.click("text=Teruskan ke kementerian")
    # The chair has not scored the second nomination: forwarding asks for confirmation, listing the sheet.
    assert (
        "Masih ada 1 lembar penilaian yang belum masuk" in head.page.content()
        and "Gerabah Kasongan Asri" in head.page.content()
    )
    head.shot("05-forward-confirm")
    assert head.no_horizontal_scroll()
    head.click("text=Tetap teruskan")
    assert "BERITA ACARA HASIL SELEKSI" in head.page.content()
    head.shot("06-minutes")
    assert Shortlist.objects.get().is_forwarded
    assert head.errors == [] and member.errors == []

    ministry = visitor("admin-national")
    ministry.login(admin_user.username, DEFAULT_PASSWORD)
    ministry.go("/curation/national/")
    assert "Tenun Lurik Kurnia" in ministry.page.content()
    ministry.shot("06-national")
    assert ministry.unlabelled_fields() == []
    ministry.click("a:has-text('Buka kembali')")  # the row's link asks for the reason first
    ministry.page.fill("#id_reason", "Satu anggota belum menilai Gerabah Kasongan Asri")
    ministry.shot("07-reopen-reason")
    ministry.click("button:has-text('Buka kembali daftar pendek')")
    assert "dibuka kembali: ketuanya dapat mengubah" in ministry.page.content()
    assert not Shortlist.objects.get().is_forwarded
    assert ministry.errors == []


def test_chair_shortlists_on_two_pages_of_a_long_ranking(visitor, officer, chair):
    """55 nominations: the ranking shows 50 a page; a tick on page 1 survives a save on page 2."""
    from curation import services

    now = timezone.now()
    award_round = AwardRoundFactory(
        status=RoundStatus.CURATION,
        nomination_opens=now - timedelta(days=30),
        nomination_closes=now - timedelta(days=2),
        scoring_opens=now - timedelta(days=1),
        scoring_closes=now + timedelta(days=14),
        province_shortlist_quota=2,
    )
    seed_default_rubric(award_round)
    from curation.models import Criterion

    criteria = list(Criterion.objects.filter(aspect__round=award_round).values_list("pk", flat=True))
    nominations = []
    for index in range(55):
        nomination = NominationFactory(
            round=award_round,
            regency=officer.regency,
            created_by=officer,
            status=NominationStatus.LOCKED,
            with_photo=True,
            business_name=f"IKM Panjang {index:02d}",
            submitted_at=now - timedelta(days=3),
        )
        services.save_sheet(
            nomination, by=chair, values=dict.fromkeys(criteria, (1 + index * 4 // 55, "")), comment="", submit=True
        )
        nominations.append(nomination)
    best = nominations[-1]
    head = visitor("chair-long-ranking")
    head.login(chair.username, DEFAULT_PASSWORD)
    head.go("/curation/ranking/")
    head.page.check(f"#pick-{best.pk}")
    head.click("text=Simpan daftar pendek")
    head.click("text=Berikutnya")
    assert "Halaman 2 dari 2" in head.page.content()
    last = head.page.locator("input[name=nominations]").last
    lowest = int(last.get_attribute("value"))
    last.check()
    head.click("text=Simpan daftar pendek")
    assert "Halaman 2 dari 2" in head.page.content()  # back on the page the chair saved
    assert "Daftar pendek: 2 dari 2 tempat terpakai" in head.page.content()
    head.shot("01-page-2-saved")
    assert set(Shortlist.objects.get().nominations.values_list("pk", flat=True)) == {best.pk, lowest}
    assert head.errors == []
