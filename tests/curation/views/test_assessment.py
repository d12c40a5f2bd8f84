"""The national assessment's pages: the assessor's worklist and score page (curation/views/scoring.py), the national
rubric tab (curation/views/rubric.py) and the admin's assessment page (curation/views/assessment.py). The pages are
read in English (the language cookie)."""

from datetime import timedelta

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from audit.models import AuditRecord
from curation import rules, services
from curation.models import Assignment, Criterion, ScoreSheet, SheetStatus, Stage
from nominations.models import CommodityType
from notifications.models import Notification
from tests.curation.conftest import assess, assess_nationally, criterion_data, stage_scores
from tests.factories import AssessorFactory, ProductSampleFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def english(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def as_user(client, user):
    client.force_login(user)
    return client


# The assessor's worklist -----------------------------------------------------------------------------------


def test_the_assessors_worklist_shows_their_commodity_types_and_progress(english, forwarded, assessor):
    client = as_user(english, assessor)
    response = client.get(reverse("curation:worklist"))
    html = response.content.decode()
    assert response.status_code == 200 and response.context["national"]
    assert response.context["award_round"] == forwarded.round
    assert [c.code for c in response.context["assigned"]] == ["kain-tenun"]
    assert "Your commodity types:" in html and "Woven fabric (tenun)" in html
    assert response.context["progress"] == {"scored": 0, "conflicts": 0, "todo": 1, "total": 1, "percent": 0}
    assert [n.pk for n in response.context["items"]] == [forwarded.tenun.pk]
    assert response.context["next_item"].pk == forwarded.tenun.pk and response.context["window_open"]
    assert "Tenun Maju" in html and "Batik Lestari" not in html and "Tenun Rumahan" not in html
    assert reverse("curation:ranking") not in html and reverse("curation:calibration") not in html  # the team's
    assess(forwarded.tenun, assessor, 4)
    response = client.get(reverse("curation:worklist"))
    assert response.context["progress"] == {"scored": 1, "conflicts": 0, "todo": 0, "total": 1, "percent": 100}
    assert "All done." in response.content.decode()


def test_an_assessor_of_two_commodity_types_sees_both_and_counts_conflicts(english, forwarded):
    other = forwarded.other_assessor
    services.declare_conflict(forwarded.batik, by=other, reason="Kerabat")
    response = as_user(english, other).get(reverse("curation:worklist"))
    assert [c.code for c in response.context["assigned"]] == ["kain-tenun", "kain-batik"]
    assert response.context["progress"] == {"scored": 0, "conflicts": 1, "todo": 1, "total": 2, "percent": 50}
    filtered = english.get(reverse("curation:worklist"), {"commodity": forwarded.batik.commodity_id})
    assert [n.pk for n in filtered.context["items"]] == [forwarded.batik.pk]


def test_an_assessor_without_an_assignment_has_nothing_to_score(english, forwarded):
    response = as_user(english, AssessorFactory()).get(reverse("curation:worklist"))
    assert response.status_code == 200 and response.context["award_round"] is None
    assert "No nominations to score yet." in response.content.decode()


def test_the_team_members_worklist_stays_provincial(english, forwarded, team_member, assessor):
    assess_nationally(forwarded, assessor)
    response = as_user(english, team_member).get(reverse("curation:worklist"))
    assert not response.context["national"] and response.context["assigned"] is None
    assert response.context["progress"]["total"] == 3


# The assessor's score page -------------------------------------------------------------------------------


def test_the_assessors_score_page_shows_the_national_rubric_and_the_product_sample(english, forwarded, assessor):
    ProductSampleFactory(nomination=forwarded.tenun, received_by="Pak Joko")
    response = as_user(english, assessor).get(reverse("curation:score", args=[forwarded.tenun.pk]))
    html = response.content.decode()
    assert response.status_code == 200 and response.context["stage"] == Stage.NATIONAL
    assert "National assessment" in html and "Product excellence" in html and "Quality and appearance" in html
    assert "Product quality" not in html  # a criterion of the provincial rubric
    assert "Received" in html and "Good" in html  # the product sample the ministry received
    assert 'name="submit"' in html and response.context["frozen_since"] is None


def test_an_assessor_submits_national_scores_through_the_page(english, forwarded, assessor):
    national = Criterion.objects.filter(aspect__round=forwarded.round, aspect__stage=Stage.NATIONAL)
    province = Criterion.objects.filter(aspect__round=forwarded.round, aspect__stage=Stage.PROVINCE)
    data = {f"score_{c.pk}": "4" for c in national} | {f"score_{c.pk}": "1" for c in province}
    data |= {"comment": "Layak nasional", "submit": "1"}
    client = as_user(english, assessor)
    response = client.post(reverse("curation:score", args=[forwarded.tenun.pk]), data, follow=True)
    assert "Score sheet submitted." in response.content.decode()
    sheet = ScoreSheet.objects.get(member=assessor)
    assert (sheet.stage, sheet.status, sheet.total) == (Stage.NATIONAL, SheetStatus.SUBMITTED, 75)
    assert set(sheet.scores.values_list("criterion__aspect__stage", flat=True)) == {"national"}
    page = client.get(reverse("curation:score", args=[forwarded.tenun.pk]))
    assert page.context["own_submitted"] and page.context["mean"] == 75
    assert "The assessors' scores" in page.content.decode()


def test_the_score_page_tells_the_assessor_when_the_window_has_closed(english, forwarded, assessor):
    forwarded.round.national_opens = forwarded.round.scoring_closes
    forwarded.round.national_closes = timezone.now() - timedelta(minutes=1)
    forwarded.round.save()
    client = as_user(english, assessor)
    html = client.get(reverse("curation:score", args=[forwarded.tenun.pk])).content.decode()
    assert "The national assessment closed on" in html and 'name="submit"' not in html
    data = {f"score_{c.pk}": "4" for c in Criterion.objects.filter(aspect__stage=Stage.NATIONAL)} | {"submit": "1"}
    response = client.post(reverse("curation:score", args=[forwarded.tenun.pk]), data)
    assert "The national assessment closed on" in response.content.decode()
    assert not ScoreSheet.objects.filter(member=assessor).exists()
    worklist = client.get(reverse("curation:worklist"))
    assert not worklist.context["window_open"]


def test_an_assessor_declares_a_conflict_through_the_page(english, forwarded, assessor):
    client = as_user(english, assessor)
    url = reverse("curation:conflict", args=[forwarded.tenun.pk])
    assert client.get(url).status_code == 200
    response = client.post(url, {"reason": "Saya pembina IKM ini"})
    assert response.status_code == 302 and response["Location"] == reverse("curation:worklist")
    sheet = ScoreSheet.objects.get(member=assessor)
    assert (sheet.stage, sheet.status) == (Stage.NATIONAL, SheetStatus.CONFLICT)
    html = client.get(reverse("curation:score", args=[forwarded.tenun.pk])).content.decode()
    assert "You declared a conflict of interest on this nomination:" in html


# The national rubric ---------------------------------------------------------------------------------------


def test_the_rubric_page_has_a_national_tab(english, national_round, admin_user):
    client = as_user(english, admin_user)
    response = client.get(reverse("curation:rubric", args=[national_round.pk]), {"stage": "national"})
    assert response.status_code == 200 and response.context["stage"] == Stage.NATIONAL
    assert {c.aspect.stage for c in response.context["criteria"]} == {"national"}
    assert response.context["total_weight"] == 100
    provincial = client.get(reverse("curation:rubric", args=[national_round.pk]))
    assert {c.aspect.stage for c in provincial.context["criteria"]} == {"province"}


def test_saving_the_national_rubric_page_leaves_the_provincial_rubric_alone(english, national_round, admin_user):
    province_before = list(
        Criterion.objects.filter(aspect__round=national_round, aspect__stage=Stage.PROVINCE).values_list("pk", "weight")
    )
    criteria = list(Criterion.objects.filter(aspect__round=national_round, aspect__stage=Stage.NATIONAL))
    data = criterion_data(criteria)
    data["criteria-0-weight"], data["criteria-1-weight"] = "25", "15"
    client = as_user(english, admin_user)
    url = reverse("curation:rubric", args=[national_round.pk]) + "?stage=national"
    response = client.post(url, data)
    assert response.status_code == 302 and response["Location"] == url
    assert Criterion.objects.get(pk=criteria[0].pk).weight == 25
    assert (
        list(
            Criterion.objects.filter(aspect__round=national_round, aspect__stage=Stage.PROVINCE).values_list(
                "pk", "weight"
            )
        )
        == province_before
    )


def test_a_national_criterion_cannot_be_moved_into_the_provincial_rubric(english, national_round, admin_user):
    criteria = list(Criterion.objects.filter(aspect__round=national_round, aspect__stage=Stage.NATIONAL))
    province_aspect = national_round.aspects.filter(stage=Stage.PROVINCE).first()
    data = criterion_data(criteria)
    data["criteria-0-aspect"] = str(province_aspect.pk)
    client = as_user(english, admin_user)
    client.post(reverse("curation:rubric", args=[national_round.pk]) + "?stage=national", data)
    assert Criterion.objects.get(pk=criteria[0].pk).aspect_id == criteria[0].aspect_id
    assert rules.total_weight(national_round, Stage.PROVINCE) == 100
    assert rules.total_weight(national_round, Stage.NATIONAL) == 100


def test_a_provincial_criterion_cannot_be_edited_through_the_national_tab(english, national_round, admin_user):
    province = list(Criterion.objects.filter(aspect__round=national_round, aspect__stage=Stage.PROVINCE))
    data = criterion_data(province)
    data["criteria-0-weight"], data["criteria-1-weight"] = "30", "2"
    client = as_user(english, admin_user)
    client.post(reverse("curation:rubric", args=[national_round.pk]) + "?stage=national", data)
    assert [c.weight for c in Criterion.objects.filter(pk__in=[c.pk for c in province[:2]])] == [
        province[0].weight,
        province[1].weight,
    ]


def test_the_national_tab_of_a_frozen_provincial_rubric_stays_editable(english, forwarded, admin_user):
    client = as_user(english, admin_user)
    national = client.get(reverse("curation:rubric", args=[forwarded.round.pk]), {"stage": "national"})
    assert national.context["editable"]
    provincial = client.get(reverse("curation:rubric", args=[forwarded.round.pk]))
    assert not provincial.context["editable"] and "The rubric is frozen" in provincial.content.decode()


# The admin's assessment page -------------------------------------------------------------------------------


def test_the_assessment_page_shows_the_provincial_mean_beside_the_national_score(
    english, forwarded, admin_user, assessor
):
    assess_nationally(forwarded, assessor)
    response = as_user(english, admin_user).get(reverse("curation:assessment", args=[forwarded.round.pk]))
    html = response.content.decode()
    assert response.status_code == 200
    groups = {group["commodity"].code: group for group in response.context["groups"]}
    tenun = groups["kain-tenun"]["rows"]
    assert [(row.pk, row.mean, row.sheet_count, row.commodity_rank) for row in tenun] == [
        (forwarded.tenun.pk, 12.5, 2, 1)
    ]
    assert round(float(tenun[0].province_mean), 2) == 58.33
    batik = groups["kain-batik"]["rows"]
    assert [(row.mean, row.conflict_count, row.commodity_rank, row.province_mean) for row in batik] == [
        (None, 1, None, 75)
    ]
    assert "National score" in html and "Provincial mean" in html and "12.50" in html and "58.33" in html
    assert "75.00" in html
    assignments = {
        (a.assessor.username, a.commodity.code): (a.done, a.total) for g in groups.values() for a in g["assignments"]
    }
    assert assignments == {
        ("assessor", "kain-tenun"): (1, 1),
        ("other_assessor", "kain-tenun"): (1, 1),
        ("other_assessor", "kain-batik"): (1, 1),
        ("late_assessor", "kain-batik"): (0, 1),
    }
    assert response.context["forwarded_count"] == 2 and response.context["sheets_done"] == 3
    assert {m["name"] for m in response.context["calibration"]} == {
        f"{assessor.first_name} {assessor.last_name}",
        "Dewi Penilaidua",
    }


def test_the_assessment_page_lists_the_commodity_types_without_an_assessor(english, forwarded, admin_user):
    response = as_user(english, admin_user).get(reverse("curation:assessment", args=[forwarded.round.pk]))
    uncovered = {c.code for c in response.context["uncovered"]}
    assert uncovered == set(forwarded.round.commodity_types.values_list("code", flat=True)) - {
        "kain-tenun",
        "kain-batik",
    }
    assert "No assessor yet for:" in response.content.decode() and "Pottery (gerabah)" in response.content.decode()


def test_the_admin_assigns_and_takes_back_an_assessor_on_the_page(
    english, forwarded, admin_user, django_capture_on_commit_callbacks
):
    newcomer = AssessorFactory(username="newcomer", organisation="Yayasan Batik Indonesia")
    pottery = CommodityType.objects.get(code="gerabah")
    client = as_user(english, admin_user)
    url = reverse("curation:assessment", args=[forwarded.round.pk])
    assert "Yayasan Batik Indonesia" in client.get(url).content.decode()  # the assessor's organisation in the choice
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"assessor": newcomer.pk, "commodities": [pottery.pk]}, follow=True)
    assert "assigned to 1 commodity type and told by e-mail." in response.content.decode()
    assignment = Assignment.objects.get(assessor=newcomer)
    assert assignment.commodity == pottery and Notification.objects.filter(recipient=newcomer).exists()
    assert "gerabah" not in {c.code for c in response.context["uncovered"]}
    response = client.post(reverse("curation:unassign", args=[assignment.pk]), follow=True)
    assert "no longer assesses Pottery (gerabah)." in response.content.decode()
    assert not Assignment.objects.filter(assessor=newcomer).exists()
    assert AuditRecord.objects.filter(action="assessor.unassigned").exists()


def test_the_admin_cannot_assign_a_team_member_through_the_page(english, forwarded, admin_user, team_member):
    client = as_user(english, admin_user)
    url = reverse("curation:assessment", args=[forwarded.round.pk])
    response = client.post(url, {"assessor": team_member.pk, "commodities": [forwarded.tenun.commodity_id]})
    assert response.status_code == 200 and response.context["form"].errors["assessor"]
    assert not Assignment.objects.filter(assessor=team_member).exists()


def test_the_page_refuses_to_take_back_an_assignment_with_work_done(english, forwarded, admin_user, assessor):
    assess(forwarded.tenun, assessor, 4)
    assignment = Assignment.objects.get(assessor=assessor)
    response = as_user(english, admin_user).post(reverse("curation:unassign", args=[assignment.pk]), follow=True)
    assert "has already assessed Woven fabric (tenun) nominations: the assignment stays." in response.content.decode()
    assert Assignment.objects.filter(pk=assignment.pk).exists()


def test_the_admin_reminds_the_assessors_with_work_left(english, forwarded, admin_user, assessor):
    assess(forwarded.tenun, forwarded.other_assessor, 4)
    client = as_user(english, admin_user)
    page = client.get(reverse("curation:assessment", args=[forwarded.round.pk])).content.decode()
    assert "Remind assessors with work left" in page
    response = client.post(reverse("curation:assessment_remind", args=[forwarded.round.pk]), follow=True)
    assert "Reminder sent to 2 assessors." in response.content.decode()  # assessor (tenun), other_assessor (batik)
    assert set(
        Notification.objects.filter(kind="assessment_reminder").values_list("recipient__username", flat=True)
    ) == {
        "assessor",
        "other_assessor",
    }


def test_the_assessment_page_of_a_round_without_the_stage_says_so(english, curation_round, admin_user):
    response = as_user(english, admin_user).get(reverse("curation:assessment", args=[curation_round.pk]))
    assert response.status_code == 200
    assert "This round has no national assessment" in response.content.decode()


def test_after_publication_the_page_says_why_nobody_is_assigned_any_more(english, forwarded, admin_user):
    forwarded.round.results_published_at = timezone.now()
    forwarded.round.save()
    response = as_user(english, admin_user).get(reverse("curation:assessment", args=[forwarded.round.pk]))
    html = response.content.decode()
    assert not response.context["can_assign"] and f"The results of {forwarded.round} are published." in html
    assert "Assign an assessor" not in html and "Remind assessors" not in html


def test_stage_scores_helper_scores_only_the_stage(national_round):
    """The scenarios post each stage's criteria only (tests/curation/conftest.py)."""
    national = stage_scores(national_round, 3, Stage.NATIONAL)
    province = stage_scores(national_round, 3)
    assert len(national) == 6 and len(province) == 11 and not set(national) & set(province)


def test_the_progress_counts_only_what_is_still_forwarded(english, forwarded, admin_user, assessor, chair):
    """A shortlist reopened after the assessors began and forwarded again without batik: batik's national sheets
    stay in the database, but the page's progress counts the nominations still in the national assessment."""
    assess_nationally(forwarded, assessor)
    services.reopen_shortlist(forwarded.shortlist, by=admin_user, reason="Batik ditarik")
    services.set_shortlist(forwarded.round, chair.province, [forwarded.tenun], by=chair)
    services.forward_shortlist(forwarded.shortlist, by=chair, confirm_missing=True)
    response = as_user(english, admin_user).get(reverse("curation:assessment", args=[forwarded.round.pk]))
    groups = {group["commodity"].code: group for group in response.context["groups"]}
    progress = {
        (a.assessor.username, a.commodity.code): (a.done, a.total) for g in groups.values() for a in g["assignments"]
    }
    assert progress[("other_assessor", "kain-batik")] == (0, 0)
    assert progress[("assessor", "kain-tenun")] == (1, 1)
    assert groups["kain-batik"]["rows"] == [] and response.context["sheets_done"] == 2
    assert response.context["forwarded_count"] == 1
