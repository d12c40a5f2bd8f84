"""Every URL of the portal, for every kind of visitor, reading (GET) and acting (POST).

The URL list comes from the resolver, so a new view without an entry in EXPECTED fails this test. Each
request runs in a transaction that is rolled back, so one visitor's action does not change what the next
one sees. Codes per visitor, in VISITORS order; 302 is a redirect (to the login page for anonymous
visitors, after an action otherwise), 403 refused for the role, 404 someone else's object, 405 wrong method.
"""

import datetime
import os

import pytest
from django.db import transaction
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from awards import services as awards
from curation.models import AdminCheck, Assignment, Shortlist
from nominations.models import Interest, NominationDocument, ProductSample
from notifications.services import notify
from tests.awards.conftest import decision_round  # noqa: F401 - fixture
from tests.curation.conftest import curation_round  # noqa: F401 - fixture
from tests.factories import AwardRoundFactory, pdf_upload

pytestmark = pytest.mark.django_db

VISITORS = [
    "anonymous",
    "officer",
    "other_officer",
    "team_member",
    "chair",
    "other_province_member",
    "assessor",
    "admin_user",
]

# url name: (GET codes, POST codes), one code per visitor in VISITORS order.
EXPECTED = {
    "home": ("302 302 302 302 302 302 302 302", "302 302 302 302 302 302 302 302"),
    "login": ("200 200 200 200 200 200 200 200", "200 200 200 200 200 200 200 200"),
    "logout": ("405 405 405 405 405 405 405 405", "302 302 302 302 302 302 302 302"),
    "password_change": ("302 200 200 200 200 200 200 200", "302 200 200 200 200 200 200 200"),
    "password_change_done": ("302 200 200 200 200 200 200 200", "302 405 405 405 405 405 405 405"),
    "password_reset": ("200 200 200 200 200 200 200 200", "200 200 200 200 200 200 200 200"),
    "password_reset_done": ("200 200 200 200 200 200 200 200", "405 405 405 405 405 405 405 405"),
    "password_reset_confirm": ("200 200 200 200 200 200 200 200", "200 200 200 200 200 200 200 200"),
    "password_reset_complete": ("200 200 200 200 200 200 200 200", "405 405 405 405 405 405 405 405"),
    "set_language": ("302 302 302 302 302 302 302 302", "302 302 302 302 302 302 302 302"),
    "accounts:profile": ("302 200 200 200 200 200 200 200", "302 200 200 200 200 200 200 200"),
    "accounts:ping": ("302 200 200 200 200 200 200 200", "302 200 200 200 200 200 200 200"),
    # Two-factor sign-in (the visitors here are signed in with both factors where their role requires it): the code
    # page sends a verified or device-less user on; turning it off is refused for the admin's required role; only
    # ministry admins reset another user's (tests/accounts/test_two_factor.py covers the unverified sessions).
    "accounts:two_factor_verify": ("302 302 302 302 302 302 302 302", "302 302 302 302 302 302 302 302"),
    "accounts:two_factor_setup": ("302 200 200 200 200 200 200 200", "302 200 200 200 200 200 200 200"),
    "accounts:two_factor_recovery_codes": ("302 200 200 200 200 200 200 200", "302 200 200 200 200 200 200 200"),
    "accounts:two_factor_disable": ("302 302 302 302 302 302 302 200", "302 302 302 302 302 302 302 200"),
    "accounts:two_factor_reset": ("302 403 403 403 403 403 403 200", "302 403 403 403 403 403 403 200"),
    "health": ("200 200 200 200 200 200 200 200", "200 200 200 200 200 200 200 200"),
    # The public page about the award and its interest form; the regency's officers answer the interests.
    "about": ("200 200 200 200 200 200 200 200", "200 200 200 200 200 200 200 200"),
    "interest_sent": ("200 200 200 200 200 200 200 200", "405 405 405 405 405 405 405 405"),
    "nominations:interests": ("302 200 200 403 403 403 403 200", "302 200 200 403 403 403 403 200"),
    "nominations:interest": ("302 200 404 403 403 403 403 200", "302 200 404 403 403 403 403 200"),
    "nominations:interest_accept": ("405 405 405 405 405 405 405 405", "302 302 404 403 403 403 403 403"),
    "nominations:interest_decline": ("302 200 404 403 403 403 403 403", "302 200 404 403 403 403 403 403"),
    # Product samples: the ministry records them and reminds the officers.
    "nominations:samples": ("302 403 403 403 403 403 403 200", "302 403 403 403 403 403 403 200"),
    "nominations:samples_remind": ("405 405 405 405 405 405 405 405", "302 403 403 403 403 403 403 404"),
    "nominations:sample": ("302 403 403 403 403 403 403 200", "302 403 403 403 403 403 403 200"),
    "showcase": ("200 200 200 200 200 200 200 200", "200 200 200 200 200 200 200 200"),
    "showcase_photo": ("200 200 200 200 200 200 200 200", "200 200 200 200 200 200 200 200"),
    "showcase_photo_rendition": ("200 200 200 200 200 200 200 200", "200 200 200 200 200 200 200 200"),
    # Nominations: officers act on their regency's, teams read their province's, admins read all.
    "nominations:list": ("302 200 200 200 200 200 200 200", "302 200 200 200 200 200 200 200"),
    "nominations:create": ("302 200 200 403 403 403 403 403", "302 200 200 403 403 403 403 403"),
    "nominations:detail": ("302 200 404 200 200 404 200 200", "302 200 404 200 200 404 200 200"),
    "nominations:edit": ("302 403 404 403 403 404 403 403", "302 403 404 403 403 404 403 403"),
    "nominations:submit": ("302 200 404 403 403 404 403 403", "302 302 404 403 403 404 403 403"),
    "nominations:withdraw": ("302 200 404 403 403 404 403 403", "302 302 404 403 403 404 403 403"),
    "nominations:return": ("302 403 404 200 200 404 403 403", "302 403 404 200 200 404 403 403"),
    "nominations:file": ("302 200 404 200 200 404 200 200", "302 200 404 200 200 404 200 200"),
    # A photo's renditions go to exactly whoever may fetch the photo; photos are attached only to an editable draft
    # (the scenario's nomination is published: refused with the reason, as JSON).
    "nominations:photo_rendition": ("302 200 404 200 200 404 200 200", "302 200 404 200 200 404 200 200"),
    "nominations:photo_attach": ("405 405 405 405 405 405 405 405", "302 403 404 403 403 404 403 403"),
    "nominations:ikm": ("302 200 404 200 200 404 200 200", "302 200 404 200 200 404 200 200"),
    "nominations:ikm_move": ("302 403 403 403 403 403 403 200", "302 403 403 403 403 403 403 200"),
    "nominations:import": ("302 200 200 403 403 403 403 403", "302 200 200 403 403 403 403 403"),
    "nominations:import_template": ("302 200 200 403 403 403 403 403", "302 200 200 403 403 403 403 403"),
    "nominations:overview": ("302 403 403 403 403 403 403 200", "302 403 403 403 403 403 403 200"),
    "nominations:round_list": ("302 403 403 403 403 403 403 200", "302 403 403 403 403 403 403 200"),
    "nominations:round_create": ("302 403 403 403 403 403 403 200", "302 403 403 403 403 403 403 200"),
    "nominations:round_edit": ("302 403 403 403 403 403 403 200", "302 403 403 403 403 403 403 200"),
    "nominations:round_reopen": ("302 403 403 403 403 403 403 200", "302 403 403 403 403 403 403 200"),
    "nominations:round_action": ("405 405 405 405 405 405 405 405", "302 403 403 403 403 403 403 302"),
    "nominations:commodity_list": ("302 403 403 403 403 403 403 200", "302 403 403 403 403 403 403 200"),
    "nominations:commodity_create": ("302 403 403 403 403 403 403 200", "302 403 403 403 403 403 403 200"),
    "nominations:commodity_edit": ("302 403 403 403 403 403 403 200", "302 403 403 403 403 403 403 200"),
    # Curation: team members score their province's; the chair shortlists; admins see the nation.
    "curation:worklist": ("302 403 403 200 200 200 200 403", "302 403 403 200 200 200 200 403"),
    "curation:score": ("302 403 403 200 200 404 200 403", "302 403 403 200 200 404 200 403"),
    "curation:conflict": ("302 403 403 200 200 404 200 403", "302 403 403 200 200 404 200 403"),
    "curation:sheets": ("302 403 403 403 403 403 403 200", "302 403 403 403 403 403 403 200"),
    "curation:ranking": ("302 403 403 403 200 200 403 302", "302 403 403 403 200 200 403 302"),
    "curation:shortlist_save": ("405 405 405 405 405 405 405 405", "302 403 403 403 302 403 403 403"),
    "curation:shortlist_forward": ("405 405 405 405 405 405 405 405", "302 403 403 403 302 403 403 403"),
    "curation:shortlist_reopen": ("302 403 403 403 403 403 403 200", "302 403 403 403 403 403 403 200"),
    "curation:minutes": ("302 403 403 403 200 404 403 200", "302 403 403 403 200 404 403 200"),
    "curation:minutes_pdf": ("302 403 403 403 200 404 403 200", "302 403 403 403 200 404 403 200"),
    "curation:national": ("302 403 403 403 403 403 403 200", "302 403 403 403 403 403 403 200"),
    "curation:compare": ("302 403 403 403 403 403 403 200", "302 403 403 403 403 403 403 302"),
    # Blind scoring: the ranking and calibration are for the chair, admins and members with no sheet left
    # (team_member has not scored; other_province_member's province has nothing to score).
    "curation:calibration": ("302 403 403 403 200 200 403 200", "302 403 403 403 200 200 403 200"),
    # Administrative selection: the province's team checks; the scenario's round has no such stage (404).
    "curation:selection": ("302 403 403 200 200 200 403 403", "302 403 403 200 200 200 403 403"),
    "curation:selection_check": ("302 403 403 404 404 404 403 403", "302 403 403 404 404 404 403 403"),
    "curation:requirements": ("302 403 403 403 403 403 403 200", "302 403 403 403 403 403 403 200"),
    # The national assessment: ministry admins name assessors per commodity type and follow their work.
    "curation:assessment": ("302 403 403 403 403 403 403 200", "302 403 403 403 403 403 403 200"),
    "curation:assessment_remind": ("405 405 405 405 405 405 405 405", "302 403 403 403 403 403 403 302"),
    "curation:unassign": ("405 405 405 405 405 405 405 405", "302 403 403 403 403 403 403 302"),
    # The Go Global selection: its panel, ranking and calibration for ministry admins only; panel members score
    # on the worklist like every scorer.
    "curation:go_global": ("302 403 403 403 403 403 403 200", "302 403 403 403 403 403 403 200"),
    "curation:go_global_remind": ("405 405 405 405 405 405 405 405", "302 403 403 403 403 403 403 302"),
    "curation:rubric": ("302 403 403 403 403 403 403 200", "302 403 403 403 403 403 403 302"),
    # Awards: admins decide; officers see their own IKM's programme once published.
    "awards:decisions": ("302 403 403 403 403 403 403 200", "302 403 403 403 403 403 403 200"),
    # A decision not saved (here: the results are published) shows the decisions page again, as typed.
    "awards:decide": ("405 405 405 405 405 405 405 405", "302 403 403 403 403 403 403 200"),
    "awards:publish": ("405 405 405 405 405 405 405 405", "302 403 403 403 403 403 403 302"),
    "awards:promote": ("405 405 405 405 405 405 405 405", "302 403 403 403 403 403 403 302"),
    "awards:go_global_close": ("405 405 405 405 405 405 405 405", "302 403 403 403 403 403 403 302"),
    # Score bands: ministry admins; frozen in the scenario's published round (a POST is refused and redirected).
    # Re-evaluation of earlier stars: ministry admins; the scenario's nomination is no re-evaluation to settle (404).
    "awards:reevaluation": ("302 403 403 403 403 403 403 200", "302 403 403 403 403 403 403 302"),
    "awards:reevaluation_settle": ("405 405 405 405 405 405 405 405", "302 403 403 403 403 403 403 404"),
    "awards:bands": ("302 403 403 403 403 403 403 200", "302 403 403 403 403 403 403 302"),
    # National minutes carry the decisions: ministry admins only. The scenario's round has no national assessment,
    # so it has no national minutes (404); tests/awards/test_national.py fetches them from a national round.
    "awards:minutes": ("302 403 403 403 403 403 403 404", "302 403 403 403 403 403 403 404"),
    "awards:minutes_pdf": ("302 403 403 403 403 403 403 404", "302 403 403 403 403 403 403 404"),
    # The register of starred IKM across published rounds: ministry admins only (its export too, see
    # tests/awards/test_star_register.py); everybody else reads a star on the IKM page they may see.
    "awards:register": ("302 403 403 403 403 403 403 200", "302 403 403 403 403 403 403 200"),
    "awards:cohort": ("302 200 200 200 200 200 200 200", "302 200 200 200 200 200 200 200"),
    "awards:cohort_detail": ("302 200 404 200 200 404 200 200", "302 200 404 200 200 404 200 200"),
    "awards:export_plan": ("302 200 404 200 200 404 200 200", "302 200 404 200 200 404 200 200"),
    "notifications:inbox": ("302 200 200 200 200 200 200 200", "302 200 200 200 200 200 200 200"),
    "notifications:outbox": ("302 403 403 403 403 403 403 200", "302 403 403 403 403 403 403 200"),
    "notifications:outbox_edit": ("302 403 403 403 403 403 403 200", "302 403 403 403 403 403 403 200"),
    "notifications:outbox_send": ("405 405 405 405 405 405 405 405", "302 403 403 403 403 403 403 302"),
    "notifications:outbox_send_again": ("405 405 405 405 405 405 405 405", "302 403 403 403 403 403 403 302"),
    "reports:statistics": ("302 200 200 200 200 200 200 200", "302 200 200 200 200 200 200 200"),
    "reports:export": ("302 200 200 200 200 200 200 200", "302 200 200 200 200 200 200 200"),
    "audit:list": ("302 403 403 403 403 403 403 200", "302 403 403 403 403 403 403 200"),
    # Users (Pengguna): ministry admins only (a team's chair invites only with TEAM_CHAIRS_MAY_INVITE, off here).
    "accounts:user_list": ("302 403 403 403 403 403 403 200", "302 403 403 403 403 403 403 200"),
    "accounts:user_invite": ("302 403 403 403 403 403 403 200", "302 403 403 403 403 403 403 200"),
    "accounts:user_import": ("302 403 403 403 403 403 403 200", "302 403 403 403 403 403 403 200"),
    "accounts:user_import_template": ("302 403 403 403 403 403 403 200", "302 403 403 403 403 403 403 200"),
    "accounts:user_detail": ("302 403 403 403 403 403 403 200", "302 403 403 403 403 403 403 200"),
    "accounts:user_action": ("405 405 405 405 405 405 405 405", "302 403 403 403 403 403 403 302"),
    "accounts:user_coverage": ("302 403 403 403 403 403 403 200", "302 403 403 403 403 403 403 200"),
    "reports:users_export": ("302 403 403 403 403 403 403 200", "302 403 403 403 403 403 403 200"),
    # The invitee's link (a made-up one here: refused with 400, for anyone).
    "accounts:invitation": ("400 400 400 400 400 400 400 400", "400 400 400 400 400 400 400 400"),
    "accounts:invitation_set_password": ("400 400 400 400 400 400 400 400", "400 400 400 400 400 400 400 400"),
}
# The Django admin (ministry admins only): every other visitor is sent to its login page; the ministry
# admin gets an answer that is not an error of the portal (403 where the audit trail refuses to be edited).
ADMIN_SITE = ("302 302 302 302 302 302 302 {ok}", "302 302 302 302 302 302 302 {ok}")
ADMIN_SITE_OVERRIDES = {"admin:login": ("200 200 200 200 200 200 200 302", "200 200 200 200 200 200 200 200")}


def url_names(resolver=None, namespace=""):
    resolver = resolver or get_resolver()
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            yield from url_names(entry, f"{namespace}{entry.namespace}:" if entry.namespace else namespace)
        elif isinstance(entry, URLPattern) and entry.name:
            yield f"{namespace}{entry.name}", entry


@pytest.fixture
def scenario(decision_round, admin_user, officer, assessor):  # noqa: F811
    """A published round with a Go Global participant, plus a round taking nominations."""
    award_round, first, second, third = decision_round
    awards.decide(first, level=award_round.award_levels.get(rank=1), reason="Terbaik", by=admin_user)
    awards.decide(second, level=None, reason="Belum siap", by=admin_user)
    awards.publish_results(award_round, by=admin_user)
    membership = awards.promote(first, by=admin_user)
    membership.export_plan = pdf_upload("rencana.pdf")
    membership.save()
    document = NominationDocument.objects.create(nomination=first, file=pdf_upload(), original_name="nib.pdf")
    AwardRoundFactory()  # taking nominations
    ProductSample.objects.create(
        nomination=first, status="received", received_on=datetime.date(2026, 5, 4), recorded_by=admin_user
    )
    AdminCheck.objects.create(
        nomination=second,
        passed=False,
        reason="NIB tidak sesuai",
        checked_by=admin_user,
        checked_at=datetime.datetime(2026, 5, 4, tzinfo=datetime.UTC),
    )
    interest = Interest.objects.create(
        nib="3404000000001",
        business_name="Gerabah Kasongan",
        product_name="Guci",
        commodity=first.commodity,
        regency=officer.regency,
        contact_name="Bu Sri",
        email="sri@example.id",
    )
    # The assessor assesses the published round's first nomination's commodity type (the round has no national
    # stage, so they read what was forwarded and act on nothing).
    assignment = Assignment.objects.create(
        round=award_round, assessor=assessor, commodity=first.commodity, assigned_by=admin_user
    )
    waiting = notify([officer], "results_published", {"nomination": first, "level": None}, outbox=True)[0]
    return {
        "pk": first.pk,
        "round_pk": award_round.pk,
        "photo": first.photos.get().pk,
        "document": document.pk,
        "ikm": first.ikm_id,
        "shortlist": Shortlist.objects.get().pk,
        "membership": membership.pk,
        "commodity": first.commodity_id,
        "notification": waiting.pk,
        "interest": interest.pk,
        "assignment": assignment.pk,
        "user": officer.pk,
    }


def kwargs_for(name, pattern, ids):
    special = {
        "password_reset_confirm": {"uidb64": "MQ", "token": "set-password"},
        "nominations:file": {"kind": "document", "pk": ids["document"]},
        "nominations:ikm": {"pk": ids["ikm"]},
        "nominations:ikm_move": {"pk": ids["ikm"]},
        "nominations:interest": {"pk": ids["interest"]},
        "nominations:interest_accept": {"pk": ids["interest"]},
        "nominations:interest_decline": {"pk": ids["interest"]},
        "nominations:round_edit": {"pk": ids["round_pk"]},
        "nominations:round_action": {"pk": ids["round_pk"], "action": "close"},
        "nominations:round_reopen": {"pk": ids["round_pk"]},
        "nominations:commodity_edit": {"pk": ids["commodity"]},
        "curation:shortlist_reopen": {"pk": ids["shortlist"]},
        "curation:minutes": {"pk": ids["shortlist"]},
        "curation:minutes_pdf": {"pk": ids["shortlist"]},
        "curation:unassign": {"pk": ids["assignment"]},
        "awards:cohort_detail": {"pk": ids["membership"]},
        "awards:export_plan": {"pk": ids["membership"]},
        "notifications:outbox_edit": {"pk": ids["notification"]},
        "reports:export": {"dataset": "nominations", "fmt": "csv"},
        "showcase_photo": {"pk": ids["photo"]},
        "showcase_photo_rendition": {"pk": ids["photo"], "width": 640, "extension": "jpg"},
        "nominations:photo_rendition": {"pk": ids["photo"], "width": 320, "extension": "webp"},
        "accounts:user_detail": {"pk": ids["user"]},
        "accounts:user_action": {"pk": ids["user"], "action": "deactivate"},
        "accounts:invitation": {"uidb64": "MQ", "token": "x-y-z"},
        "accounts:invitation_set_password": {"uidb64": "MQ"},
        "reports:users_export": {"fmt": "csv"},
    }
    if name in special:
        return special[name]
    return {key: ids[key] for key in pattern.pattern.converters}


def admin_kwargs(pattern):
    values = {
        "object_id": "1",
        "app_label": "nominations",
        "content_type_id": "1",
        "url": "x",
        "uidb64": "MQ",
        "token": "x",
    }
    return {key: values.get(key, "1") for key in pattern.pattern.converters} or {
        key: values.get(key, "1") for key in pattern.pattern.regex.groupindex
    }


def test_every_url_answers_each_visitor_as_expected(client, request, scenario, capsys):
    patterns = dict(url_names())
    visitors = {name: None if name == "anonymous" else request.getfixturevalue(name) for name in VISITORS}
    missing = sorted(name for name in patterns if not name.startswith("admin:") and name not in EXPECTED)
    assert missing == [], f"URLs without an entry in the authorization matrix: {missing}"
    mismatches, cells, actual_rows = [], 0, {}
    for name, pattern in sorted(patterns.items()):
        if name.startswith("admin:"):
            try:
                url = reverse(name, kwargs=admin_kwargs(pattern))
            except Exception:
                url = reverse(name, args=["1"] * pattern.pattern.regex.groups)
        else:
            url = reverse(name, kwargs=kwargs_for(name, pattern, scenario))
        query = (
            {"ids": [scenario["pk"]] * 2, "round": scenario["round_pk"]}
            if name in ("curation:compare", "reports:export", "reports:statistics")
            else {}
        )
        got = {"GET": [], "POST": []}
        for user in visitors.values():
            client.logout()
            if user is not None:
                client.force_login(user)
            for method in ("GET", "POST"):
                with transaction.atomic():
                    response = getattr(client, method.lower())(url, query if method == "GET" else {})
                    transaction.set_rollback(True)
                got[method].append(str(response.status_code))
                cells += 1
        actual_rows[name] = (" ".join(got["GET"]), " ".join(got["POST"]))
        if name.startswith("admin:"):
            ok_get, ok_post = got["GET"][-1], got["POST"][-1]
            expected = ADMIN_SITE_OVERRIDES.get(name) or tuple(
                e.format(ok=ok) for e, ok in zip(ADMIN_SITE, (ok_get, ok_post), strict=False)
            )
            if int(ok_get) >= 500 or int(ok_post) >= 500:
                mismatches.append(f"{name}: the ministry admin got {ok_get}/{ok_post}")
        else:
            expected = EXPECTED[name]
        if actual_rows[name] != expected:
            mismatches.append(f"{name} {url}: expected {expected}, got {actual_rows[name]}")
    if os.environ.get("OVOP_PRINT_MATRIX"):
        for name, row in actual_rows.items():
            print(f'    "{name}": ("{row[0]}", "{row[1]}"),')
    with capsys.disabled():
        print(f"\nauthorization matrix: {len(patterns)} URLs x {len(VISITORS)} visitors x 2 methods = {cells} requests")
    assert not mismatches, "\n".join(mismatches)
