"""Restart PostgreSQL while officers are saving drafts; report failed requests and lost data.

    python bench/db_restart.py [--seconds 20] [--restart-at 6]

It makes a fresh database (ovop_bench_restart on the server of $BENCH_ADMIN_DATABASE_URL, default
postgres://postgres@127.0.0.1:5432/postgres), runs the portal under gunicorn (2 workers, production
settings), and keeps creating draft nominations through the form. Halfway it restarts the local
PostgreSQL cluster (pg_ctlcluster; needs root). Every draft whose save was acknowledged (a redirect)
must be in the database afterwards: "lost" must be 0. Requests during the outage get the portal's
friendly error page (HTTP 500) and the portal serves again once the database is back.
"""

import argparse
import os
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import ROOT, Browser, fresh_database, open_round_setup, prepare, server_env, start_gunicorn  # noqa: E402

SETUP = open_round_setup("bench.officer", "bench-password-123")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=20)
    parser.add_argument("--restart-at", type=float, default=6)
    parser.add_argument("--port", type=int, default=8123)
    args = parser.parse_args()
    admin_url = os.environ.get("BENCH_ADMIN_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/postgres")
    env = server_env(fresh_database(admin_url, "ovop_bench_restart"))
    prepare(env, SETUP)
    server = start_gunicorn(env, args.port)
    try:
        browser = Browser(f"http://127.0.0.1:{args.port}")
        browser.login("bench.officer", "bench-password-123")
        acknowledged, failures, statuses = [], 0, {}
        restarted, started, first_ok_after_restart = False, time.monotonic(), None
        number = 0
        while time.monotonic() - started < args.seconds:
            if not restarted and time.monotonic() - started >= args.restart_at:
                version = sorted(os.listdir("/etc/postgresql"))[-1]
                # fast mode: the server drops its connections at once, as in a real crash-restart
                subprocess.Popen(
                    ["pg_ctlcluster", "--skip-systemctl-redirect", version, "main", "restart", "--", "-m", "fast"]
                )
                restarted, restart_time = True, time.monotonic()
            number += 1
            if os.environ.get("BENCH_VERBOSE"):
                print(number, round(time.monotonic() - started, 1), statuses, file=sys.stderr)
            try:
                status, body, token = browser.csrf("/nominations/new/")
                if status == 200:
                    status, body = browser.request(
                        "/nominations/new/",
                        {
                            "csrfmiddlewaretoken": token,
                            "business_name": f"bench-{number}",
                            "document_kind": "other",
                            "cert-TOTAL_FORMS": "0",
                            "cert-INITIAL_FORMS": "0",
                            "cert-MIN_NUM_FORMS": "0",
                            "cert-MAX_NUM_FORMS": "1000",
                        },
                    )
            except OSError as error:  # the connection itself failed
                status, body = type(error).__name__, b""
            statuses[status] = statuses.get(status, 0) + 1
            if status == 302:
                acknowledged.append(f"bench-{number}")
                if restarted and first_ok_after_restart is None:
                    first_ok_after_restart = time.monotonic() - restart_time
            else:
                failures += 1
                if status == 500:
                    assert b"Layanan sedang terganggu" in body, "a 500 without the friendly page"
            time.sleep(0.02)
    finally:
        server.terminate()
        server.wait(10)
    time.sleep(1)
    found = subprocess.run(
        [
            sys.executable,
            "manage.py",
            "shell",
            "-c",
            "from nominations.models import Nomination; "
            "print('\\n'.join(Nomination.objects.values_list('business_name', flat=True)))",
        ],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()
    lost = len(set(acknowledged) - set(found))
    print(
        f"requests: {number}  acknowledged saves: {len(acknowledged)}  failed requests: {failures}  statuses: "
        f"{statuses}"
    )
    print(
        f"first successful save {first_ok_after_restart:.2f} s after the restart began"
        if first_ok_after_restart is not None
        else "no successful save after the restart"
    )
    print(f"lost: {lost}")
    return 1 if lost or first_ok_after_restart is None else 0


if __name__ == "__main__":
    raise SystemExit(main())
