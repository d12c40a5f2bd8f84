"""Deadline day: officers upload phone photos over slow links while everyone else keeps working.

    python bench/deadline_day.py [--officers 60] [--rate-kbit 1000] [--latency-ms 150] [--setups all]

On PostgreSQL and Redis (127.0.0.1, as bench/run.py), a database of --nominations nominations (bench/generate.py)
and a round open for nominations. For each setup, side by side in one run:

- `sync`: gunicorn with --workers sync workers answering the visitors directly (the deployment before the proxy);
- `gthread`: gunicorn with --workers workers of --threads threads each, directly;
- `nginx`: nginx (deploy/nginx/ovop.conf) in front of gunicorn's sync workers (deploy/gunicorn.conf.py: 4, as
  deployed; `nginx@2`: with 2, as deployed before 2026-12-07);
- `nginx-gthread`: nginx in front of gunicorn's --workers gthread workers of --threads threads each;
- `nginx-pools`: nginx in front of two gunicorns of half the workers each: the heavy work (the nomination form, its
  saves, files, exports: deploy/nginx/ovop.conf, ovop_heavy) to the second, at `nice -n 5`;
- `nginx-inline`: the same as `nginx` without a broker: the photos' renditions are made in the request that stores them,
  by the gunicorn workers (the embedded default's way), instead of by the niced Celery worker;
- `nginx-nocache`: the same as `nginx` with the page cache off (PAGE_CACHE_SECONDS=0), every page drawn afresh:
  the rush's submits empty parts of the page cache (the team's and the admin's lists), so with it on, "during" has
  more pages drawn afresh than "before"; this setup compares like with like.

As deployed, a Celery worker (`nice -n 10`, bench/common.py) makes the photos' renditions and sends the e-mails.

Other visitors (officers of other regencies, team members, the ministry admin) each load one of their pages
every --visit-interval seconds: --settle seconds not counted, then --before seconds counted as "before the rush";
then --officers officers start within --stagger seconds, each through a slow connection (raw sockets, the request
trickled at --rate-kbit with --latency-ms before each request and after each answer): save a draft with one 2-5 MB
JPEG photo, open it again (with its photo's thumbnail, as a phone shows it), save it with a second photo, see it
again (thumbnails), submit. They logged in before the visitors' first page (a login lasts 8 hours; on deadline day
they have been at work since the morning). The rush lasts until every officer is done or --rush-max seconds have
passed. Printed per setup: the visitors' p50/p95 page load before and during the rush, the uploads
acknowledged, those found in the database afterwards (lost = acknowledged but missing), the officers' time
from their first upload to their submitted nomination, and the peak RSS of the gunicorn and nginx processes.
The table also goes to bench/results/deadline_day.txt (and the figures to deadline_day.json).

Why --settle: the visitors open each of their pages once before anything is counted, so the page cache holds them
all; for the cache's lifetime (PAGE_CACHE_SECONDS, 60 s) every page then comes from it, a state that never lasts on
a working day (each cached page is drawn again once a minute at the latest). "Before the rush" starts when that
first minute is over (--settle 60), so it measures the portal as it runs, not a cache that was just filled.
Why --before 120: the p95 before the rush is the divisor of "within 2x"; in 60 s (600 pages, of which some 55
drawn afresh) it moved between 48 and 79 ms from one run of the same setup to the next; two minutes see each
cached page drawn afresh twice.
"""

import argparse
import asyncio
import contextlib
import json
import multiprocessing
import os
import random
import re
import subprocess
import sys
import threading
import time
from collections import Counter
from pathlib import Path
from urllib.parse import urlencode

import psycopg2

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import (  # noqa: E402
    PYTHON,
    ROOT,
    fresh_database,
    manage,
    multipart,
    nomination_fields,
    server_env,
    start_celery_worker,
    start_front_proxy,
    start_gunicorn,
)

RESULTS = ROOT / "bench" / "results"
PASSWORD = "bench-password-123"  # bench/generate.py's
APP_PORT, PROXY_PORT, HEAVY_PORT = 8150, 8151, 8152  # HEAVY_PORT: the second pool of nginx-pools
APP_LOG_FORMAT = "%(t)s %(M)s %(s)s %(m)s %(U)s"  # --app-log: when, ms in the worker, status, method, path
SETUPS = {
    "sync": "gunicorn, {workers} sync workers, direct",
    "gthread": "gunicorn, {workers} gthread workers × {threads} threads, direct",
    "nginx": "nginx → gunicorn, {workers} sync workers",
    "nginx-gthread": "nginx → gunicorn, {workers} gthread workers × {threads} threads",
    "nginx-pools": "nginx → gunicorn, {workers} sync workers in two pools (the heavy work's at nice 5)",
    "nginx-inline": "nginx → gunicorn, {workers} sync workers, renditions made in the request (no worker)",
    "nginx-nocache": "nginx → gunicorn, {workers} sync workers, page cache off",
}
ROUND_CODE = """
from datetime import timedelta
from django.utils import timezone
from accounts.models import User
from nominations.models import AwardRound, CommodityType
from nominations.services import open_round_for_nominations
now = timezone.now()
r = AwardRound.objects.create(
    name='Deadline day', year=2040,
    nomination_opens=now - timedelta(days=30), nomination_closes=now + timedelta(hours=6),
    scoring_opens=now + timedelta(days=1), scoring_closes=now + timedelta(days=20),
    decision_date=(now + timedelta(days=30)).date(),
)
r.commodity_types.set(CommodityType.objects.all())
open_round_for_nominations(r, by=User.objects.get(username='bench.admin'))
"""


class Client:
    """One browser over its own connection: cookies kept, each request on a new connection (`Connection: close`),
    its bytes sent at `rate` bits per second (None: at once), `latency` seconds before sending and after the
    answer."""

    def __init__(self, port, rate=None, latency=0.0, timeout=300.0):
        self.port, self.rate, self.latency, self.timeout = port, rate, latency, timeout
        self.cookies = {}

    async def request(self, method, path, body=b"", content_type=None):
        """(status, headers dict with lower-case names, body); status 0 when the connection failed or timed out."""
        try:
            return await asyncio.wait_for(self._request(method, path, body, content_type), self.timeout)
        except (TimeoutError, OSError):
            return 0, {}, b""

    async def _request(self, method, path, body, content_type):
        await asyncio.sleep(self.latency)
        reader, writer = await asyncio.open_connection("127.0.0.1", self.port)
        try:
            head = [
                f"{method} {path} HTTP/1.1",
                f"Host: 127.0.0.1:{self.port}",
                "Connection: close",
                f"Referer: http://127.0.0.1:{self.port}{path}",
            ]
            if self.cookies:
                head.append("Cookie: " + "; ".join(f"{k}={v}" for k, v in self.cookies.items()))
            if method == "POST":
                head += [f"Content-Type: {content_type}", f"Content-Length: {len(body)}"]
            with contextlib.suppress(OSError):  # the server answered early (and closed): its answer is read below
                await self._send(writer, ("\r\n".join(head) + "\r\n\r\n").encode() + body)
            raw = await reader.read()
        finally:
            writer.close()
        await asyncio.sleep(self.latency)
        head, _, content = raw.partition(b"\r\n\r\n")
        lines = head.decode("latin-1").split("\r\n")
        if not lines[0].startswith("HTTP/"):
            return 0, {}, b""
        headers = {}
        for line in lines[1:]:
            name, _, value = line.partition(":")
            headers.setdefault(name.strip().lower(), []).append(value.strip())
        for cookie in headers.get("set-cookie", []):
            name, _, value = cookie.split(";")[0].partition("=")
            self.cookies[name] = value
        return int(lines[0].split()[1]), {k: v[-1] for k, v in headers.items()}, content

    async def _send(self, writer, data):
        if not self.rate:
            writer.write(data)
            await writer.drain()
            return
        chunk = max(1460, int(self.rate / 8 / 10))  # 100 ms of the link at a time
        started = time.monotonic()
        for offset in range(0, len(data), chunk):
            writer.write(data[offset : offset + chunk])
            await writer.drain()
            due = started + (offset + chunk) * 8 / self.rate
            await asyncio.sleep(max(0.0, due - time.monotonic()))

    async def thumbnails(self, page):
        """Fetch the thumbnails a phone shows on `page` (the 320 px WebP of each photo), as a browser does after a
        save: right after the upload, so before a worker may have made them."""
        for pk in dict.fromkeys(re.findall(rb"/nominations/files/photo/(\d+)/320\.webp", page)):
            await self.request("GET", f"/nominations/files/photo/{pk.decode()}/320.webp")

    async def token(self, path):
        status, _headers, body = await self.request("GET", path)
        match = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', body)
        return status, body, match.group(1).decode() if match else ""

    async def login(self, username):
        _status, _body, token = await self.token("/accounts/login/")
        form = urlencode({"username": username, "password": PASSWORD, "csrfmiddlewaretoken": token}).encode()
        status, _headers, _body = await self.request("POST", "/accounts/login/", form, FORM)
        return status == 302


FORM = "application/x-www-form-urlencoded"


def make_photos():
    """Phone photos: 12 megapixels (4000 × 3000) with a photo's texture (bench/renditions.py), JPEG of 2 to 5 MB,
    made once into bench/results/photos. (Before 2026-12-06 evening: squares of noise of the same sizes in bytes,
    1,600-2,500 px, whose renditions cost a worker 2.5 times a photo's: 800 ms against 316 ms.)"""
    from renditions import photo_bytes

    folder = RESULTS / "photos"
    folder.mkdir(parents=True, exist_ok=True)
    photos = []
    for quality in (87, 91, 94, 95):
        path = folder / f"phone-12mp-q{quality}.jpg"
        if not path.exists():
            path.write_bytes(photo_bytes(4000, 3000, quality))
        photos.append(path.read_bytes())
    return photos


# --- the rush: slow officers ---------------------------------------------------------------------------------


async def log_in(officers, port):
    """The officers' sessions, opened before the rush (a login lasts 8 hours: on deadline day they have been at
    work since the morning), a few at a time; {username: cookies}."""
    gate = asyncio.Semaphore(4)

    async def one(username):
        async with gate:
            client = Client(port, timeout=120)
            if not await client.login(username):
                raise RuntimeError(f"login of {username} failed")
            return username, client.cookies

    return dict(await asyncio.gather(*(one(username) for _number, username in officers)))


async def officer_journey(number, username, cookies, port, args, photos, started_at):
    """One officer's save, second save and submit, through a slow link; returns what happened."""
    await asyncio.sleep(started_at)
    client = Client(port, rate=args.rate_kbit * 1000, latency=args.latency_ms / 1000, timeout=args.request_timeout)
    client.cookies = dict(cookies)
    result = {"officer": username, "uploads_acknowledged": 0, "submitted": False, "pk": None}
    _status, _body, token = await client.token("/nominations/new/")
    fields = {"csrfmiddlewaretoken": token, **nomination_fields(f"77{number:011d}", f"Tenggat {number}")}
    first_upload = time.monotonic()
    body, content_type = multipart(fields, {"new_photos": ("foto1.jpg", photos[number % len(photos)], "image/jpeg")})
    status, headers, _ = await client.request("POST", "/nominations/new/", body, content_type)
    match = re.search(r"/nominations/(\d+)/", headers.get("location", ""))
    if status != 302 or not match:
        result["error"] = f"first save: HTTP {status}"
        return result
    result["uploads_acknowledged"] += 1
    pk = result["pk"] = int(match.group(1))
    _status, page, token = await client.token(f"/nominations/{pk}/edit/")
    await client.thumbnails(page)
    version = re.search(rb'name="version" value="(\d+)"', page)
    fields = {
        "csrfmiddlewaretoken": token,
        "version": version.group(1).decode() if version else "",
        **nomination_fields(f"77{number:011d}", f"Tenggat {number}"),
    }
    body, content_type = multipart(
        fields, {"new_photos": ("foto2.jpg", photos[(number + 1) % len(photos)], "image/jpeg")}
    )
    status, _headers, _ = await client.request("POST", f"/nominations/{pk}/edit/", body, content_type)
    if status != 302:
        result["error"] = f"second save: HTTP {status}"
        return result
    result["uploads_acknowledged"] += 1
    _status, page, _token = await client.token(f"/nominations/{pk}/edit/")  # where the save leads
    await client.thumbnails(page)
    _status, _body, token = await client.token(f"/nominations/{pk}/submit/")
    form = urlencode({"csrfmiddlewaretoken": token}).encode()
    status, _headers, _ = await client.request("POST", f"/nominations/{pk}/submit/", form, FORM)
    if status != 302:
        result["error"] = f"submit: HTTP {status}"
        return result
    result["submitted"] = True
    result["to_submit_s"] = time.monotonic() - first_upload
    return result


async def rush(officers, sessions, port, args, photos):
    rng = random.Random(7)
    tasks = [
        asyncio.create_task(officer_journey(n, name, sessions[name], port, args, photos, rng.uniform(0, args.stagger)))
        for n, name in officers
    ]
    done, pending = await asyncio.wait(tasks, timeout=args.rush_max)
    for task in pending:
        task.cancel()
    return [task.result() for task in done], len(pending)


# --- the other visitors: a separate process, so the rush's client does not delay their clocks ---------------------


def visitors_process(port, visitors, interval, stop, ready, out):
    asyncio.run(visit(port, visitors, interval, stop, ready, out))


async def visit(port, visitors, interval, stop, ready, out):
    clients = {username: Client(port, timeout=30) for username in visitors}

    async def warm_up(username):  # logged in, and each page seen once (the page cache as on a working day)
        await clients[username].login(username)
        for path in visitors[username]:
            await clients[username].request("GET", path)

    await asyncio.gather(*(warm_up(name) for name in visitors))
    ready.set()
    records = []

    async def one(username, paths):
        client, rng = clients[username], random.Random(username)
        await asyncio.sleep(rng.uniform(0, interval))
        while not stop.is_set():
            began, path = time.time(), rng.choice(paths)
            status, headers, _body = await client.request("GET", path)
            cache_state, role = headers.get("x-page-cache", ""), username.split(".")[0]
            records.append((began, time.time() - began, status, cache_state, role))
            await asyncio.sleep(max(0.0, interval - (time.time() - began)))

    await asyncio.gather(*(one(name, paths) for name, paths in visitors.items()))
    out.put(records)


VISITORS_SQL = """
select r.code, array_agg(n.id order by n.id) from nominations_nomination n
join accounts_regency r on r.code = n.regency_id
where n.round_id = %s and r.code = any(%s) group by r.code
"""


def choose_visitors(database_url, officers, members):
    """Who keeps working during the rush: officers of other regencies, team members of several provinces and the
    admin, each with the pages they open."""
    with psycopg2.connect(database_url) as connection, connection.cursor() as cursor:
        cursor.execute("select id from nominations_awardround where year < 2040 order by year desc")
        rounds = [row[0] for row in cursor.fetchall()]
        cursor.execute(VISITORS_SQL, (rounds[0], officers))
        found = dict(cursor.fetchall())
    visitors = {}
    for code in officers:
        pks = found.get(code, [])[:6]
        visitors[f"officer.{code}"] = ["/nominations/", "/nominations/?page=2"] + [f"/nominations/{pk}/" for pk in pks]
    for province in members:
        visitors[f"team.{province}.2"] = ["/curation/", f"/curation/ranking/?round={rounds[0]}", "/nominations/"]
    visitors["bench.admin"] = (
        [f"/curation/national/?round={rounds[0]}&page={n}" for n in (1, 2, 3)]
        + [f"/reports/statistics/?round={pk}" for pk in rounds]
        + ["/nominations/", "/nominations/?page=2"]
    )
    return visitors


# --- memory --------------------------------------------------------------------------------------------------


def rss_mb(pids):
    total = 0
    for pid in pids:
        try:
            status = Path(f"/proc/{pid}/status").read_text()
        except OSError:
            continue
        total += int(re.search(r"VmRSS:\s+(\d+) kB", status).group(1))
    return total / 1024


def children(pid):
    found = subprocess.run(["ps", "-o", "pid=", "--ppid", str(pid)], capture_output=True, text=True).stdout.split()
    return [int(child) for child in found]


class MemoryWatch(threading.Thread):
    """Samples the summed RSS of gunicorn's master and workers, and of nginx's, every half second; keeps peaks."""

    def __init__(self, gunicorn_pids, nginx=None):
        super().__init__(daemon=True)
        self.gunicorn_pids, self.nginx = gunicorn_pids, nginx
        self.peaks = {"gunicorn": 0.0, "nginx": 0.0}
        self.workers = {"gunicorn": 0, "nginx": 0}
        self.stopping = threading.Event()

    def run(self):
        while not self.stopping.wait(0.5):
            gunicorn = [pid for master in self.gunicorn_pids for pid in (master, *children(master))]
            self.workers["gunicorn"] = len(gunicorn) - len(self.gunicorn_pids)
            self.peaks["gunicorn"] = max(self.peaks["gunicorn"], rss_mb(gunicorn))
            if self.nginx:
                pids = self.nginx.pids()
                self.workers["nginx"] = len(pids) - 1
                self.peaks["nginx"] = max(self.peaks["nginx"], rss_mb(pids))


def cpu_seconds(groups):
    """CPU seconds (user + system) used so far by each group's processes: {group: seconds}. `groups` maps a name
    to a test on a process (pid, command line); a process is counted in the first group it passes."""
    ticks = os.sysconf("SC_CLK_TCK")
    used = dict.fromkeys(groups, 0.0)
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
            command = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
        except OSError:
            continue
        fields = stat.rpartition(")")[2].split()
        for name, passes in groups.items():
            if passes(int(entry.name), command):
                used[name] += (int(fields[11]) + int(fields[12])) / ticks
                break
    return used


def cpu_groups(gunicorn_pids, worker, nginx, watcher_pid):
    """Who uses the 2 cores: the portal's processes, the services it talks to, and the benchmark's own clients."""

    def family(pid):
        return {pid, *children(pid)} if pid else set()

    app, celery = set().union(*map(family, gunicorn_pids)), family(worker.pid if worker else None)
    proxies = set(nginx.pids()) if nginx else set()
    clients = {os.getpid(), watcher_pid}
    return {
        "gunicorn": lambda pid, _command: pid in app,
        "celery worker": lambda pid, _command: pid in celery,
        "nginx": lambda pid, _command: pid in proxies,
        "postgres": lambda _pid, command: command.startswith("postgres"),
        "redis": lambda _pid, command: command.startswith("/usr/bin/redis-server") or "redis-server" in command,
        "bench clients": lambda pid, _command: pid in clients,
    }


def cpu_between(earlier, later, seconds):
    """{group: share of the machine's cores used between two readings}."""
    cores = os.cpu_count()
    return {name: (later[name] - earlier[name]) / seconds / cores for name in later}


# --- one setup -----------------------------------------------------------------------------------------------


def percentile(values, share):
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(share * (len(ordered) - 1))))]


ROLES = {"officer": "officers", "team": "team members", "bench": "admin"}


def summary(records):
    times = [r[1] * 1000 for r in records]  # a page not answered counts its wait
    drawn = [r[1] * 1000 for r in records if r[3] != "hit"]
    failed = Counter(r[2] for r in records if r[2] != 200)
    return {
        "roles": {
            label: {
                "pages": len(mine := [r for r in records if r[4] == role]),
                "p95": percentile([r[1] * 1000 for r in mine], 0.95),
                "from_cache": sum(r[3] == "hit" for r in mine) / max(1, len(mine)),
            }
            for role, label in ROLES.items()
        },
        "pages": len(records),
        "from_cache": 1 - len(drawn) / max(1, len(records)),
        "drawn_p95": percentile(drawn, 0.95),
        "failed": sum(failed.values()),
        "failures": {str(status or "timeout"): count for status, count in failed.items()},
        "p50": percentile(times, 0.5),
        "p95": percentile(times, 0.95),
    }


def wait_for_renditions(database_url, pks, since, limit=300):
    """Seconds from `since` until the worker made the renditions of every photo of these nominations (None if it
    had not after `limit` seconds)."""
    while True:
        with psycopg2.connect(database_url) as connection, connection.cursor() as cursor:
            cursor.execute(
                "select count(*) from nominations_nominationphoto where nomination_id = any(%s) and renditions = '{}'",
                (pks or [0],),
            )
            pending = cursor.fetchone()[0]
        if not pending:
            return time.time() - since
        if time.time() - since > limit:
            return None
        time.sleep(1)


def count_in_database(database_url, pks):
    """Photos and submitted nominations stored for the officers' nominations, read after the run."""
    if not pks:
        return 0, 0
    with psycopg2.connect(database_url) as connection, connection.cursor() as cursor:
        cursor.execute("select count(*) from nominations_nominationphoto where nomination_id = any(%s)", (pks,))
        photos = cursor.fetchone()[0]
        cursor.execute(
            "select count(*) from nominations_nomination where id = any(%s) and submitted_at is not null", (pks,)
        )
        submitted = cursor.fetchone()[0]
    return photos, submitted


def run_setup(index, setup, env, database_url, officers, visitors, args, photos, say):
    name, _, workers = setup.partition("@")  # "nginx@4": the nginx setup with 4 gunicorn workers
    workers = int(workers or args.workers)
    threaded = name in ("gthread", "nginx-gthread")
    extra = ("--worker-class", "gthread", "--threads", str(args.threads)) if threaded else ()
    if args.app_log:  # each request's time in the worker (ms), its start, path and status: where the workers go
        log = RESULTS / f"deadline-day-{index + 1}-{setup}-app.log"
        log.unlink(missing_ok=True)
        extra += ("--access-logfile", str(log), "--access-logformat", APP_LOG_FORMAT)
    if name == "nginx-nocache":
        env = {**env, "PAGE_CACHE_SECONDS": "0"}
    if name == "nginx-inline":  # no broker: every task in the process that queues it
        env = {key: value for key, value in env.items() if key != "CELERY_BROKER_URL"}
    pools = name == "nginx-pools"
    gunicorn = start_gunicorn(env, APP_PORT, workers=workers // 2 if pools else workers, extra=extra)
    heavy = None
    if pools:
        heavy_extra = tuple(str(part).replace("-app.log", "-heavy-app.log") for part in extra)
        if args.app_log:
            (RESULTS / f"deadline-day-{index + 1}-{setup}-heavy-app.log").unlink(missing_ok=True)
        heavy = start_gunicorn(env, HEAVY_PORT, workers=workers - workers // 2, extra=heavy_extra, nice=5)
    # Renditions and e-mails, at a lower CPU priority (nice); without a broker nothing for it to do.
    worker = start_celery_worker(env) if "CELERY_BROKER_URL" in env else None
    nginx = None
    port = APP_PORT
    try:
        if name.startswith("nginx"):
            nginx = start_front_proxy(
                RESULTS / "nginx-deadline-day", PROXY_PORT, [APP_PORT], [HEAVY_PORT] if heavy else None
            )
            port = PROXY_PORT
        sessions = asyncio.run(log_in(officers, port))
        stop, ready, out = multiprocessing.Event(), multiprocessing.Event(), multiprocessing.Queue()
        watcher = multiprocessing.Process(
            target=visitors_process, args=(port, visitors, args.visit_interval, stop, ready, out)
        )
        watcher.start()
        ready.wait(120)
        apps = [gunicorn.pid, *([heavy.pid] if heavy else [])]
        memory = MemoryWatch(apps, nginx)
        memory.start()
        time.sleep(args.settle)
        groups = cpu_groups(apps, worker, nginx, watcher.pid)
        cpu_at_start = cpu_seconds(groups)
        time.sleep(args.before)
        rush_began = time.time()
        cpu_at_rush = cpu_seconds(groups)
        results, unfinished = asyncio.run(rush(officers, sessions, port, args, photos))
        rush_ended = time.time()
        cpu_at_end = cpu_seconds(groups)
        stop.set()
        records = out.get(timeout=120)
        watcher.join(30)
        memory.stopping.set()
        memory.join(5)
        pks = [r["pk"] for r in results if r["pk"]]
        renditions_s = wait_for_renditions(database_url, pks, rush_ended)
    finally:
        if nginx:
            nginx.stop()
        for app in (gunicorn, heavy):
            if app:
                app.terminate()
                app.wait(30)
        if worker:
            worker.terminate()
            worker.wait(60)
    before = summary([r for r in records if rush_began - args.before <= r[0] < rush_began])
    during = summary([r for r in records if rush_began <= r[0] < rush_ended])
    planned = 2 * len(officers)
    acknowledged = sum(r["uploads_acknowledged"] for r in results)
    stored, submitted_in_db = count_in_database(database_url, pks)
    expected = {r["pk"]: r["uploads_acknowledged"] for r in results if r["pk"]}
    to_submit = [r["to_submit_s"] for r in results if r["submitted"]]
    errors = {}
    for r in results:
        if "error" in r:
            errors[r["error"]] = errors.get(r["error"], 0) + 1
    row = {
        "setup": setup,
        "label": SETUPS[name].format(threads=args.threads, workers=workers),
        "before": before,
        "during": during,
        "rush_s": rush_ended - rush_began,
        "uploads_planned": planned,
        "uploads_acknowledged": acknowledged,
        "uploads_stored": stored,
        "lost": max(0, sum(expected.values()) - stored),
        "submitted": sum(r["submitted"] for r in results),
        "submitted_in_db": submitted_in_db,
        "unfinished": unfinished,
        "errors": errors,
        "to_submit_p50": percentile(to_submit, 0.5),
        "to_submit_max": max(to_submit) if to_submit else float("nan"),
        "renditions_after_rush_s": renditions_s,
        "rss": memory.peaks,
        "cpu_before": cpu_between(cpu_at_start, cpu_at_rush, args.before),
        "cpu_during": cpu_between(cpu_at_rush, cpu_at_end, rush_ended - rush_began),
        "processes": memory.workers,
    }
    b, d = before, during
    say(
        f"{setup}: before p50 {b['p50']:.0f} ms, p95 {b['p95']:.0f} ms ({b['pages']} pages, {b['from_cache']:.0%} "
        f"from the page cache); during p50 {d['p50']:.0f} ms, p95 {d['p95']:.0f} ms ({d['pages']} pages, "
        f"{d['from_cache']:.0%} from the page cache, not answered 200: {d['failures'] or 'none'}); uploads "
        f"acknowledged {acknowledged} of {planned}, {stored} stored, lost {row['lost']}; submitted "
        f"{row['submitted']}/{len(officers)} (in the database: {submitted_in_db}); unfinished {unfinished}; errors "
        f"{errors or 'none'}; RSS gunicorn {memory.peaks['gunicorn']:.0f} MB, nginx {memory.peaks['nginx']:.0f} MB; "
        "renditions all made "
        + (f"{renditions_s:.0f} s after the rush" if renditions_s is not None else "NOT within 300 s of the rush")
    )
    say(
        "  CPU (share of all cores) before / during: "
        + ", ".join(
            f"{group} {row['cpu_before'][group]:.0%} / {row['cpu_during'][group]:.0%}" for group in row["cpu_during"]
        )
        + f"; in all {sum(row['cpu_before'].values()):.0%} / {sum(row['cpu_during'].values()):.0%}"
    )
    for label in ROLES.values():
        rb, rd = b["roles"][label], d["roles"][label]
        say(
            f"  {label}: p95 before {rb['p95']:.0f} ms ({rb['pages']} pages, {rb['from_cache']:.0%} cached), during "
            f"{rd['p95']:.0f} ms ({rd['pages']} pages, {rd['from_cache']:.0%} cached)"
        )
    return row


def table(rows, args):
    lines = [
        "| Setup | visitors' p50 / p95 before (ms) | during the rush (ms) | p95 during / before | pages from the page "
        "cache before / during | p95 of pages drawn afresh before / during (ms) | pages failed during "
        "| uploads acknowledged / planned | stored, lost | submitted | officers' time to submit, median / longest "
        "| peak RSS gunicorn / nginx |",
        "|---|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for row in rows:
        b, d = row["before"], row["during"]
        lines.append(
            f"| {row['label']} | {b['p50']:.0f} / {b['p95']:.0f} | {d['p50']:.0f} / {d['p95']:.0f} "
            f"| {d['p95'] / b['p95']:.1f}× | {b['from_cache']:.0%} / {d['from_cache']:.0%} "
            f"| {b['drawn_p95']:.0f} / {d['drawn_p95']:.0f} | {d['failed']} of {d['pages']} "
            f"| {row['uploads_acknowledged']} / {row['uploads_planned']} | {row['uploads_stored']}, {row['lost']} "
            f"| {row['submitted']} of {args.officers} | {row['to_submit_p50']:.0f} s / {row['to_submit_max']:.0f} s "
            f"| {row['rss']['gunicorn']:.0f} MB ({row['processes']['gunicorn']} workers) / "
            + (f"{row['rss']['nginx']:.0f} MB ({row['processes']['nginx']} worker)" if row["rss"]["nginx"] else "–")
            + " |"
        )
    return lines


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--officers", type=int, default=60, help="slow officers in the rush (default 60)")
    parser.add_argument("--rate-kbit", type=int, default=1000, help="each officer's upload speed (default 1000)")
    parser.add_argument("--latency-ms", type=int, default=150, help="before each request and after its answer")
    parser.add_argument("--stagger", type=float, default=10, help="seconds over which the officers start")
    parser.add_argument("--settle", type=float, default=60, help="seconds of visitors alone, not counted (docstring)")
    parser.add_argument("--before", type=float, default=120, help="then seconds of visitors alone, counted")
    parser.add_argument("--rush-max", type=float, default=240, help="the rush ends at the latest after this")
    parser.add_argument("--request-timeout", type=float, default=180, help="an officer's browser gives up after")
    parser.add_argument("--visit-interval", type=float, default=1.0, help="seconds between a visitor's pages")
    parser.add_argument("--threads", type=int, default=4, help="threads per gthread worker")
    parser.add_argument("--workers", type=int, default=4, help="gunicorn workers (default 4, as deployed)")
    parser.add_argument("--nominations", type=int, default=20_000)
    parser.add_argument(
        "--app-log", action="store_true", help="gunicorn's access log with each request's time, in bench/results"
    )
    parser.add_argument(
        "--setups",
        default="sync,gthread,nginx-pools,nginx,nginx-inline,nginx-nocache",
        help="comma-separated, of: " + ", ".join(SETUPS) + " (name@N: with N gunicorn workers, e.g. nginx@4)",
    )
    args = parser.parse_args()
    setups = args.setups.split(",")
    RESULTS.mkdir(parents=True, exist_ok=True)
    lines = []

    def say(text=""):
        print(text, flush=True)
        lines.append(text)

    admin_url = os.environ.get("BENCH_ADMIN_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/postgres")
    database_url = fresh_database(admin_url, "ovop_deadline_day")
    env = server_env(
        database_url,
        DATABASE_CONN_MAX_AGE="600",
        REDIS_URL=os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/8"),
        MEDIA_ROOT=str(RESULTS / "media-deadline-day"),
        EMAIL_BACKEND="django.core.mail.backends.dummy.EmailBackend",
    )
    started = time.monotonic()
    manage(env, "migrate", "--noinput")
    subprocess.run(
        [PYTHON, str(ROOT / "bench" / "generate.py"), str(args.nominations), "2"], cwd=ROOT, env=env, check=True
    )
    manage(env, "shell", "-c", ROUND_CODE)
    manage(env, "collectstatic", "--noinput")
    subprocess.run(["psql", database_url, "-qc", "ANALYZE"], check=True)
    photos = make_photos()
    with psycopg2.connect(database_url) as connection, connection.cursor() as cursor:
        cursor.execute("select code, province_id from accounts_regency order by code")
        regencies = cursor.fetchall()
    rng = random.Random(19)
    rng.shuffle(regencies)
    provinces = sorted({province for _code, province in regencies})
    visiting = [code for code, _province in regencies[:6]]
    rushing = [code for code, _province in regencies[6:]]
    if len(rushing) < args.officers * len(setups):
        parser.error(f"at most {len(rushing) // len(setups)} officers for {len(setups)} setups (514 regencies)")
    visitors = choose_visitors(database_url, visiting, provinces[:: max(1, len(provinces) // 3)][:3])
    say(
        f"deadline day on {os.cpu_count()} cores (load average before: {os.getloadavg()[0]:.1f}); database of "
        f"{args.nominations} nominations ready in {time.monotonic() - started:.0f} s; photos of "
        f"{', '.join(f'{len(p) / 1e6:.1f}' for p in photos)} MB; {args.officers} officers at {args.rate_kbit} kbit/s "
        f"with {args.latency_ms} ms latency, starting within {args.stagger:.0f} s; {len(visitors)} other visitors, "
        f"one page every {args.visit_interval} s each; {args.settle:.0f} s not counted, then {args.before:.0f} s "
        "before the rush"
    )
    rows = []
    import redis  # the portal's own requirement

    # As deployed: the renditions of the photos (and the e-mails) go through Redis to a Celery worker.
    served = {
        **env,
        "CELERY_BROKER_URL": os.environ.get("BENCH_BROKER_URL", "redis://127.0.0.1:6379/9"),
        "CELERY_QUEUE": "ovop-deadline-day",
    }

    for index, name in enumerate(setups):
        redis.Redis.from_url(env["REDIS_URL"]).flushdb()  # every setup starts with an empty page cache
        redis.Redis.from_url(served["CELERY_BROKER_URL"]).delete(served["CELERY_QUEUE"])  # and an empty queue
        officers = [
            (index * args.officers + n, f"officer.{code}")
            for n, code in enumerate(rushing[index * args.officers : (index + 1) * args.officers])
        ]
        rows.append(run_setup(index, name, served, database_url, officers, visitors, args, photos, say))
    say(f"(load average after: {os.getloadavg()[0]:.1f})")
    say()
    for line in table(rows, args):
        say(line)
    (RESULTS / "deadline_day.txt").write_text("\n".join(lines) + "\n")
    (RESULTS / "deadline_day.json").write_text(json.dumps(rows, indent=1))
    failed = [row["setup"] for row in rows if row["lost"]]
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
