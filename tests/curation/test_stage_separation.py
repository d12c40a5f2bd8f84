"""An attacker's hunt for leaks between the scoring stages.

The province's team and the national assessors score the same nominations on one engine (curation.models.Stage).
Every figure, page and file of the provincial stage is taken before the assessors' sheets exist and again after
(the caches emptied in between), and must not have changed; team members never read a national sheet, and
assessors never read a provincial one nor reach a nomination outside their assignment.
"""

import csv
import io
import re

import pytest
from django.core.cache import cache
from django.urls import reverse
from pypdf import PdfReader

from audit.models import AuditRecord
from core.exceptions import WorkflowError
from curation import rules, selectors, services
from curation.models import Assignment, ScoreSheet, Shortlist, Stage
from tests.factories import AssessorFactory

from .conftest import (
    NATIONAL_COMMENT,
    PROVINCE_COMMENT,
    assess,
    assess_nationally,
    locked,
    make_national_round,
    stage_scores,
)

pytestmark = pytest.mark.django_db

CSRF = re.compile(rb'name="csrfmiddlewaretoken" value="[^"]*"|"csrfToken": "[^"]*"')


def page(client, user, url):
    """The page as `user` gets it: status and HTML without the per-request CSRF tokens."""
    client.force_login(user)
    response = client.get(url)
    content = b"".join(response.streaming_content) if response.streaming else response.content
    return response.status_code, CSRF.sub(b"", content)


def rows(ranked):
    return [
        (
            r.pk,
            r.rank,
            r.mean,
            r.sheet_count,
            r.conflict_count,
            r.low,
            r.high,
            r.stddev,
            r.spread,
            getattr(r, "z", None),
        )
        for r in ranked
    ]


def pdf_text(content):
    return "".join(p.extract_text() for p in PdfReader(io.BytesIO(content)).pages)


def csv_rows(content):
    return list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))


def _province_ranking(s, people):
    return rows(selectors.ranking(selectors.in_curation(s.round, people["diy"])))


def _ranked_figures(s, people):
    return list(selectors.ranked(selectors.in_curation(s.round, people["diy"]), sort="spread"))


def _z_scores(s, people):
    return selectors.z_scores(s.round, people["diy"], [s.tenun.pk, s.batik.pk, s.kept_home.pk])


def _calibration(s, people):
    return selectors.calibration(s.round, people["diy"])


def _round_calibration(s, people):
    return selectors.calibration(s.round)


def _member_statistics(s, people):
    return selectors.member_statistics(s.round, people["diy"])


def _missing_sheets(s, people):
    return [(m.username, [n.pk for n in left]) for m, left in services.missing_sheets(s.round, people["diy"])]


def _team_of_the_minutes(s, people):
    return [m.username for m in services.team_of_the_minutes(s.round, people["diy"])]


def _members_with_work_left(s, people):
    return sorted((m.username, n) for m, n in services.members_with_work_left(s.round))


def _blind_scoring(s, people):
    return {
        name: (
            tuple(rules.may_see_team_results(people[name], s.round, people["diy"])),
            rules.sheets_left(people[name], s.round),
        )
        for name in ("chair", "team_member", "third_member")
    }


def _worklist_progress(s, people):
    return {
        name: [(n.pk, n.own_submitted, n.own_conflict, n.own_draft) for n in selectors.worklist(people[name], s.round)]
        for name in ("chair", "team_member", "third_member")
    }


def _ranking_page(name):
    def look(s, people, client):
        people_page = page(client, people[name], f"{reverse('curation:ranking')}?round={s.round.pk}&sort=spread")
        context = client.get(f"{reverse('curation:ranking')}?round={s.round.pk}").context
        return people_page, rows(context["rows"]) if context and "rows" in context else None

    return look


def _calibration_page(s, people, client):
    client.force_login(people["chair"])
    response = client.get(f"{reverse('curation:calibration')}?round={s.round.pk}")
    return response.status_code, response.context["members"]


def _admin_calibration_page(s, people, client):
    client.force_login(people["admin_user"])
    url = f"{reverse('curation:calibration')}?round={s.round.pk}&province={people['diy'].pk}"
    response = client.get(url)
    return response.status_code, response.context["members"]


def _minutes_page(s, people, client):
    return page(client, people["chair"], reverse("curation:minutes", args=[s.shortlist.pk]))


def _minutes_pdf(s, people, client):
    client.force_login(people["chair"])
    response = client.get(reverse("curation:minutes_pdf", args=[s.shortlist.pk]))
    return response.status_code, pdf_text(response.content)


def _export(dataset, name):
    def look(s, people, client):
        status, content = page(
            client, people[name], f"{reverse('reports:export', args=[dataset, 'csv'])}?round={s.round.pk}"
        )
        return status, csv_rows(content) if status == 200 else content

    return look


def _worklist_page(name):
    def look(s, people, client):
        client.force_login(people[name])
        response = client.get(reverse("curation:worklist"))
        return response.context["progress"], [n.pk for n in response.context["items"]]

    return look


def _score_page(s, people, client):
    client.force_login(people["team_member"])
    response = client.get(reverse("curation:score", args=[s.tenun.pk]))
    others = [(o.member.username, o.stage, o.status, o.total, o.comment) for o in response.context["others"]]
    return others, response.context["mean"]


def _statistics_page(name):
    def look(s, people, client):
        return page(client, people[name], f"{reverse('reports:statistics')}?round={s.round.pk}")

    return look


# What the provincial stage shows, each taken before and after the national sheets.
PROVINCIAL = {
    "province ranking": _province_ranking,
    "ranked figures": _ranked_figures,
    "z-scores": _z_scores,
    "calibration of the province": _calibration,
    "calibration of the round": _round_calibration,
    "member statistics": _member_statistics,
    "missing sheets": _missing_sheets,
    "team of the minutes": _team_of_the_minutes,
    "members with work left": _members_with_work_left,
    "blind scoring": _blind_scoring,
    "worklist progress": _worklist_progress,
}
PROVINCIAL_PAGES = {
    "chair's ranking page": _ranking_page("chair"),
    "finished member's ranking page": _ranking_page("team_member"),
    "blind member's refused ranking page": _ranking_page("third_member"),
    "calibration page": _calibration_page,
    "admin's calibration page of the province": _admin_calibration_page,
    "minutes page": _minutes_page,
    "minutes PDF": _minutes_pdf,
    "sheets export of a member": _export("sheets", "team_member"),
    "sheets export of the chair": _export("sheets", "chair"),
    "ranking export of a member": _export("ranking", "team_member"),
    "blind member's refused ranking export": _export("ranking", "third_member"),
    "member's worklist page": _worklist_page("team_member"),
    "blind member's worklist page": _worklist_page("third_member"),
    "member's score page": _score_page,
    "member's statistics page": _statistics_page("team_member"),
    "officer's statistics page": _statistics_page("officer"),
}


@pytest.fixture
def people(request, diy):
    """The visitors, each with a last name no other name on a page contains (random names could share a surname and
    make "this person's name is not on the page" fail by chance)."""
    last_names = {
        "chair": "Ketuatimdiy",
        "team_member": "Anggotasatu",
        "third_member": "Anggotatiga",
        "officer": "Petugassleman",
        "admin_user": "Adminpusat",
        "assessor": "Penilaisatu",
    }
    found = {"diy": diy}
    for name, last_name in last_names.items():
        user = request.getfixturevalue(name)
        type(user).objects.filter(pk=user.pk).update(last_name=last_name)
        user.last_name = last_name
        found[name] = user
    return found


@pytest.mark.parametrize("name", PROVINCIAL)
def test_national_sheets_never_change_the_provincial_figures(forwarded, people, name):
    look = PROVINCIAL[name]
    before = look(forwarded, people)
    assess_nationally(forwarded, people["assessor"])
    cache.clear()
    assert ScoreSheet.objects.filter(stage=Stage.NATIONAL).count() == 4
    assert look(forwarded, people) == before


@pytest.mark.parametrize("name", PROVINCIAL_PAGES)
def test_national_sheets_never_change_the_provincial_pages_and_files(client, forwarded, people, name):
    look = PROVINCIAL_PAGES[name]
    before = look(forwarded, people, client)
    assess_nationally(forwarded, people["assessor"])
    cache.clear()
    assert look(forwarded, people, client) == before


def test_the_scenario_shows_a_leak_if_there_were_one(forwarded, people):
    """The national figures differ from the provincial ones, so an undue join or a missing stage filter would
    change the provincial figures compared above."""
    assess_nationally(forwarded, people["assessor"])
    national = {
        row.pk: (row.mean, row.sheet_count, row.conflict_count) for row in selectors.national_ranking(forwarded.round)
    }
    provincial = {row.pk: (row.mean, row.sheet_count, row.conflict_count) for row in _province_rows(forwarded, people)}
    assert national[forwarded.tenun.pk] == (12.5, 2, 0) and provincial[forwarded.tenun.pk][1:] == (3, 0)
    assert national[forwarded.batik.pk] == (None, 0, 1) and provincial[forwarded.batik.pk] == (75, 2, 0)


def _province_rows(scene, people):
    return selectors.ranking(selectors.in_curation(scene.round, people["diy"]))


def test_national_ranking_carries_the_provincial_mean_of_the_province_sheets_only(forwarded, people):
    assess_nationally(forwarded, people["assessor"])
    rows_by_pk = {row.pk: row for row in selectors.national_ranking(forwarded.round)}
    assert round(float(rows_by_pk[forwarded.tenun.pk].province_mean), 2) == round((100 + 50 + 25) / 3, 2)
    assert rows_by_pk[forwarded.batik.pk].province_mean == 75
    assert forwarded.kept_home.pk not in rows_by_pk  # not forwarded: not in the national ranking
    only_batik = selectors.national_ranking(forwarded.round, forwarded.batik.commodity)
    assert [row.pk for row in only_batik] == [forwarded.batik.pk]


def test_a_former_assessors_national_sheets_stay_out_of_the_province(forwarded, people, diy):
    """An assessor who later joins the province's team (a role change by an admin): their national sheets count
    for nothing in the provincial stage, where they have everything still to score."""
    former = people["assessor"]
    assess(forwarded.tenun, former, 1, comment=NATIONAL_COMMENT)
    looks = (_province_ranking, _z_scores, _calibration, _missing_sheets)
    before = [look(forwarded, people) for look in looks]
    type(former).objects.filter(pk=former.pk).update(role="team_member", province=diy)
    former.refresh_from_db()
    cache.clear()
    missing = dict(_missing_sheets(forwarded, people))
    assert missing.pop(former.username) == sorted(
        [forwarded.tenun.pk, forwarded.batik.pk, forwarded.kept_home.pk], key=_by_name(forwarded)
    )
    assert [look(forwarded, people) for look in looks[:3]] == before[:3] and list(missing.items()) == before[3]
    assert rules.sheets_left(former, forwarded.round) == 3
    assert [(n.own_submitted, n.own_draft) for n in selectors.worklist(former, forwarded.round)] == [(False, False)] * 3
    assert not rules.may_see_team_results(former, forwarded.round, diy)


def _by_name(scene):
    names = {n.pk: n.business_name for n in (scene.tenun, scene.batik, scene.kept_home)}
    return lambda pk: (names[pk], pk)


def test_forwarding_again_counts_the_provincial_sheets_only(forwarded, people, admin_user, chair):
    """Reopened after the assessors scored, and forwarded again: the record of sheets and the missing ones are
    what the team did."""
    first = AuditRecord.objects.get(action="shortlist.forwarded")
    assess_nationally(forwarded, people["assessor"])
    services.reopen_shortlist(forwarded.shortlist, by=admin_user, reason="Berkas kurang")
    with pytest.raises(services.MissingSheets) as missing:
        services.forward_shortlist(forwarded.shortlist, by=chair)
    assert [(m.username, [n.pk for n in left]) for m, left in missing.value.missing] == [
        ("third_member", [forwarded.batik.pk, forwarded.kept_home.pk])
    ]
    services.forward_shortlist(forwarded.shortlist, by=chair, confirm_missing=True)
    again = AuditRecord.objects.filter(action="shortlist.forwarded").latest("pk")
    assert again.after == first.after
    assert again.after["sheets"] == {
        str(forwarded.tenun.pk): 3,
        str(forwarded.batik.pk): 2,
        str(forwarded.kept_home.pk): 1,
    }


def test_a_team_members_sheets_export_holds_no_national_sheet(client, forwarded, people):
    assess_nationally(forwarded, people["assessor"])
    for name in ("chair", "team_member"):
        status, content = page(
            client, people[name], f"{reverse('reports:export', args=['sheets', 'csv'])}?round={forwarded.round.pk}"
        )
        text = content.decode("utf-8-sig")
        table = csv_rows(content)
        stage = table[0].index("Tahap")
        assert status == 200 and len(table) > 1
        assert {row[stage] for row in table[1:]} == {str(Stage.PROVINCE.label)}
        assert NATIONAL_COMMENT not in text and "Penilaidua" not in text and "Pernah membina" not in text
        assert people["assessor"].last_name not in text


def test_the_admins_sheets_export_holds_both_stages(client, forwarded, people):
    assess_nationally(forwarded, people["assessor"])
    status, content = page(
        client, people["admin_user"], f"{reverse('reports:export', args=['sheets', 'csv'])}?round={forwarded.round.pk}"
    )
    table = csv_rows(content)
    stage = table[0].index("Tahap")
    assert sorted({row[stage] for row in table[1:]}) == sorted({str(Stage.PROVINCE.label), str(Stage.NATIONAL.label)})


def test_a_team_members_pages_never_show_a_national_sheet(client, forwarded, people):
    assess_nationally(forwarded, people["assessor"])
    urls = [
        reverse("curation:score", args=[forwarded.tenun.pk]),
        reverse("curation:score", args=[forwarded.batik.pk]),
        f"{reverse('curation:ranking')}?round={forwarded.round.pk}",
        f"{reverse('curation:calibration')}?round={forwarded.round.pk}",
        reverse("curation:minutes", args=[forwarded.shortlist.pk]),
        reverse("curation:worklist"),
        reverse("nominations:detail", args=[forwarded.tenun.pk]),
    ]
    for name in ("chair", "team_member"):
        for url in urls:
            status, content = page(client, people[name], url)
            text = content.decode()
            assert status == 200, url
            assert NATIONAL_COMMENT not in text and "Pernah membina" not in text, url
            assert "Penilaidua" not in text and "Penilaitiga" not in text, url
    client.force_login(people["chair"])
    pdf = pdf_text(client.get(reverse("curation:minutes_pdf", args=[forwarded.shortlist.pk])).content)
    assert "Penilaidua" not in pdf and "Pernah membina" not in pdf


# The assessors' side -----------------------------------------------------------------------------------------


def test_an_assessor_sees_only_the_other_assessors_sheets_on_the_score_page(client, forwarded, people):
    assessor = people["assessor"]
    assess_nationally(forwarded, assessor)
    client.force_login(assessor)
    response = client.get(reverse("curation:score", args=[forwarded.tenun.pk]))
    html = response.content.decode()
    assert response.status_code == 200 and response.context["stage"] == Stage.NATIONAL
    assert [(o.member.username, o.stage) for o in response.context["others"]] == [("other_assessor", "national")]
    assert response.context["mean"] == 12.5  # the national mean, not the province's 58.33
    assert PROVINCE_COMMENT not in html and "Kerabat pemilik" not in html
    for member in ("chair", "team_member", "third_member"):
        assert people[member].last_name not in html
    assert {c.aspect.stage for c in response.context["form"].criteria} == {"national"}


def test_an_assessor_sees_no_other_sheet_before_submitting_their_own(client, forwarded, people):
    assess_nationally(forwarded, people["assessor"])
    ScoreSheet.objects.filter(member=people["assessor"]).delete()
    client.force_login(people["assessor"])
    response = client.get(reverse("curation:score", args=[forwarded.tenun.pk]))
    assert list(response.context["others"]) == [] and response.context["mean"] is None
    assert NATIONAL_COMMENT not in response.content.decode() and "Penilaidua" not in response.content.decode()


def test_a_team_member_scoring_page_shows_the_team_not_the_assessors(client, forwarded, people):
    assess_nationally(forwarded, people["assessor"])
    client.force_login(people["team_member"])
    response = client.get(reverse("curation:score", args=[forwarded.tenun.pk]))
    assert {o.stage for o in response.context["others"]} == {"province"}
    assert {c.aspect.stage for c in response.context["form"].criteria} == {"province"}


@pytest.fixture
def out_of_reach(forwarded, officer, chair, assessor, admin_user):
    """Nominations the assessor must not reach: another commodity type, one not forwarded, and one of another
    round whose commodity type is the same as theirs (they assess it in the first round only)."""
    other_round = make_national_round()
    same_type = locked(other_round, officer.regency, officer, business_name="Tenun Putaran Lain")
    services.set_shortlist(other_round, chair.province, [same_type], by=chair)
    services.forward_shortlist(Shortlist.objects.get(round=other_round), by=chair, confirm_missing=True)
    services.assign_assessor(other_round, AssessorFactory(), [same_type.commodity], by=admin_user)
    return {"another type": forwarded.batik, "not forwarded": forwarded.kept_home, "another round": same_type}


def _urls(nomination):
    photo = nomination.photos.first()
    return {
        "score": reverse("curation:score", args=[nomination.pk]),
        "conflict": reverse("curation:conflict", args=[nomination.pk]),
        "detail": reverse("nominations:detail", args=[nomination.pk]),
        "photo": reverse("nominations:file", args=["photo", photo.pk]),
        "ikm": reverse("nominations:ikm", args=[nomination.ikm_id]),
    }


@pytest.mark.parametrize("which", ["another type", "not forwarded", "another round"])
@pytest.mark.parametrize("page_name", ["score", "conflict", "detail", "photo", "ikm"])
def test_an_assessor_gets_a_404_outside_their_assignment(client, forwarded, out_of_reach, assessor, which, page_name):
    nomination = out_of_reach[which]
    url = _urls(nomination)[page_name]
    client.force_login(assessor)
    assert client.get(url).status_code == 404
    if page_name in ("score", "conflict"):
        posted = {"reason": "Saya kenal pemiliknya", "submit": "1", "comment": "x"}
        posted |= {f"score_{c}": "5" for c in stage_scores(nomination.round, 5, Stage.NATIONAL)}
        assert client.post(url, posted).status_code == 404
    assert not ScoreSheet.objects.filter(member=assessor).exists()


def test_an_assessor_reaches_the_nomination_they_assess(client, forwarded, out_of_reach, assessor):
    client.force_login(assessor)
    for name, url in _urls(forwarded.tenun).items():
        assert client.get(url).status_code == 200, name


def test_an_assessor_lists_and_exports_only_what_they_assess(client, forwarded, out_of_reach, assessor):
    client.force_login(assessor)
    listed = client.get(reverse("nominations:list")).context["page"].object_list
    assert [n.pk for n in listed] == [forwarded.tenun.pk]
    for round_query in (str(forwarded.round.pk), "all"):
        response = client.get(reverse("reports:export", args=["nominations", "csv"]), {"round": round_query})
        text = b"".join(response.streaming_content).decode("utf-8-sig")
        assert "Tenun Maju" in text
        assert "Batik Lestari" not in text and "Tenun Rumahan" not in text and "Tenun Putaran Lain" not in text
    worklist = client.get(reverse("curation:worklist")).context["items"]
    assert [n.pk for n in worklist] == [forwarded.tenun.pk]


def test_an_assessor_exports_no_sheet_and_no_ranking(client, forwarded, people):
    assessor = people["assessor"]
    assess_nationally(forwarded, assessor)
    client.force_login(assessor)
    response = client.get(reverse("reports:export", args=["sheets", "csv"]), {"round": forwarded.round.pk})
    table = csv_rows(b"".join(response.streaming_content))
    assert response.status_code == 200 and len(table) == 1  # the header only
    response = client.get(reverse("reports:export", args=["ranking", "csv"]), {"round": forwarded.round.pk})
    assert response.status_code == 403


def test_an_assessors_statistics_count_only_what_they_assess(client, forwarded, assessor):
    client.force_login(assessor)
    response = client.get(reverse("reports:statistics"), {"round": forwarded.round.pk})
    assert response.status_code == 200 and response.context["total"] == 1


@pytest.mark.parametrize(
    ("method", "url_name", "args"),
    [
        ("post", "curation:shortlist_save", None),
        ("post", "curation:shortlist_forward", None),
        ("get", "curation:ranking", None),
        ("get", "curation:calibration", None),
        ("get", "curation:minutes", "shortlist"),
        ("get", "curation:minutes_pdf", "shortlist"),
        ("get", "curation:selection", None),
        ("post", "curation:selection_check", "tenun"),
        ("get", "curation:sheets", "tenun"),
        ("get", "curation:national", None),
        ("post", "curation:shortlist_reopen", "shortlist"),
        ("post", "curation:assessment", "round"),
        ("post", "curation:assessment_remind", "round"),
    ],
)
def test_an_assessor_is_refused_the_teams_and_the_ministrys_pages(client, forwarded, assessor, method, url_name, args):
    ids = {"shortlist": forwarded.shortlist.pk, "tenun": forwarded.tenun.pk, "round": forwarded.round.pk}
    url = reverse(url_name, args=[ids[args]] if args else None)
    client.force_login(assessor)
    data = {"round": forwarded.round.pk, "nominations": [forwarded.tenun.pk], "confirm_missing": "1", "reason": "x"}
    data.update({"assessor": assessor.pk, "commodities": [forwarded.batik.commodity_id]})
    response = getattr(client, method)(url, data)
    assert response.status_code == 403
    shortlist = Shortlist.objects.get(pk=forwarded.shortlist.pk)
    assert shortlist.is_forwarded and set(shortlist.nominations.values_list("pk", flat=True)) == {
        forwarded.tenun.pk,
        forwarded.batik.pk,
    }
    assert not Assignment.objects.filter(assessor=assessor, commodity=forwarded.batik.commodity).exists()


@pytest.mark.parametrize("actor", ["chair", "team_member", "officer"])
def test_the_team_cannot_act_on_the_assessment_page(client, forwarded, request, actor, assessor):
    client.force_login(request.getfixturevalue(actor))
    assignments = Assignment.objects.count()
    batik = forwarded.batik.commodity_id
    assessment = reverse("curation:assessment", args=[forwarded.round.pk])
    assert client.get(assessment).status_code == 403
    assert client.post(assessment, {"assessor": assessor.pk, "commodities": [batik]}).status_code == 403
    assert client.post(reverse("curation:assessment_remind", args=[forwarded.round.pk])).status_code == 403
    assignment = Assignment.objects.get(assessor=assessor)
    assert client.post(reverse("curation:unassign", args=[assignment.pk])).status_code == 403
    assert Assignment.objects.count() == assignments
    rubric = reverse("curation:rubric", args=[forwarded.round.pk]) + "?stage=national"
    assert client.post(rubric, {"default": "1"}).status_code == 403


def test_an_assessor_of_round_a_cannot_score_round_b_through_the_service(forwarded, out_of_reach, assessor):
    with pytest.raises(WorkflowError):
        assess(out_of_reach["another round"], assessor, 4)
    with pytest.raises(WorkflowError):
        services.declare_conflict(out_of_reach["another round"], by=assessor, reason="Kerabat")
    assert not ScoreSheet.objects.filter(member=assessor).exists()
