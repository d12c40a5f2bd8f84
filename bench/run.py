"""The portal's benchmark: realistic data on PostgreSQL, gunicorn with 2 workers, wrk as the load.

    python bench/run.py [--nominations 100000] [--rounds 10] [--duration 10] [--connections 4] [--reuse]
                        [--skip-pages] [--skip-exports] [--skip-mixed] [--writes-per-second 2]
                        [--page-cache both|on|off]

Prints, for the officer list, the team's scoring list, the province ranking, the national ranking, the
statistics page and one nomination detail: requests/s, p50 and p95 latency, and the ratio to a bare Django
view behind the same middleware and session login (/accounts/ping/, measured before and after the pages; the
ratio is to the mean of the two), measured in the same run: once with the private page cache on (a reload
served while no data changed) and once with it off (every request renders). Then a mixed run: 31 visitors'
423 pages asked for in turn from an empty cache while random visitors make POSTs, with the share of pages
served from the cache. Sessions and cache are in Redis (BENCH_REDIS_URL, default redis://127.0.0.1:6379/6).
Then the peak resident memory and time to first byte of the CSV and XLSX export of every nomination, and the
bytes transferred (compressed) by the first load of the login page and of the officer list. Needs root for
installing wrk from Debian when missing. Results also go to bench/results/latest.txt.
"""

import argparse
import csv
import json
import os
import random
import re
import shutil
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import ROOT, Browser, fresh_database, manage, server_env, start_gunicorn  # noqa: E402

PASSWORD = "bench-password-123"


RESULTS = ROOT / "bench" / "results"


def ensure_wrk():
    if not shutil.which("wrk"):
        subprocess.run(
            ["apt-get", "install", "-y", "-qq", "wrk"],
            check=True,
            env={**os.environ, "DEBIAN_FRONTEND": "noninteractive"},
        )


def wrk(url, cookie, duration, connections, visits=None):
    """wrk's figures for one page (with this cookie), or for the lines of the file `visits` in turn."""
    command = [
        "wrk",
        "-t2",
        f"-c{connections}",
        f"-d{duration}s",
        "--latency",
        "-s",
        str(ROOT / "bench" / "wrk_report.lua"),
    ]
    command += ["-H", f"Cookie: {cookie}", url] if visits is None else [url, "--", str(visits)]
    result = subprocess.run(command, capture_output=True, text=True, check=True)
    return json.loads(result.stdout.strip().splitlines()[-1])


def session_cookie(base, username):
    browser = Browser(base)
    browser.login(username, PASSWORD)
    return "; ".join(f"{c.name}={c.value}" for c in browser.jar), browser


def peak_rss_mb(master_pid):
    """Peak resident memory (VmHWM) of the gunicorn workers of this master, in MB."""
    children = subprocess.run(["pgrep", "-P", str(master_pid)], capture_output=True, text=True).stdout.split()
    peaks = []
    for pid in children:
        status = Path(f"/proc/{pid}/status").read_text()
        peaks.append(int(re.search(r"VmHWM:\s+(\d+) kB", status).group(1)) / 1024)
    return max(peaks)


def timed_download(url, cookie, keep):
    """Time to first byte, total time and size of a download, which is kept in the file `keep`."""
    request = urllib.request.Request(url, headers={"Cookie": cookie})
    started = time.monotonic()
    with urllib.request.urlopen(request, timeout=600) as response, open(keep, "wb") as out:
        first = response.read(1)
        first_byte = time.monotonic() - started
        out.write(first)
        size = len(first)
        while chunk := response.read(1 << 16):
            size += len(chunk)
            out.write(chunk)
    return first_byte, time.monotonic() - started, size


def rows_in_export(path, fmt):
    """Data rows of a downloaded export, read back with csv or openpyxl: proof the file is whole."""
    if fmt == "csv":
        with open(path, newline="", encoding="utf-8-sig") as handle:
            return sum(1 for _ in csv.reader(handle)) - 1
    from openpyxl import load_workbook

    workbook = load_workbook(path, read_only=True)
    return sum(1 for _ in workbook.active.iter_rows(values_only=True)) - 1


def transferred(base, path, cookie=""):
    """Bytes on the wire (compressed) for a page and the CSS, JS and icon it links to."""
    headers = {"Accept-Encoding": "br, gzip", **({"Cookie": cookie} if cookie else {})}

    def size_of(url):
        with urllib.request.urlopen(urllib.request.Request(url, headers=headers), timeout=30) as response:
            return len(response.read()), response.headers.get("Content-Encoding", "identity")

    html_size, encoding = size_of(base + path)
    with urllib.request.urlopen(
        urllib.request.Request(base + path, headers={k: v for k, v in headers.items() if k != "Accept-Encoding"})
    ) as response:
        html = response.read().decode()
    assets = re.findall(r'(?:href|src)="(/static/[^"]+)"', html)
    parts = [(path, html_size, encoding)] + [(asset, *size_of(base + asset)) for asset in assets]
    return sum(size for _name, size, _enc in parts), parts


def measure_pages(base, env, args, say, label, weights):
    officer, _ = session_cookie(base, "officer.34.04")
    member, _ = session_cookie(base, "team.34.2")  # DI Yogyakarta: 5 regencies, ~100 nominations in curation
    large, _ = session_cookie(base, "team.35.2")  # East Java: 38 regencies, ~740 nominations in curation
    admin, _ = session_cookie(base, "bench.admin")
    ids = subprocess.run(
        [
            sys.executable,
            "manage.py",
            "shell",
            "-c",
            "from nominations.models import AwardRound, Nomination; r = AwardRound.objects.order_by('-year').first(); "
            "print(r.pk, Nomination.objects.filter(round=r, regency_id='34.04').values_list('pk', flat=True).first())",
        ],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()
    round_pk, nomination_pk = ids[-2], ids[-1]
    pages = [
        ("bare view (/accounts/ping/)", "/accounts/ping/", officer),
        ("officer nomination list", "/nominations/", officer),
        ("all nominations, admin, p. 3", "/nominations/?page=3", admin),
        ("team scoring list", "/curation/", member),
        ("scoring list, East Java", "/curation/", large),
        ("province ranking", f"/curation/ranking/?round={round_pk}", member),
        ("province ranking, East Java", f"/curation/ranking/?round={round_pk}", large),
        ("national ranking", f"/curation/national/?round={round_pk}", admin),
        ("statistics (national)", f"/reports/statistics/?round={round_pk}", admin),
        ("nomination detail", f"/nominations/{nomination_pk}/", officer),
    ]
    for _name, path, cookie in pages:  # warm up each page once
        urllib.request.urlopen(urllib.request.Request(base + path, headers={"Cookie": cookie}), timeout=60).read()
    say(
        f"\n{label}; load: wrk, 2 threads, {args.connections} connections, {args.duration} s per page, gunicorn 2 "
        f"workers, {os.cpu_count()} cores"
    )
    say(f"{'page':<30} {'req/s':>8} {'p50 ms':>8} {'p95 ms':>8} {'vs bare':>8}  targets (>=50% of bare, p95 < 100 ms)")
    # The bare view is measured first and again last: the machine's speed drifts within a run, and each page
    # is compared with the mean of the two.
    results = [(name, path, wrk(base + path, cookie, args.duration, args.connections)) for name, path, cookie in pages]
    results.append(
        ("bare view again", pages[0][1], wrk(base + pages[0][1], pages[0][2], args.duration, args.connections))
    )
    bare = {"rps": (results[0][2]["rps"] + results[-1][2]["rps"]) / 2}
    for name, path, result in results:
        ratio = result["rps"] / bare["rps"]
        met = "met" if ratio >= 0.5 and result["p95_ms"] < 100 else "NOT met"
        say(
            f"{name:<30} {result['rps']:>8.1f} {result['p50_ms']:>8.1f} {result['p95_ms']:>8.1f} {ratio:>7.0%}  "
            f"{met if path != pages[0][1] else ''}" + (f" ({result['errors']} errors)" if result["errors"] else "")
        )
    if not args.skip_mixed:
        measure_mixed(base, env, args, say, bare)
    if weights:
        say("\nfirst load, bytes on the wire (br/gzip from whitenoise; HTML uncompressed):")
        for label, path, cookie in (("login page", "/accounts/login/", ""), ("officer list", "/nominations/", officer)):
            total, parts = transferred(base, path, cookie)
            say(
                f"  {label:<14} {total / 1024:7.1f} KB  "
                + ", ".join(f"{Path(n).name or n} {s / 1024:.1f} KB ({e})" for n, s, e in parts)
            )


VISITORS_CODE = """
import json
from accounts.models import Province, Regency
from nominations.models import AwardRound, Nomination
rounds = list(AwardRound.objects.order_by('-year').values_list('pk', flat=True))
regencies = list(Regency.objects.order_by('code').values_list('code', flat=True))[::26]
provinces = list(Province.objects.order_by('code').values_list('code', flat=True))[::4]
ids = Nomination.objects
print(json.dumps({
    'rounds': rounds,
    'officers': {
        code: list(ids.filter(regency_id=code).order_by('-round__year', 'pk').values_list('pk', flat=True)[:12])
        for code in regencies
    },
    'members': {
        code: list(
            ids.filter(round_id=rounds[0], regency__province_id=code).order_by('pk').values_list('pk', flat=True)[:6]
        )
        for code in provinces
    },
}))
"""


def mixed_visits(env):
    """Who visits what in the mixed run: 20 officers of regencies spread over the country (3 list pages and 12
    nomination details each), 10 team members of 10 provinces (worklist, ranking, 2 list pages, 6 details)
    and an admin (8 national ranking pages, the statistics of 10 rounds, 5 list pages): 423 pages."""
    found = json.loads(
        subprocess.run(
            [sys.executable, "manage.py", "shell", "-c", VISITORS_CODE],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            check=True,
        )
        .stdout.strip()
        .splitlines()[-1]
    )
    latest = found["rounds"][0]
    visitors = {}
    for code, pks in found["officers"].items():
        visitors[f"officer.{code}"] = [f"/nominations/?page={n}" for n in (1, 2, 3)] + [
            f"/nominations/{pk}/" for pk in pks
        ]
    for code, pks in found["members"].items():
        visitors[f"team.{code}.2"] = [
            "/curation/",
            f"/curation/ranking/?round={latest}",
            "/nominations/?page=1",
            "/nominations/?page=2",
        ] + [f"/nominations/{pk}/" for pk in pks]
    visitors["bench.admin"] = (
        [f"/curation/national/?round={latest}&page={n}" for n in range(1, 9)]
        + [f"/reports/statistics/?round={pk}" for pk in found["rounds"]]
        + [f"/nominations/?page={n}" for n in range(1, 6)]
    )
    return visitors


def measure_mixed(base, env, args, say, bare):
    """Many visitors' pages in turn (wrk), while a writer makes POSTs as random visitors of those provinces."""
    rng = random.Random(8)
    browsers = {}
    lines = []
    for username, paths in mixed_visits(env).items():
        cookie, browser = session_cookie(base, username)
        _status, _body, token = browser.csrf("/nominations/")
        browsers[username] = (browser, token)
        lines += [f"{path}\t{cookie}" for path in paths]
    rng.shuffle(lines)
    visits = RESULTS / "visits.tsv"
    visits.write_text("\n".join(lines) + "\n")
    writers = [name for name in browsers if name != "bench.admin"]
    stop = threading.Event()
    written = []

    def write():  # the language switch: a POST, which the page cache counts as a write in the writer's province
        while not stop.wait(1 / args.writes_per_second):
            browser, token = browsers[rng.choice(writers)]
            status, _ = browser.request(
                "/i18n/setlang/", {"language": "id", "next": "/accounts/ping/", "csrfmiddlewaretoken": token}
            )
            written.append(status)

    import redis  # the portal's own requirement

    # From an empty cache: sessions survive it (cached_db), the pages and data generations do not.
    redis.Redis.from_url(env["REDIS_URL"]).flushdb()
    writer = threading.Thread(target=write, daemon=True)
    writer.start()
    try:
        result = wrk(base + "/", "", args.duration * 3, args.connections, visits=visits)
    finally:
        stop.set()
        writer.join(10)
    visits.unlink()
    counted = result["hits"] + result["misses"]
    cached = f"{result['hits'] / counted:.0%} from the cache" if counted else "page cache off"
    say(
        f"{'mixed: ' + str(len(lines)) + ' pages of ' + str(len(browsers)) + ' visitors':<30} "
        f"{result['rps']:>8.1f} {result['p50_ms']:>8.1f} {result['p95_ms']:>8.1f} "
        f"{result['rps'] / bare['rps']:>7.0%}  {cached}; {len(written)} writes ({sum(s == 302 for s in written)} "
        f"answered 302)" + (f" ({result['errors']} errors)" if result["errors"] else "")
    )


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--nominations", type=int, default=100_000)
    parser.add_argument("--rounds", type=int, default=10)
    parser.add_argument("--duration", type=int, default=10, help="seconds of load per page")
    parser.add_argument("--connections", type=int, default=4)
    parser.add_argument("--reuse", action="store_true", help="keep the database of the previous run")
    parser.add_argument("--skip-pages", action="store_true", help="measure only the exports")
    parser.add_argument("--skip-exports", action="store_true", help="measure only the pages")
    parser.add_argument(
        "--page-cache",
        choices=("both", "on", "off"),
        default="both",
        help="measure the pages with the private page cache on, off, or both (default)",
    )
    parser.add_argument(
        "--skip-mixed", action="store_true", help="leave out the mixed run of many visitors with writes"
    )
    parser.add_argument("--writes-per-second", type=float, default=2.0, help="POSTs during the mixed run (default 2)")
    args = parser.parse_args()
    ensure_wrk()
    RESULTS.mkdir(parents=True, exist_ok=True)
    admin_url = os.environ.get("BENCH_ADMIN_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/postgres")
    database_url = admin_url.rsplit("/", 1)[0] + "/ovop_bench"
    lines = []

    def say(line=""):
        print(line, flush=True)
        lines.append(line)

    if not args.reuse:
        database_url = fresh_database(admin_url, "ovop_bench")
    # Sessions and cache in Redis, as in "Deploying at scale" (the page cache needs a shared cache).
    env = server_env(
        database_url,
        DATABASE_CONN_MAX_AGE="600",
        REDIS_URL=os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/6"),
    )
    if not args.reuse:
        started = time.monotonic()
        manage(env, "migrate", "--noinput")
        subprocess.run(
            [sys.executable, str(ROOT / "bench" / "generate.py"), str(args.nominations), str(args.rounds)],
            cwd=ROOT,
            env=env,
            check=True,
        )
        subprocess.run(["psql", database_url, "-qc", "ANALYZE"], check=True)
        say(
            f"generated {args.nominations} nominations over {args.rounds} rounds, 514 regencies, 3 sheets each, in "
            f"{time.monotonic() - started:.0f} s"
        )
    manage(env, "collectstatic", "--noinput")

    port = 8140
    base = f"http://127.0.0.1:{port}"
    modes = {"both": ("on", "off"), "on": ("on",), "off": ("off",)}[args.page_cache]
    for mode in () if args.skip_pages else modes:
        seconds = "60" if mode == "on" else "0"
        server = start_gunicorn({**env, "PAGE_CACHE_SECONDS": seconds}, port, workers=2)
        try:
            measure_pages(
                base, env, args, say, f"page cache {mode} (PAGE_CACHE_SECONDS={seconds})", weights=mode == modes[-1]
            )
        finally:
            server.terminate()
            server.wait(10)

    if not args.skip_exports:
        say("\nexport of every nomination (admin), one fresh gunicorn worker each:")
    for fmt in () if args.skip_exports else ("csv", "xlsx"):
        server = start_gunicorn(env, port + 1, workers=1)
        try:
            cookie, _ = session_cookie(f"http://127.0.0.1:{port + 1}", "bench.admin")
            url = f"http://127.0.0.1:{port + 1}/reports/export/nominations.{fmt}?round=all"
            keep = RESULTS / f"export.{fmt}"
            first_byte, total_time, size = timed_download(url, cookie, keep)
            peak = peak_rss_mb(server.pid)
            say(
                f"  {fmt.upper():<5} {size / 1e6:7.1f} MB  first byte {first_byte:6.2f} s  total {total_time:6.1f} "
                f"s  peak RSS of the worker {peak:6.1f} MB"
                f"  ({rows_in_export(keep, fmt)} rows read back)"
            )
            keep.unlink()
        finally:
            server.terminate()
            server.wait(10)
    (RESULTS / "latest.txt").write_text("\n".join(lines) + "\n")


if __name__ == "__main__":
    main()
