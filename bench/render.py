"""The cost of drawing each benchmark page afresh, in-process: no HTTP, no wrk, no page cache.

    python bench/render.py [--requests 20] [--database postgres://postgres@127.0.0.1:5432/ovop_bench]

Runs the Django test client against the benchmark database of bench/run.py (run that first), with the page
cache off and sessions in the database, and prints for each page the best and the median time of
`--requests` requests, asked in turn. The best time is the steadiest figure on a noisy machine; run it on two
checkouts one after the other to compare code.
"""

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=20)
    parser.add_argument("--database", default="postgres://postgres@127.0.0.1:5432/ovop_bench")
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT))
    os.environ.update(
        {
            "DJANGO_SETTINGS_MODULE": "ovop_portal.settings",
            "DATABASE_URL": args.database,
            "DEBUG": "false",
            "SECRET_KEY": "bench-" + "x" * 60,
            "ALLOWED_HOSTS": "*",
            "SECURE_SSL_REDIRECT": "false",
            "SECURE_COOKIES": "false",
            "AXES_ENABLED": "false",
            # The benchmark signs its admin in with the password alone (no authenticator app to read a code from); the
            # two-factor middleware still runs on every request.
            "TWO_FACTOR_REQUIRED_ROLES": "",
            "PAGE_CACHE_SECONDS": "0",
            "REDIS_URL": "",
            "LOG_LEVEL": "ERROR",
            "STATIC_ROOT": str(ROOT / "bench" / "results" / "static"),
        }
    )
    import django

    django.setup()
    from django.test import Client

    from accounts.models import User
    from nominations.models import AwardRound, Nomination

    latest = AwardRound.objects.order_by("-year").first()
    detail = Nomination.objects.filter(round=latest, regency_id="34.04").values_list("pk", flat=True).first()
    pages = [
        ("officer nomination list", "/nominations/", "officer.34.04"),
        ("all nominations, admin, p. 3", "/nominations/?page=3", "bench.admin"),
        ("team scoring list", "/curation/", "team.34.2"),
        ("scoring list, East Java", "/curation/", "team.35.2"),
        ("province ranking", f"/curation/ranking/?round={latest.pk}", "team.34.2"),
        ("province ranking, East Java", f"/curation/ranking/?round={latest.pk}", "team.35.2"),
        ("national ranking", f"/curation/national/?round={latest.pk}", "bench.admin"),
        ("statistics (national)", f"/reports/statistics/?round={latest.pk}", "bench.admin"),
        ("nomination detail", f"/nominations/{detail}/", "officer.34.04"),
    ]
    clients = {}
    for name, path, username in pages:
        client = Client(HTTP_HOST="127.0.0.1")
        client.force_login(User.objects.get(username=username))
        assert client.get(path).status_code == 200, path
        clients[name] = client
    times = {name: [] for name, _path, _user in pages}
    for _ in range(args.requests):
        for name, path, _username in pages:
            started = time.perf_counter()
            clients[name].get(path)
            times[name].append((time.perf_counter() - started) * 1000)
    print(
        f"{'page':<30} {'best ms':>8} {'median ms':>10}   ({args.requests} requests each, in-process, page cache off)"
    )
    for name, _path, _username in pages:
        print(f"{name:<30} {min(times[name]):>8.1f} {statistics.median(times[name]):>10.1f}")


if __name__ == "__main__":
    main()
