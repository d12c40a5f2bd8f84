"""Two stateless app servers behind one database, one Redis and one S3-compatible store.

    python bench/two_servers.py

Starts moto's S3 server, makes a fresh PostgreSQL database (ovop_two_servers), and runs two app servers as
"Deploying at scale" deploys them (nginx with deploy/nginx/ovop.conf in front of gunicorn with
deploy/gunicorn.conf.py) on different ports with REDIS_URL (sessions and cache) and the bucket (files). An officer logs
in on server A and creates a nomination with a product photo; server B draws the draft's page and keeps it
in the shared page cache; the officer submits on A, and B shows the submitted nomination at once (the write
on A moved the shared data generation on), and its photo through its short-lived signed URL; after Redis
loses every key, the officer is still logged in; and a third server whose Redis is down still logs the
officer in and serves the page. The e-mail of the submission, queued by A in Redis (CELERY_BROKER_URL), waits there
(A's /healthz counts it) until a Celery worker process is started, which sends it (to files, EMAIL_FILE_PATH).
Prints each check; exits non-zero if one fails.
"""

import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

import boto3

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import (  # noqa: E402
    PYTHON,
    Browser,
    fresh_database,
    multipart,
    nomination_fields,
    open_round_setup,
    prepare,
    server_env,
    start_celery_worker,
    start_front_proxy,
    start_gunicorn,
)

# BENCH_PORT_OFFSET and BENCH_DATABASE let two runs share a machine (and its PostgreSQL) without colliding.
_OFFSET = int(os.environ.get("BENCH_PORT_OFFSET", "0"))
MOTO_PORT, PORT_A, PORT_B, PORT_C, DEAD_REDIS_PORT = (port + _OFFSET for port in (5055, 8131, 8132, 8133, 6397))
DATABASE = os.environ.get("BENCH_DATABASE", "ovop_two_servers")
SETUP = open_round_setup("two.officer", "two-servers-pass-1") + (
    "User.objects.filter(username='two.officer').update(email='two.officer@example.id')\n"
)
QUEUE = f"{DATABASE}-queue"
GUNICORN_OFFSET = 100  # each server's gunicorn listens on its port + 100, behind its nginx
RESULTS = Path(__file__).resolve().parent / "results"


def mails_in(folder):
    """The e-mails Django's file backend wrote to `folder`, as text."""
    return [path.read_text() for path in sorted(Path(folder).glob("*.log"))]


def photo_bytes():
    from io import BytesIO

    from PIL import Image

    buffer = BytesIO()
    Image.new("RGB", (64, 48), (20, 120, 90)).save(buffer, "JPEG")
    return buffer.getvalue()


def main():
    checks = []

    def check(label, ok):
        checks.append(ok)
        print(f"{'ok  ' if ok else 'FAIL'} {label}")

    moto = subprocess.Popen(
        [PYTHON, "-m", "moto.server", "-p", str(MOTO_PORT)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    worker = None
    mail_folder = tempfile.mkdtemp(prefix="ovop-two-servers-mail-")
    servers, proxies = [], []

    def start_server(env, port):
        """One app server: gunicorn, and nginx on `port` in front of it."""
        servers.append(start_gunicorn(env, port + GUNICORN_OFFSET))
        proxies.append(start_front_proxy(RESULTS / f"nginx-two-servers-{port}", port, [port + GUNICORN_OFFSET]))

    try:
        endpoint = f"http://127.0.0.1:{MOTO_PORT}"
        for _ in range(100):
            try:
                urllib.request.urlopen(endpoint, timeout=1)
                break
            except OSError:
                time.sleep(0.1)
        s3 = {
            "AWS_STORAGE_BUCKET_NAME": "ovop-files",
            "AWS_S3_ENDPOINT_URL": endpoint,
            "AWS_S3_REGION_NAME": "us-east-1",
            "AWS_ACCESS_KEY_ID": "testing",
            "AWS_SECRET_ACCESS_KEY": "testing",
            "MEDIA_ORIGIN": endpoint,
        }
        boto3.client(
            "s3",
            endpoint_url=endpoint,
            region_name="us-east-1",
            aws_access_key_id="testing",
            aws_secret_access_key="testing",
        ).create_bucket(Bucket="ovop-files")
        admin_url = os.environ.get("BENCH_ADMIN_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/postgres")
        redis_url = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/7")
        env = server_env(
            fresh_database(admin_url, DATABASE),
            REDIS_URL=redis_url,
            CELERY_BROKER_URL=redis_url,
            CELERY_QUEUE=QUEUE,
            EMAIL_BACKEND="django.core.mail.backends.filebased.EmailBackend",
            EMAIL_FILE_PATH=mail_folder,
            **s3,
        )
        prepare(env, SETUP)
        start_server(env, PORT_A)
        start_server(env, PORT_B)

        on_a = Browser(f"http://127.0.0.1:{PORT_A}")
        on_a.login("two.officer", "two-servers-pass-1")
        _status, _body, token = on_a.csrf("/nominations/new/")
        image = photo_bytes()
        fields = {"csrfmiddlewaretoken": token, **nomination_fields("3404017777777", "Dua Server Lestari")}
        body, content_type = multipart(fields, {"new_photos": ("tas.jpg", image, "image/jpeg")})
        status, headers, _ = on_a.fetch("/nominations/new/", body, timeout=30, headers={"Content-Type": content_type})
        check(f"A: draft with photo saved (HTTP {status})", status == 302)
        answered_by = headers.get("Server")
        check(f"A: answered through the front proxy (Server: {answered_by})", answered_by == "nginx")
        pk = headers["Location"].rstrip("/").split("/")[-2]
        import redis

        on_b = Browser(f"http://127.0.0.1:{PORT_B}", jar=on_a.jar)  # the same browser, routed to the other server
        shared = redis.Redis.from_url(env["REDIS_URL"])
        before = set(shared.keys("*page-cache:*"))
        for _ in range(2):
            status, body = on_b.request(f"/nominations/{pk}/")
        kept = set(shared.keys("*page-cache:*")) - before
        check(
            f"B: the draft's page is drawn and kept in the shared page cache ({len(kept)} new key)",
            status == 200 and b"Draf" in body and len(kept) >= 1,
        )
        _status, _body, token = on_a.csrf(f"/nominations/{pk}/submit/")
        status, headers, _ = on_a.fetch(f"/nominations/{pk}/submit/", {"csrfmiddlewaretoken": token})
        check(f"A: nomination {pk} submitted (HTTP {status})", status == 302)
        on_a.request(headers["Location"])  # the officer sees the confirmation: no message is left pending for B
        check("no message left pending in the session's cookies", not any(c.name == "messages" for c in on_a.jar))
        _status, health = on_a.request("/healthz")
        queue = json.loads(health)["queue"]
        check(
            f"A: the submission's e-mail waits in Redis for a worker, none sent (/healthz queue: {queue})",
            shared.llen(QUEUE) >= 1 and queue["broker"] == "ok" and not mails_in(mail_folder),
        )
        worker = start_celery_worker(env)
        for _ in range(300):
            if mails_in(mail_folder):
                break
            time.sleep(0.1)
        sent = mails_in(mail_folder)
        check(
            f"the Celery worker sent the e-mail queued by A ({len(sent)} sent, queue now {shared.llen(QUEUE)})",
            len(sent) == 1 and "To: two.officer@example.id" in sent[0] and shared.llen(QUEUE) == 0,
        )

        status, body = on_b.request(f"/nominations/{pk}/")
        check(
            f"B: the same session reads the nomination (HTTP {status})",
            status == 200 and b"Dua Server Lestari" in body and b"Diajukan" in body,
        )
        photo_id = body.split(b'src="/nominations/files/photo/')[1].split(b"/")[0].decode()
        status, headers, _ = on_b.fetch(f"/nominations/files/photo/{photo_id}/")
        location = headers.get("Location", "")
        check(
            f"B: the photo link redirects to a signed URL of the bucket (HTTP {status})",
            status == 302 and location.startswith(endpoint) and "Signature" in location,
        )
        with urllib.request.urlopen(location, timeout=10) as response:
            stored = response.read()
        check(f"B: the photo read back from the bucket is the uploaded one ({len(stored)} bytes)", stored == image)
        status, _body = Browser(f"http://127.0.0.1:{PORT_B}").request(f"/nominations/files/photo/{photo_id}/")
        check(f"B: without the session the photo is refused (HTTP {status})", status == 302)

        sessions = [key for key in shared.keys("*") if b"session" in key]
        check(
            f"the session lives in Redis ({len(sessions)} session key{'' if len(sessions) == 1 else 's'})",
            len(sessions) >= 1,
        )
        shared.flushdb()  # Redis restarted empty, or the keys evicted
        status, body = on_b.request(f"/nominations/{pk}/")
        check(
            f"B: after Redis lost every key the officer is still logged in (HTTP {status}; the session is read "
            f"back from PostgreSQL)",
            status == 200 and b"Dua Server Lestari" in body,
        )

        # A third server whose Redis cannot be reached (nothing listens on its port) still serves the portal.
        start_server({**env, "REDIS_URL": f"redis://127.0.0.1:{DEAD_REDIS_PORT}/0", "LOG_LEVEL": "CRITICAL"}, PORT_C)
        on_c = Browser(f"http://127.0.0.1:{PORT_C}")
        on_c.login("two.officer", "two-servers-pass-1")
        status, body = on_c.request(f"/nominations/{pk}/")
        check(
            f"C, Redis down: the officer logs in and reads the nomination (HTTP {status}; session in PostgreSQL, "
            f"page drawn afresh)",
            status == 200 and b"Dua Server Lestari" in body,
        )
    finally:
        for proxy in proxies:
            proxy.stop()
        for server in servers:
            server.terminate()
        if worker is not None:
            worker.terminate()
        moto.terminate()
        shutil.rmtree(mail_folder, ignore_errors=True)
    return 0 if all(checks) else 1


if __name__ == "__main__":
    raise SystemExit(main())
