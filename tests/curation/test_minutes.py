"""The selection minutes (curation/minutes.py): what an official record carries, on the page and in the PDF;
user text drawn into the PDF as text, never as reportlab markup; tables and signatures that fit A4."""

import io
from collections import defaultdict
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse
from pypdf import PdfReader

from accounts.models import Province, Regency, User
from curation import services
from curation.models import Shortlist
from nominations.models import AwardRound
from tests.curation.conftest import all_scores, locked
from tests.factories import TeamMemberFactory

pytestmark = pytest.mark.django_db

HOSTILE_NAMES = ["Tenun <b>Bantul", '<font size="60">X</font>', '<img src="/etc/passwd"/>', "Batik &amp; Co"]
CM = 72 / 2.54
A4_WIDTH = 21 * CM
MARGIN = 2 * CM


def forward(curation_round, chair, chosen):
    services.set_shortlist(curation_round, chair.province, chosen, by=chair)
    return services.forward_shortlist(
        Shortlist.objects.get(round=curation_round, province=chair.province), by=chair, confirm_missing=True
    )


@pytest.fixture
def hostile_minutes(curation_round, officer, other_officer, chair, team_member, diy):
    """A forwarded shortlist whose every text drawn into the minutes holds markup: round, province, regency,
    business and product names, members' names, the conflict reason."""
    AwardRound.objects.filter(pk=curation_round.pk).update(name="Putaran <i>OVOP</i> 2030")
    Province.objects.filter(pk=diy.pk).update(name='DI <font size="40">YOGYAKARTA')
    Regency.objects.filter(pk=officer.regency_id).update(name="KABUPATEN <u>SLEMAN")
    User.objects.filter(pk=chair.pk).update(first_name="<b>Ketua", last_name="&lt;Tim&gt;")
    User.objects.filter(pk=team_member.pk).update(first_name='<img src="x"/>Anggota', last_name="Satu")
    nominations = [
        locked(
            curation_round,
            officer.regency if index % 2 else other_officer.regency,
            officer if index % 2 else other_officer,
            business_name=name,
            product_name=f"<para>Kain {index}</para>",
        )
        for index, name in enumerate(HOSTILE_NAMES)
    ]
    for value, nomination in enumerate(nominations, start=2):
        services.save_sheet(nomination, by=chair, values=all_scores(curation_round, value), comment="", submit=True)
    services.declare_conflict(nominations[0], by=team_member, reason='<font color="red">Kerabat</font> & saudara <br/>')
    return forward(curation_round, chair, nominations[:2])


@pytest.fixture
def large_minutes(curation_round, officer, other_officer, chair, team_member, diy):
    """Nine members and 30 ranked nominations, long names among them (one a single word longer than its column)."""
    for index in range(7):
        TeamMemberFactory(
            username=f"member_{index}",
            province=diy,
            first_name=f"Bambang Sutrisno Wicaksono {index}",
            last_name="Hadiningrat",
        )
    nominations = []
    for index in range(30):
        by = officer if index % 2 else other_officer
        name = (
            "KoperasiAnyamanPandanWangiSejahteraMakmurSentosa"
            if index == 7
            else f"Koperasi Anyaman Pandan Wangi Sejahtera {index}"
        )
        nominations.append(
            locked(
                curation_round,
                by.regency,
                by,
                business_name=name,
                product_name="Kain tenun ikat pewarna alam motif keraton",
            )
        )
    for index, nomination in enumerate(nominations):
        services.save_sheet(
            nomination, by=chair, values=all_scores(curation_round, 1 + index % 5), comment="", submit=True
        )
        if index % 3 == 0:
            services.save_sheet(
                nomination, by=team_member, values=all_scores(curation_round, 2), comment="", submit=True
            )
    services.declare_conflict(
        nominations[1], by=team_member, reason="Kerabat pemilik usaha, tinggal satu desa dengan pemilik " * 3
    )
    return forward(curation_round, chair, nominations[:2])


def pdf_of(client, shortlist, language="id"):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    response = client.get(reverse("curation:minutes_pdf", args=[shortlist.pk]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    return response.content


def plain(text):
    return " ".join(text.split())


def pdf_text(pdf):
    return plain(" ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages))


def text_runs(pdf):
    """(page, x, y, width, text) of every piece of text the PDF draws, its width from the font's metrics."""
    from reportlab.pdfbase.pdfmetrics import stringWidth

    runs = []
    for number, page in enumerate(PdfReader(io.BytesIO(pdf)).pages):

        def visit(text, cm, tm, font, size, number=number):
            line = text.strip()  # pypdf puts a space before a run it finds apart from the previous one
            if not line:
                return
            assert "\n" not in line, f"one run per line expected: {text!r}"
            x = tm[4] * cm[0] + tm[5] * cm[2] + cm[4]
            y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
            runs.append((number, x, y, stringWidth(line, font["/BaseFont"][1:], size * tm[0] * cm[0]), line))

        page.extract_text(visitor_text=visit)
    return runs


def assert_text_fits(pdf):
    """No text starts left of the left margin or ends right of the right one, and no two runs on one line overlap
    (a header running into the next column, a word wider than its cell)."""
    lines = defaultdict(list)
    for page, x, y, width, line in text_runs(pdf):
        assert x >= MARGIN - 0.5 and x + width <= A4_WIDTH - MARGIN + 0.5, (
            f"page {page + 1}: {line!r} runs past the margin ({x:.1f} to {x + width:.1f})"
        )
        lines[page, round(y)].append((x, width, line))
    for (page, _y), runs in lines.items():
        runs.sort()
        for (x, width, line), (next_x, _width, next_line) in zip(runs, runs[1:], strict=False):
            assert x + width <= next_x + 0.5, f"page {page + 1}: {line!r} runs into {next_line!r}"


def test_minutes_pdf_draws_markup_in_user_text_as_the_text_itself(client, hostile_minutes, team_member, chair):
    client.force_login(chair)
    text = pdf_text(pdf_of(client, hostile_minutes))
    province = Province.objects.get(pk=hostile_minutes.province_id)
    literals = [
        *HOSTILE_NAMES,
        "<para>Kain 0</para>",
        "Putaran <i>OVOP</i> 2030",
        str(province),
        str(Regency.objects.get(pk="34.04")),
        "<b>Ketua &lt;Tim&gt;",
        '<img src="x"/>Anggota Satu',
        '<font color="red">Kerabat</font> & saudara <br/>',
    ]
    missing = [literal for literal in literals if plain(literal) not in text]
    assert missing == []
    assert text.count("<b>Ketua &lt;Tim&gt;") >= 3  # forwarded by (twice) and the signature block


def test_minutes_page_shows_markup_in_user_text_escaped(client, hostile_minutes, chair):
    client.force_login(chair)
    page = client.get(reverse("curation:minutes", args=[hostile_minutes.pk])).content.decode()
    assert "Tenun &lt;b&gt;Bantul" in page and "<b>Bantul" not in page and '<img src="/etc/passwd"/>' not in page


@pytest.mark.parametrize("language", ["id", "en"])
def test_minutes_pdf_text_stays_inside_the_margins_and_columns(client, large_minutes, chair, language):
    client.force_login(chair)
    assert_text_fits(pdf_of(client, large_minutes, language))


def test_every_table_of_the_minutes_fits_the_17_cm_frame(large_minutes):
    from reportlab.platypus import KeepTogether, Table

    from curation.minutes import minutes_context, minutes_document, minutes_story

    document = minutes_document(io.BytesIO(), "001")
    assert document.width == pytest.approx(17 * CM)

    def tables(flowables):
        for flowable in flowables:
            if isinstance(flowable, KeepTogether):
                yield from tables(flowable._content)
            if isinstance(flowable, Table):
                yield flowable
                yield from tables(cell for row in flowable._cellvalues for cell in row)

    found = list(tables(minutes_story(minutes_context(large_minutes), document.width)))
    assert len(found) >= 4 + 9  # facts, ranking, conflicts, three rows of signatures and a block per member
    assert [
        round(sum(table._colWidths) / CM, 2) for table in found if sum(table._colWidths) > document.width + 0.01
    ] == []


def test_minutes_carry_number_place_date_forwarding_and_sheets_of_the_team(client, large_minutes, chair):
    client.force_login(chair)
    text = pdf_text(pdf_of(client, large_minutes))
    number = f"{large_minutes.pk:03d}/BA-OVOP/34/{large_minutes.round.year}"
    weekday = ["Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu", "Minggu"][
        large_minutes.forwarded_at.astimezone().weekday()
    ]
    for expected in (
        f"Nomor: {number}",
        "Hari, tanggal",
        f"{weekday}, ",
        "Tempat Daerah Istimewa Yogyakarta",
        "Tim seleksi 9 anggota",
        f"oleh {chair}",
        "Diteruskan kepada Kementerian Perindustrian pada",
        "Lembar / anggota",
        "2 / 9",
        "1 / 9",
        f"Berita acara {number} · halaman 2",
    ):
        assert expected in text, expected
    page = client.get(reverse("curation:minutes", args=[large_minutes.pk])).content.decode()
    for expected in (f"Nomor: {number}", "Hari, tanggal", "Tempat", "9 anggota", f"oleh {chair}", "2 / 9", "1 / 9"):
        assert expected in page, expected
    assert page.count('class="table-success') == 2  # the shortlisted rows are marked


@pytest.fixture
def team_of_nine(curation_round, officer, chair, team_member, diy):
    """A forwarded shortlist of a team of nine (the chair, team_member and seven more)
    in which only the chair scored."""
    for index in range(7):
        TeamMemberFactory(
            username=f"member_{index}",
            province=diy,
            first_name=f"Bambang Sutrisno Wicaksono {index}",
            last_name="Hadiningrat",
        )
    nominations = [
        locked(curation_round, officer.regency, officer, business_name=f"Tenun Ikat {index}") for index in range(3)
    ]
    for nomination in nominations:
        services.save_sheet(nomination, by=chair, values=all_scores(curation_round, 4), comment="", submit=True)
    return forward(curation_round, chair, nominations[:1])


def test_minutes_have_one_signature_block_per_member_chair_first_for_teams_of_one_to_nine(client, team_of_nine, chair):
    client.force_login(chair)
    members = list(User.objects.filter(role=User.Role.TEAM_MEMBER, province=chair.province).exclude(pk=chair.pk))
    for size in range(9, 0, -1):
        team = [str(chair)] + [str(m) for m in members[: size - 1]]
        pdf = pdf_of(client, team_of_nine)
        assert_text_fits(pdf)
        pages = [plain(page.extract_text()) for page in PdfReader(io.BytesIO(pdf)).pages]
        signing = [page for page in pages if "Tim seleksi" in page][-1].rsplit("Tim seleksi", 1)[
            1
        ]  # after the last heading
        assert [signing.count(name) for name in team] == [1] * size, f"a team of {size} signs on one page, once each"
        assert (
            signing.count("Ketua") == 1
            and signing.count("Anggota") == size - 1
            and signing.index(str(chair)) < signing.index("Anggota" if size > 1 else str(chair)) + 1
        )
        html = client.get(reverse("curation:minutes", args=[team_of_nine.pk])).content.decode()
        rows = [
            row.count('class="col-4 signature-block"')
            for row in html.split('<div class="row justify-content-center text-center">')[1:]
        ]
        assert (
            sum(rows) == size and rows[:-1] == [3] * (len(rows) - 1) and 1 <= rows[-1] <= 3
        )  # only the last row is shorter
        assert html.count('class="signature-space"') == size and f"{size} anggota" in html
        if size > 1:
            team_of_nine.team.remove(members[size - 2])  # the team recorded at forwarding, one smaller


def test_a_member_who_scored_and_left_the_team_still_signs_and_counts(client, scored_minutes_of_a_leaver, chair):
    shortlist, leaver = scored_minutes_of_a_leaver
    client.force_login(chair)
    html = client.get(reverse("curation:minutes", args=[shortlist.pk])).content.decode()
    assert str(leaver) in html.split("signature-block", 1)[1] and "2 / 2" in html and "2 anggota" in html
    assert str(leaver) in pdf_text(pdf_of(client, shortlist)).rsplit("Tim seleksi", 1)[1]


@pytest.fixture
def scored_minutes_of_a_leaver(curation_round, officer, chair, team_member):
    nomination = locked(curation_round, officer.regency, officer, business_name="Tenun Ikat")
    for member in (chair, team_member):
        services.save_sheet(nomination, by=member, values=all_scores(curation_round, 4), comment="", submit=True)
    User.objects.filter(pk=team_member.pk).update(is_active=False)
    return forward(curation_round, chair, [nomination]), team_member


def test_no_paragraph_is_made_from_unescaped_text_anywhere():
    """reportlab reads a Paragraph's text as markup: every Paragraph in the portal is
    made by one helper that escapes."""
    base = Path(settings.BASE_DIR)
    calls = [
        f"{path.relative_to(base)}: {line.strip()}"
        for path in base.rglob("*.py")
        if not {".venv", "tests", "bench"} & set(path.relative_to(base).parts)
        for line in path.read_text(encoding="utf-8").splitlines()
        if "Paragraph(" in line
    ]
    assert calls == ["curation/minutes.py: return Paragraph(escape(str(value)), style)"]
