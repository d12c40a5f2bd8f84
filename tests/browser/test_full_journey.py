"""The whole OVOP journey, every step through the pages in Chromium, with the e-mails of each step.

Admin opens a round -> two officers nominate and submit -> the admin closes nominations and starts curation
-> the province's team scores (one member declares a conflict) -> the chair shortlists and forwards -> the
admin compares, decides, publishes, sends the result e-mails, promotes into Go Global -> statistics and the
public showcase show the outcome. The round's windows are moved by the admin in the round form, as an admin
closing a window early would, so the test needs no clock tricks.
"""

from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from nominations.models import AwardRound, Nomination
from tests.factories import DEFAULT_PASSWORD, image_bytes, pdf_bytes

pytestmark = pytest.mark.django_db(transaction=True)

PHOTO = {"name": "produk.jpg", "mimeType": "image/jpeg", "buffer": image_bytes()}
PDF = {"name": "nib.pdf", "mimeType": "application/pdf", "buffer": pdf_bytes()}


def local(dt):
    return timezone.localtime(dt).strftime("%Y-%m-%dT%H:%M")


def set_windows(page, opens, closes, scoring_opens, scoring_closes):
    for field, value in [
        ("nomination_opens", opens),
        ("nomination_closes", closes),
        ("scoring_opens", scoring_opens),
        ("scoring_closes", scoring_closes),
    ]:
        page.fill(f"#id_{field}", local(value))
    page.fill("#id_decision_date", (scoring_closes + timedelta(days=7)).strftime("%Y-%m-%d"))


def fill_nomination(page, nib, business, product, commodity_label):
    values = {
        "nib": nib,
        "business_name": business,
        "owner_name": "Pemilik",
        "address": "Desa Wisata",
        "year_founded": "2010",
        "workforce_women": "9",
        "workforce_men": "3",
        "production_capacity": "1200",
        "capacity_unit": "pcs",
        "yearly_turnover": "300000000",
        "phone": "0274555555",
        "product_name": product,
        "product_description": "Dibuat tangan.",
        "raw_materials": "Bahan lokal",
        "local_wisdom": "Warisan leluhur.",
        "uniqueness": "Motif khas.",
        "price_min": "50000",
        "price_max": "400000",
    }
    for field, value in values.items():
        page.fill(f"#id_{field}", value)
    page.select_option("#id_legal_form", "individual")
    page.select_option("#id_marketing_reach", "national")
    page.select_option("#id_commodity", label=commodity_label)


def sent_to(subject_start):
    return sorted(address for m in mail.outbox if m.subject.startswith(subject_start) for address in m.to)


def test_the_whole_journey(
    visitor, live_server, admin_user, officer, other_officer, chair, team_member, other_province_member
):
    now = timezone.now()
    # 1. The ministry admin opens an award round with its windows, rubric and quotas.
    admin = visitor("journey-1-admin")
    admin.login(admin_user.username, DEFAULT_PASSWORD)
    admin.go("/nominations/rounds/new/")
    admin.page.fill("#id_name", "Penghargaan IKM OVOP 2031")
    admin.page.fill("#id_year", "2031")
    set_windows(
        admin.page,
        now - timedelta(hours=1),
        now + timedelta(hours=2),
        now + timedelta(hours=3),
        now + timedelta(days=10),
    )
    for label in ("Kain tenun", "Anyaman", "Gerabah"):
        admin.page.check(f"label:has-text('{label}') >> xpath=preceding-sibling::input")
    admin.page.fill("#id_regency_quota", "2")
    admin.page.fill("#id_province_shortlist_quota", "2")
    admin.page.fill("#id_cohort_size", "1")
    admin.click("#main form button[type=submit]")
    assert "tersimpan" in admin.page.content()
    award_round = AwardRound.objects.get(name="Penghargaan IKM OVOP 2031")
    admin.go(f"/curation/rubric/{award_round.pk}/")
    assert "Jumlah bobot saat ini 100%." in admin.page.content()
    admin.shot("rubric")
    admin.go("/nominations/rounds/")
    admin.click("text=Buka nominasi")
    assert "Putaran dibuka untuk nominasi." in admin.page.content()

    # 2. Two officers of DIY nominate; each fills the form, saves a draft, comes back, uploads and submits.
    for who, user, nib, business, product, commodity in [
        ("journey-2-officer", officer, "3404011111111", "Tenun Lurik Kurnia", "Kain lurik", "Kain tenun"),
        ("journey-2-other-officer", other_officer, "3402012222222", "Gerabah Kasongan", "Guci gerabah", "Gerabah"),
    ]:
        tab = visitor(who)
        tab.login(user.username, DEFAULT_PASSWORD)
        tab.click("text=Nominasi baru")
        fill_nomination(tab.page, nib, business, product, commodity)
        tab.click("button[name=save]")
        assert "Draf tersimpan." in tab.page.content()
        tab.go("/nominations/")
        tab.click(f"text={business}")
        tab.click("a:has-text('Ubah')")
        tab.page.set_input_files("#id_new_photos", [PHOTO])
        tab.page.set_input_files("#id_new_documents", [PDF])
        tab.click("button[name=submit]")
        tab.click("text=Ya, ajukan")
        assert "Nominasi diajukan ke tim seleksi" in tab.page.content()
        tab.shot("submitted")
    first, second = Nomination.objects.get(nib="3404011111111"), Nomination.objects.get(nib="3402012222222")
    assert sent_to("Nominasi diajukan: Tenun Lurik Kurnia") == sorted([officer.email, chair.email, team_member.email])
    response = tab.page.goto(f"{live_server.url}/nominations/{first.pk}/")  # the other regency's officer
    assert response.status == 404

    # 3. The admin closes nominations early and starts curation: the team is told scoring is open.
    admin.go(f"/nominations/rounds/{award_round.pk}/edit/")
    now = timezone.now()
    set_windows(
        admin.page,
        now - timedelta(hours=2),
        now - timedelta(minutes=10),
        now - timedelta(minutes=10),
        now + timedelta(days=10),
    )
    admin.click("#main form button[type=submit]")
    admin.click("text=Mulai kurasi")
    assert "Kurasi dimulai" in admin.page.content()
    assert sent_to("Penilaian dibuka") == sorted([chair.email, team_member.email])

    # 4. The team scores; one member declares a conflict on one nomination; the chair shortlists and forwards.
    member = visitor("journey-3-member")
    member.login(team_member.username, DEFAULT_PASSWORD)
    member.go(f"/curation/nominations/{first.pk}/score/")
    for field in member.page.locator("input[name^=score_]").all():
        field.fill("4")
    member.click("button[name=submit]")
    member.go(f"/curation/nominations/{second.pk}/score/")
    member.click("text=Nyatakan konflik kepentingan")
    member.page.fill("#id_reason", "Pemiliknya kerabat saya")
    member.click("button:has-text('Nyatakan konflik')")
    assert "1 dinilai · 1 konflik · 0 belum" in member.page.content()
    head = visitor("journey-4-chair")
    head.login(chair.username, DEFAULT_PASSWORD)
    for nomination, value in [(first, "5"), (second, "3")]:
        head.go(f"/curation/nominations/{nomination.pk}/score/")
        for field in head.page.locator("input[name^=score_]").all():
            field.fill(value)
        head.click("button[name=submit]")
    head.go("/curation/")
    assert "2 dinilai · 0 konflik · 0 belum" in head.page.content()
    head.go("/curation/ranking/")
    head.page.check(f"#pick-{first.pk}")
    head.page.check(f"#pick-{second.pk}")
    head.click("text=Simpan daftar pendek")
    head.click("text=Teruskan ke kementerian")
    assert "BERITA ACARA HASIL SELEKSI" in head.page.content() and "Pemiliknya kerabat saya" in head.page.content()
    head.shot("minutes")
    assert sent_to("Daftar pendek diteruskan") == [admin_user.email]

    # 5. The admin compares, closes scoring, decides, publishes, sends the results, promotes the winner.
    admin.go("/curation/national/")
    admin.page.check(f"#pick-{first.pk}")
    admin.page.check(f"#pick-{second.pk}")
    admin.click("text=Bandingkan yang dipilih")
    assert "Tenun Lurik Kurnia" in admin.page.content() and "Gerabah Kasongan" in admin.page.content()
    admin.shot("compare")
    admin.go(f"/nominations/rounds/{award_round.pk}/edit/")
    now = timezone.now()
    set_windows(
        admin.page,
        now - timedelta(hours=3),
        now - timedelta(minutes=20),
        now - timedelta(minutes=20),
        now - timedelta(minutes=1),
    )
    admin.click("#main form button[type=submit]")
    admin.go(f"/awards/{award_round.pk}/decisions/")
    admin.page.select_option(f"#id_n{first.pk}-level", label="Bintang 3")
    admin.page.fill(f"#id_n{first.pk}-reason", "Produk unggulan dengan kesiapan ekspor.")
    admin.click(f"#n{first.pk} button[type=submit]")
    admin.page.fill(f"#id_n{second.pk}-reason", "Perlu penguatan legalitas.")
    admin.click(f"#n{second.pk} button[type=submit]")
    admin.click("text=Publikasikan hasil")
    assert "Kotak keluar" in admin.page.content()
    assert sent_to("Hasil Penghargaan") == []  # waiting for review
    admin.shot("outbox")
    admin.click("button:has-text('Kirim')")
    assert sent_to("Hasil Penghargaan IKM OVOP 2031: Tenun Lurik Kurnia") == [officer.email]
    assert sent_to("Hasil Penghargaan IKM OVOP 2031: Gerabah Kasongan") == [other_officer.email]
    admin.go(f"/awards/{award_round.pk}/decisions/")
    admin.click("text=Masukkan ke Go Global")
    assert "masuk kohort Go Global" in admin.page.content()
    assert sent_to("Tenun Lurik Kurnia masuk IKM OVOP Go Global") == [officer.email]

    # 6. Statistics and the public showcase show the outcome.
    admin.go(f"/reports/statistics/?round={award_round.pk}")
    assert admin.page.inner_text("#stat-total") == "2" and admin.page.inner_text("#stat-cohort") == "1"
    admin.shot("statistics")
    public = visitor("journey-5-public")
    public.go("/showcase/")
    content = public.page.content()
    assert "Tenun Lurik Kurnia" in content and "Go Global" in content and "Gerabah Kasongan" not in content
    assert "3404011111111" not in content
    public.shot("showcase")
    for tab in (admin, member, head, public):
        assert tab.errors == [], tab.name
