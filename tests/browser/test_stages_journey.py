"""The whole OVOP round as the ministry runs it, every stage through the pages in Chromium.

The admin opens a round with an administrative selection and a national assessment -> two officers nominate and
submit -> the ministry records a product sample -> curation starts -> the province's team checks the requirements
(one nomination passes, one does not, with a reason the officer reads) -> the team scores the passed one, the chair
shortlists and forwards -> the admin names a national assessor for its commodity type -> the assessor scores it with
the sample beside the national rubric -> the admin decides with the recommended star level in view, reads the
national minutes, publishes -> the public showcase shows the winner. The windows are moved by the admin in the
round form, as an admin closing a stage early would: no clock tricks.
"""

from datetime import timedelta

import pytest
from django.utils import timezone

from awards.models import Decision
from curation.models import AdminCheck, ScoreSheet, Stage
from nominations.models import AwardRound, Nomination
from tests.factories import DEFAULT_PASSWORD

from .conftest import PHONE
from .test_full_journey import PHOTO, fill_nomination, local, sent_to

pytestmark = pytest.mark.django_db(transaction=True)


def set_stages(page, stages):
    """Fill the round form's windows: `stages` maps field names to datetimes; the decision date follows."""
    for field, value in stages.items():
        page.fill(f"#id_{field}", local(value))
    page.fill("#id_decision_date", (stages["national_closes"] + timedelta(days=7)).strftime("%Y-%m-%d"))


def windows(now, *, nominations_close, scoring_close, national_open, national_close):
    return {
        "nomination_opens": now - timedelta(days=3),
        "nomination_closes": nominations_close,
        "scoring_opens": nominations_close,
        "scoring_closes": scoring_close,
        "national_opens": national_open,
        "national_closes": national_close,
    }


def test_a_round_through_every_stage(
    visitor, live_server, admin_user, officer, other_officer, chair, team_member, assessor
):
    now = timezone.now()
    # 1. The admin opens a round with both new stages; the round list shows its stages.
    admin = visitor("stages-1-admin")
    admin.login(admin_user.username, DEFAULT_PASSWORD)
    admin.go("/nominations/rounds/new/")
    admin.page.fill("#id_name", "Penghargaan IKM OVOP 2032")
    admin.page.fill("#id_year", "2032")
    set_stages(
        admin.page,
        windows(
            now,
            nominations_close=now + timedelta(hours=2),
            scoring_close=now + timedelta(days=5),
            national_open=now + timedelta(days=5),
            national_close=now + timedelta(days=10),
        ),
    )
    admin.page.check("#id_admin_selection")
    admin.page.check("#id_national_assessment")
    for label in ("Kain tenun", "Gerabah"):
        admin.page.check(f"label:has-text('{label}') >> xpath=preceding-sibling::input")
    admin.click("#main form button[type=submit]")
    assert "tersimpan" in admin.page.content()
    award_round = AwardRound.objects.get(name="Penghargaan IKM OVOP 2032")
    assert award_round.aspects.filter(stage=Stage.NATIONAL).exists()  # the default national rubric
    assert award_round.score_bands.count() == 3  # Bintang 3 from 85, 2 from 75, 1 from 65
    admin.click("text=Buka nominasi")
    rounds_page = admin.page.content()
    for stage in ("Seleksi administrasi", "Penilaian nasional oleh penilai komoditas", "Penetapan"):
        assert stage in rounds_page
    admin.go(f"/curation/requirements/{award_round.pk}/")
    admin.click("text=Tambahkan persyaratan bawaan")

    # 2. Two officers nominate and submit.
    for who, user, nib, business, product, commodity in [
        ("stages-2-officer", officer, "3404013333333", "Tenun Lurik Kurnia", "Kain lurik", "Kain tenun"),
        ("stages-2-other-officer", other_officer, "3402014444444", "Gerabah Kasongan", "Guci", "Gerabah"),
    ]:
        tab = visitor(who)
        tab.login(user.username, DEFAULT_PASSWORD)
        tab.click("text=Nominasi baru")
        fill_nomination(tab.page, nib, business, product, commodity)
        tab.page.set_input_files("#id_new_photos", [PHOTO])
        tab.click("button[name=submit]")
        tab.click("text=Ya, ajukan")
        assert "Nominasi diajukan ke tim seleksi" in tab.page.content()
    cloth, pottery = Nomination.objects.get(nib="3404013333333"), Nomination.objects.get(nib="3402014444444")

    # 3. The ministry receives the cloth's product sample.
    admin.go(f"/nominations/{cloth.pk}/sample/")
    admin.page.select_option("#id_status", "received")
    admin.page.fill("#id_received_on", timezone.localdate().isoformat())
    admin.page.fill("#id_received_by", "Pak Joko")
    admin.page.select_option("#id_condition", "good")
    admin.click("#main form button[type=submit]")

    # 4. Nominations close early; curation starts.
    admin.go(f"/nominations/rounds/{award_round.pk}/edit/")
    now = timezone.now()
    set_stages(
        admin.page,
        windows(
            now,
            nominations_close=now - timedelta(minutes=10),
            scoring_close=now + timedelta(days=5),
            national_open=now + timedelta(days=5),
            national_close=now + timedelta(days=10),
        ),
    )
    admin.click("#main form button[type=submit]")
    admin.click("text=Mulai kurasi")
    assert "Kurasi dimulai" in admin.page.content()

    # 5. The team checks the requirements on a phone: the cloth passes, the pottery lacks the sentra's decree.
    member = visitor("stages-3-member", PHONE)
    member.login(team_member.username, DEFAULT_PASSWORD)
    member.go(f"/curation/selection/{cloth.pk}/")
    for box in member.page.locator("input[name=met]").all():
        box.check()
    member.click("text=Simpan hasil")
    member.go(f"/curation/selection/{pottery.pk}/")
    for box in member.page.locator("input[name=met]").all():
        box.check()
    member.page.get_by_label("Sentra IKM ditetapkan", exact=False).uncheck()
    member.page.fill("#id_reason", "Keputusan bupati tentang sentra belum dilampirkan.")
    member.click("text=Simpan hasil")
    assert AdminCheck.objects.get(nomination=cloth).passed and not AdminCheck.objects.get(nomination=pottery).passed
    assert sent_to("Tidak lolos seleksi administrasi: Gerabah Kasongan") == [other_officer.email]
    desk = visitor("stages-4-officer")
    desk.login(other_officer.username, DEFAULT_PASSWORD)
    desk.go(f"/nominations/{pottery.pk}/")
    assert "Keputusan bupati tentang sentra belum dilampirkan." in desk.page.content()

    # 6. Only the passed nomination is scored; the team scores it, the chair shortlists and forwards.
    member.go("/curation/")
    worklist = member.page.content()
    assert "Tenun Lurik Kurnia" in worklist and "Gerabah Kasongan" not in worklist
    head = visitor("stages-5-chair")
    head.login(chair.username, DEFAULT_PASSWORD)
    for tab, value in ((member, "4"), (head, "4")):
        tab.go(f"/curation/nominations/{cloth.pk}/score/")
        for field in tab.page.locator("input[name^=score_]").all():
            field.fill(value)
        tab.click("button[name=submit]")
    head.go("/curation/ranking/")
    head.page.check(f"#pick-{cloth.pk}")
    head.click("text=Simpan daftar pendek")
    head.click("text=Teruskan ke kementerian")
    assert "BERITA ACARA HASIL SELEKSI" in head.page.content()

    # 7. Provincial scoring closes and the national assessment opens; the admin names an assessor for tenun.
    admin.go(f"/nominations/rounds/{award_round.pk}/edit/")
    now = timezone.now()
    set_stages(
        admin.page,
        windows(
            now,
            nominations_close=now - timedelta(hours=2),
            scoring_close=now - timedelta(minutes=10),
            national_open=now - timedelta(minutes=5),
            national_close=now + timedelta(days=5),
        ),
    )
    admin.click("#main form button[type=submit]")
    admin.go(f"/curation/assessment/{award_round.pk}/")
    admin.page.select_option("#id_assessor", str(assessor.pk))
    admin.page.get_by_role("checkbox", name="Kain tenun").check()
    admin.click("#main form button[type=submit]:text('Tugaskan')")
    assert sent_to("Anda penilai nasional Penghargaan IKM OVOP 2032") == [assessor.email]

    # 8. The assessor scores on a phone, the product sample beside the national rubric.
    judge = visitor("stages-6-assessor", PHONE)
    judge.login(assessor.username, DEFAULT_PASSWORD)
    judge.click("text=Nilai nominasi berikutnya")
    content = judge.page.content()
    assert "Tenun Lurik Kurnia" in content and "Diterima" in content
    for field in judge.page.locator("input[name^=score_]").all():
        field.fill("5")
    judge.click("button[name=submit]")
    assert ScoreSheet.objects.get(member=assessor, nomination=cloth, stage=Stage.NATIONAL).total == 100

    # 9. The national assessment closes; the admin decides as recommended (no reason needed), reads the national
    # minutes, publishes and sends the result e-mails.
    admin.go(f"/nominations/rounds/{award_round.pk}/edit/")
    now = timezone.now()
    set_stages(
        admin.page,
        windows(
            now,
            nominations_close=now - timedelta(hours=3),
            scoring_close=now - timedelta(hours=2),
            national_open=now - timedelta(hours=2),
            national_close=now - timedelta(minutes=1),
        ),
    )
    admin.click("#main form button[type=submit]")
    admin.go(f"/awards/{award_round.pk}/decisions/")
    card = admin.page.locator(f"#n{cloth.pk}")
    assert "Bintang 3" in card.locator(".recommended").inner_text()
    assert card.locator("select").input_value() == str(award_round.award_levels.get(name_id="Bintang 3").pk)
    with admin.page.expect_navigation():
        card.locator("button[type=submit]").click()
    decision = Decision.objects.get(nomination=cloth)
    assert decision.level.name_id == "Bintang 3" and decision.reason == ""
    admin.click(f"a[href='/awards/minutes/{award_round.pk}/']")
    assert "BERITA ACARA PENILAIAN NASIONAL" in admin.page.content() and str(assessor) in admin.page.content()
    admin.go(f"/awards/{award_round.pk}/decisions/")
    admin.click("text=Publikasikan hasil")
    admin.click("button:has-text('Kirim')")
    assert sent_to("Hasil Penghargaan IKM OVOP 2032: Tenun Lurik Kurnia") == [officer.email]

    # 10. The public showcase shows the winner, not the nomination that did not pass.
    public = visitor("stages-7-public", PHONE)
    public.go("/showcase/")
    content = public.page.content()
    assert "Tenun Lurik Kurnia" in content and "Gerabah Kasongan" not in content
    public.shot("showcase")
    for tab in (admin, member, desk, head, judge, public):
        assert tab.errors == [], tab.name
