"""Writers at once on the embedded SQLite default: gunicorn on a database file, people saving at the same moment.

Every request must succeed (writers wait for each other: WAL, a busy timeout and transactions that take the write
lock when they begin), and every save must be in the database afterwards. tests/security/test_concurrency.py
covers the same races on PostgreSQL.
"""

import json
import re
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.error
import urllib.request
from http.cookiejar import CookieJar
from urllib.parse import urlencode

import pytest
from django.conf import settings

from tests.security.test_concurrency import race
from tests.servers import server_env

OFFICERS = 6
MEMBERS = 4


def make_data():
    """Run inside the server's database (a subprocess): six officers of six regencies with a complete draft each
    (and a seventh), and a locked nomination of a round in curation for four members of DI Yogyakarta's team."""
    from accounts.models import Province, Regency
    from nominations.models import NominationStatus
    from tests.curation.conftest import make_curation_round
    from tests.factories import AwardRoundFactory, NominationFactory, OfficerFactory, TeamMemberFactory

    award_round = AwardRoundFactory()
    drafts = []
    for number, regency in enumerate(Regency.objects.order_by("code")[: OFFICERS + 1]):
        officer = OfficerFactory(username=f"officer{number}", regency=regency)
        nomination = NominationFactory(
            round=award_round,
            regency=regency,
            created_by=officer,
            with_photo=True,
            commodity=award_round.commodity_types.first(),
        )
        drafts.append(
            {
                "username": officer.username,
                "pk": nomination.pk,
                "version": nomination.version,
                "nib": nomination.nib,
                "commodity": nomination.commodity_id,
            }
        )
    scoring = make_curation_round()
    diy = Province.objects.get(code="34")
    sleman = Regency.objects.get(code="34.04")
    locked = NominationFactory(
        round=scoring,
        regency=sleman,
        created_by=OfficerFactory(username="officer.locked", regency=sleman),
        status=NominationStatus.LOCKED,
        with_photo=True,
    )
    members = [
        TeamMemberFactory(username=f"member{number}", province=diy, is_team_chair=number == 0).username
        for number in range(MEMBERS)
    ]
    criteria = list(scoring.aspects.values_list("criteria__pk", flat=True))
    print(
        json.dumps(
            {
                "drafts": drafts[:OFFICERS],
                "spare": drafts[OFFICERS],
                "members": members,
                "locked": locked.pk,
                "criteria": criteria,
            }
        )
    )


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    """Two gunicorns (2 processes of 6 threads each) on one fresh SQLite file, the second waiting only 1 s for the
    write lock (DATABASE_SQLITE_TIMEOUT=1)."""
    folder = tmp_path_factory.mktemp("sqlite_server")
    env = server_env(folder)
    run = {"cwd": settings.BASE_DIR, "env": env, "capture_output": True, "text": True, "check": True}
    subprocess.run([sys.executable, "manage.py", "migrate", "--noinput", "-v", "0"], **run)
    made = subprocess.run(
        [
            sys.executable,
            "-c",
            "import django; django.setup(); from tests.security.test_sqlite_concurrency import make_data; make_data()",
        ],
        **run,
    )
    data = json.loads(made.stdout.strip().splitlines()[-1])
    servers, logs = [], []
    for name, extra in [("patient", {}), ("impatient", {"DATABASE_SQLITE_TIMEOUT": "1"})]:
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            port = probe.getsockname()[1]
        logs.append(open(folder / f"gunicorn-{name}.log", "w"))  # noqa: SIM115 - closed when the servers stop
        servers.append(
            (
                f"http://127.0.0.1:{port}",
                subprocess.Popen(
                    [
                        sys.executable,
                        "-m",
                        "gunicorn",
                        "ovop_portal.wsgi",
                        "--workers",
                        "2",
                        "--threads",
                        "6",
                        "--bind",
                        f"127.0.0.1:{port}",
                    ],
                    cwd=settings.BASE_DIR,
                    env={**env, **extra},
                    stdout=logs[-1],
                    stderr=subprocess.STDOUT,
                ),
            )
        )
    for base, _process in servers:
        for _ in range(120):
            try:
                urllib.request.urlopen(f"{base}/healthz", timeout=2)
                break
            except OSError:
                time.sleep(0.5)
    yield {
        "base": servers[0][0],
        "impatient": servers[1][0],
        "data": data,
        "env": env,
        "file": folder / "portal.sqlite3",
    }
    for _base, process in servers:
        process.terminate()
        process.wait(30)
    for log in logs:
        log.close()


class Browser:
    """One person's session: cookies, CSRF token, form posts (redirects followed)."""

    def __init__(self, base, username):
        self.base = base
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(CookieJar()))
        self.post("/accounts/login/", {"username": username, "password": "a-long-test-password-1"})

    def token(self, path):
        page = self.opener.open(self.base + path).read().decode()
        return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)

    def post(self, path, data):
        body = urlencode({**data, "csrfmiddlewaretoken": self.token(path)}, doseq=True).encode()
        request = urllib.request.Request(self.base + path, data=body, headers={"Referer": self.base + path})
        try:
            response = self.opener.open(request, timeout=60)
            return response.status, response.read().decode()
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode()


def read(env, expression):
    script = (
        "import django, json; django.setup(); from nominations.models import Nomination; "
        f"from curation.models import ScoreSheet; print(json.dumps({expression}))"
    )
    done = subprocess.run(
        [sys.executable, "-c", script], cwd=settings.BASE_DIR, env=env, capture_output=True, text=True, check=True
    )
    return json.loads(done.stdout.strip().splitlines()[-1])


def draft_form(draft, business_name):
    from tests.nominations.conftest import form_data

    return form_data(
        version=draft["version"],
        nib=draft["nib"],
        commodity=draft["commodity"],
        business_name=business_name,
        submit="1",
    )


def test_six_officers_saving_and_submitting_at_once_all_succeed(server):
    base, data, env = server["base"], server["data"], server["env"]
    people = [(Browser(base, draft["username"]), draft) for draft in data["drafts"]]
    saved = race(
        *[
            lambda b=b, d=d: b.post(f"/nominations/{d['pk']}/edit/", draft_form(d, f"Usaha {d['username']}"))
            for b, d in people
        ]
    )
    assert [status for status, _page in saved] == [200] * OFFICERS, saved
    submitted = race(*[lambda b=b, d=d: b.post(f"/nominations/{d['pk']}/submit/", {}) for b, d in people])
    assert [status for status, _page in submitted] == [200] * OFFICERS, submitted
    pks = [d["pk"] for d in data["drafts"]]
    stored = read(env, f"list(Nomination.objects.filter(pk__in={pks}).values_list('business_name', 'status'))")
    assert sorted(stored) == sorted([f"Usaha {d['username']}", "submitted"] for d in data["drafts"])


def test_four_members_submitting_scores_at_once_all_count(server):
    base, data, env = server["base"], server["data"], server["env"]
    people = [Browser(base, username) for username in data["members"]]
    path = f"/curation/nominations/{data['locked']}/score/"
    scores = [
        {
            **{f"score_{pk}": str(2 + number % 4) for pk in data["criteria"]},
            "comment": f"Catatan {number}",
            "submit": "1",
        }
        for number in range(MEMBERS)
    ]
    results = race(*[lambda b=b, s=s: b.post(path, s) for b, s in zip(people, scores, strict=False)])
    assert [status for status, _page in results] == [200] * MEMBERS, results
    stored = read(
        env,
        f"sorted(ScoreSheet.objects.filter(nomination_id={data['locked']}, "
        f"status='submitted').values_list('comment', flat=True))",
    )
    assert stored == [f"Catatan {number}" for number in range(MEMBERS)]


def test_a_save_that_cannot_get_the_database_keeps_what_was_typed(server):
    draft = server["data"]["spare"]
    officer = Browser(server["impatient"], draft["username"])
    blocker = sqlite3.connect(server["file"], isolation_level=None)
    blocker.execute("BEGIN IMMEDIATE")  # another writer holds the lock longer than this server waits
    try:
        status, page = officer.post(f"/nominations/{draft['pk']}/edit/", draft_form(draft, "Nama yang baru diketik"))
    finally:
        blocker.execute("ROLLBACK")
        blocker.close()
    assert status == 200 and "Tidak tersimpan: basis data" in page and 'value="Nama yang baru diketik"' in page
    status, page = officer.post(f"/nominations/{draft['pk']}/edit/", draft_form(draft, "Nama yang baru diketik"))
    assert (
        status == 200
        and read(server["env"], f"Nomination.objects.get(pk={draft['pk']}).business_name") == "Nama yang baru diketik"
    )
