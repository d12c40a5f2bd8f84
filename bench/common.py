"""Helpers shared by the benchmark scripts: a throwaway PostgreSQL database, a gunicorn server, a client."""

import http.cookiejar
import os
import re
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from pathlib import Path

import psycopg2

# A benchmark stopped from outside still runs its `finally` blocks, so no server is left behind.
signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable


def server_env(database_url, **extra):
    env = {key: value for key, value in os.environ.items() if key != "DJANGO_ALLOW_ASYNC_UNSAFE"}
    env.update(
        {
            "DATABASE_URL": database_url,
            "DEBUG": "false",
            "SECRET_KEY": "bench-" + "x" * 60,
            "ALLOWED_HOSTS": "127.0.0.1,localhost",
            "SECURE_SSL_REDIRECT": "false",
            "SECURE_COOKIES": "false",
            "AXES_ENABLED": "false",
            # The benchmark signs its admin in with the password alone (no authenticator app to read a code from); the
            # two-factor middleware still runs on every request.
            "TWO_FACTOR_REQUIRED_ROLES": "",
            "LOG_LEVEL": "ERROR",
            "STATIC_ROOT": str(ROOT / "bench" / "results" / "static"),
            **extra,
        }
    )
    return env


def fresh_database(admin_url, name):
    """Drop and create database `name` on the server of admin_url; returns its URL."""
    connection = psycopg2.connect(admin_url)
    connection.autocommit = True
    with connection.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        cursor.execute(f'CREATE DATABASE "{name}"')
    connection.close()
    parts = urllib.parse.urlsplit(admin_url)
    return urllib.parse.urlunsplit(parts._replace(path=f"/{name}"))


def open_round_setup(officer, password):
    """Setup code: an officer of Kabupaten Sleman with this password, and a round taking nominations."""
    return f"""
from datetime import timedelta
from django.utils import timezone
from accounts.models import Regency, User
from nominations.models import AwardRound, CommodityType
from nominations.services import open_round_for_nominations
User.objects.create_user({officer!r}, password={password!r}, role='officer', regency=Regency.objects.get(code='34.04'))
admin = User.objects.create_user({officer + ".admin"!r}, role='ministry_admin')
now = timezone.now()
r = AwardRound.objects.create(
    name='Benchmark', year=2040,
    nomination_opens=now - timedelta(days=1), nomination_closes=now + timedelta(days=9),
    scoring_opens=now + timedelta(days=10), scoring_closes=now + timedelta(days=20),
    decision_date=(now + timedelta(days=30)).date(),
)
r.commodity_types.set(CommodityType.objects.all())
open_round_for_nominations(r, by=admin)
"""


def prepare(env, setup_code):
    """Migrate, collect the static files (compressed by whitenoise) and run the setup code."""
    manage(env, "migrate", "--noinput")
    manage(env, "collectstatic", "--noinput")
    manage(env, "shell", "-c", setup_code)


def manage(env, *args):
    subprocess.run([PYTHON, "manage.py", *args], cwd=ROOT, env=env, check=True, stdout=subprocess.DEVNULL)


def start_gunicorn(env, port, workers=None, extra=(), nice=0):
    """gunicorn with the deployment's configuration (deploy/gunicorn.conf.py: 4 sync workers, 300 s timeout, see
    README "Deploying at scale") on 127.0.0.1:`port`, with `workers` workers if given; `extra` options follow
    (e.g. another worker class); `nice`: at that lower CPU priority (the second pool of nginx-pools)."""
    process = subprocess.Popen(
        [
            *(("nice", "-n", str(nice)) if nice else ()),
            PYTHON,
            "-m",
            "gunicorn",
            "ovop_portal.wsgi",
            "--config",
            str(ROOT / "deploy" / "gunicorn.conf.py"),
            "--bind",
            f"127.0.0.1:{port}",
            *(("--workers", str(workers)) if workers else ()),
            "--log-level",
            "warning",
            *extra,
        ],
        cwd=ROOT,
        env=env,
    )
    for _ in range(150):
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/accounts/login/", timeout=5)
            return process
        except OSError:  # not listening yet, or still starting up
            time.sleep(0.2)
    process.kill()
    raise RuntimeError("gunicorn did not start")


# The workers run at a lower CPU priority than the app servers (README, "Deploying at scale"): making a photo's
# renditions takes a core for a second, which pages should not wait for.
WORKER_NICENESS = 10


def start_celery_worker(env, concurrency=1):
    """A Celery worker as deployed: `nice -n 10 celery -A ovop_portal worker` (the queue and broker of `env`)."""
    return subprocess.Popen(
        [
            "nice",
            "-n",
            str(WORKER_NICENESS),
            PYTHON,
            "-m",
            "celery",
            "-A",
            "ovop_portal",
            "worker",
            "--concurrency",
            str(concurrency),
            "--loglevel",
            "WARNING",
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def start_front_proxy(folder, port, upstream_ports, heavy_ports=None, **overrides):
    """nginx on 127.0.0.1:`port` with the deployment's configuration (deploy/nginx/), in front of the gunicorns
    on `upstream_ports` (and those for the heavy work on `heavy_ports`, when a second pool runs). Returns
    deploy.front_proxy.Nginx (stop() it)."""
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    from deploy.front_proxy import start_nginx

    def addresses(ports):
        return [f"127.0.0.1:{p}" for p in ports] if ports else None

    return start_nginx(folder, port, addresses(upstream_ports), addresses(heavy_ports), **overrides)


def multipart(fields, files):
    boundary = uuid.uuid4().hex
    parts = []
    for name, value in fields.items():
        parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'.encode())
    for name, (filename, content, content_type) in files.items():
        parts.append(
            f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; filename="{filename}"\r\n'.encode()
            + f"Content-Type: {content_type}\r\n\r\n".encode()
            + content
            + b"\r\n"
        )
    parts.append(f"--{boundary}--\r\n".encode())
    return b"".join(parts), f"multipart/form-data; boundary={boundary}"


def nomination_fields(nib, business_name):
    """The nomination form's fields, complete enough to submit (a photo still to add), for NIB `nib`."""
    return {
        "nib": nib,
        "business_name": business_name,
        "owner_name": "Ani",
        "legal_form": "individual",
        "address": "Sleman",
        "year_founded": "2011",
        "workforce_women": "5",
        "workforce_men": "2",
        "production_capacity": "100",
        "capacity_unit": "pcs",
        "yearly_turnover": "100000000",
        "marketing_reach": "local",
        "phone": "0274000000",
        "product_name": "Tas pandan",
        "commodity": "4",
        "product_description": "Tas.",
        "raw_materials": "Pandan",
        "local_wisdom": "Warisan.",
        "uniqueness": "Motif.",
        "price_min": "10000",
        "price_max": "50000",
        "document_kind": "other",
        "cert-TOTAL_FORMS": "0",
        "cert-INITIAL_FORMS": "0",
        "cert-MIN_NUM_FORMS": "0",
        "cert-MAX_NUM_FORMS": "1000",
    }


class Browser:
    """A minimal cookie-keeping HTTP client that logs in through the login form."""

    def __init__(self, base, jar=None):
        self.base = base
        self.jar = jar if jar is not None else http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar), NoRedirect())

    def fetch(self, path, data=None, timeout=10, headers=None):
        """(status, response headers, body); data is a dict (form-encoded) or bytes with headers."""
        body = urllib.parse.urlencode(data, doseq=True).encode() if isinstance(data, dict) else data
        request = urllib.request.Request(
            self.base + path, data=body, headers={"Referer": self.base + path, **(headers or {})}
        )
        try:
            with self.opener.open(request, timeout=timeout) as response:
                return response.status, response.headers, response.read()
        except urllib.error.HTTPError as error:
            return error.code, error.headers, error.read()

    def request(self, path, data=None, timeout=10):
        status, _headers, body = self.fetch(path, data, timeout)
        return status, body

    def csrf(self, path):
        status, body = self.request(path)
        match = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', body)
        return status, body, (match.group(1).decode() if match else "")

    def login(self, username, password):
        _status, _body, token = self.csrf("/accounts/login/")
        status, _ = self.request(
            "/accounts/login/", {"username": username, "password": password, "csrfmiddlewaretoken": token}
        )
        if status != 302:
            raise RuntimeError(f"login of {username} failed with {status}")


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None
