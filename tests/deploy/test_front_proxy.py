"""The front proxy (deploy/nginx/ovop.conf, as bench/deadline_day.py measured it) in front of gunicorn
(deploy/gunicorn.conf.py with ONE sync worker, so that anything holding the worker shows at once): limits where
the bytes first arrive, and slow clients cut off or kept away from the worker.

nginx and gunicorn run here on free ports, with the test settings on an empty SQLite file (nothing here reads a
table), the template's timeouts shortened to 2 s. Selected with `-m deploy`; scripts/test.sh installs Debian's
nginx when it is missing.
"""

import contextlib
import http.client
import os
import re
import shutil
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request

import pytest
from django.conf import settings

from deploy.front_proxy import NGINX, start_nginx
from nominations.uploads import DOCUMENT_MAX_BYTES, MAX_PHOTOS, PHOTO_MAX_BYTES
from tests.servers import free_port, server_env

pytestmark = pytest.mark.deploy

TIMEOUT = 2  # seconds: client_header_timeout, client_body_timeout, send_timeout, keepalive_timeout here
MAX_BODY = 100 * 1024 * 1024  # deploy/front_proxy.py's client_max_body_size (100m)


def start_gunicorn(folder, env, port):
    log = open(folder / f"gunicorn-{port}.log", "w")  # noqa: SIM115 - closed with the server
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "ovop_portal.wsgi",
            "--config",
            str(settings.BASE_DIR / "deploy" / "gunicorn.conf.py"),
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            "1",
            "--access-logfile",
            str(folder / f"access-{port}.log"),
        ],
        cwd=settings.BASE_DIR,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    for _ in range(240):
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/accounts/login/", timeout=2)
            return process, log
        except OSError:
            time.sleep(0.25)
    process.kill()
    pytest.fail("gunicorn did not start: " + (folder / f"gunicorn-{port}.log").read_text())


@pytest.fixture(scope="module")
def stack(tmp_path_factory):
    """nginx on a free port in front of one gunicorn sync worker; yields their ports and folder."""
    if not os.path.exists(NGINX) and not shutil.which("nginx"):
        pytest.fail("nginx is missing: scripts/test.sh installs Debian's nginx (apt-get install nginx-light)")
    folder = tmp_path_factory.mktemp("front_proxy")
    env = server_env(folder, REDIS_URL="")
    app_port, proxy_port = free_port(), free_port()
    gunicorn, log = start_gunicorn(folder, env, app_port)
    short = dict.fromkeys(("client_header_timeout", "client_body_timeout", "send_timeout"), f"{TIMEOUT}s")
    short["keepalive_timeout"] = f"{TIMEOUT}s"
    nginx = start_nginx(folder / "nginx", proxy_port, [f"127.0.0.1:{app_port}"], **short)
    yield {"proxy": proxy_port, "app": app_port, "folder": folder}
    nginx.stop()
    gunicorn.terminate()
    gunicorn.wait(30)
    log.close()


def reached_gunicorn(stack, marker):
    """Whether gunicorn's access log has a request whose address contains `marker`."""
    return marker in (stack["folder"] / f"access-{stack['app']}.log").read_text()


def timed_get(port, path="/accounts/login/"):
    began = time.monotonic()
    with urllib.request.urlopen(f"http://127.0.0.1:{port}{path}", timeout=30) as response:
        response.read()
        return response.status, time.monotonic() - began


def response_of(connection):
    """The server's answer on this connection: read to its Content-Length, or until the server closes."""
    connection.settimeout(30)
    data = b""
    try:
        while chunk := connection.recv(65536):
            data += chunk
            head, _, body = data.partition(b"\r\n\r\n")
            length = re.search(rb"(?i)content-length: (\d+)", head)
            if length and len(body) >= int(length.group(1)):
                break
    except ConnectionResetError:  # after its answer, nginx resets a connection whose body it did not read
        pass
    return data


def seconds_until_closed(connection, limit=30):
    """How long until the server closes (or resets) this connection."""
    began = time.monotonic()
    connection.settimeout(limit)
    try:
        while connection.recv(4096):
            pass
    except (ConnectionResetError, TimeoutError):
        pass
    return time.monotonic() - began


class Trickle(threading.Thread):
    """A slow client: `head` at once, then `byte` every `every` seconds until `stop` is set or the server closes."""

    def __init__(self, port, head, byte=b"a", every=0.3):
        super().__init__(daemon=True)
        self.connection = socket.create_connection(("127.0.0.1", port))
        self.connection.sendall(head)
        self.byte, self.every, self.stop = byte, every, threading.Event()
        self.closed_after = None

    def run(self):
        began = time.monotonic()
        try:
            while not self.stop.wait(self.every):
                self.connection.sendall(self.byte)
        except OSError:  # the server closed the connection: the write fails
            self.closed_after = time.monotonic() - began
        finally:
            self.connection.close()


def post_head(path, length, extra=""):
    """A form's POST header, with a CSRF cookie: Django then reads the body (to find the form's token)."""
    return (
        f"POST {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/x-www-form-urlencoded\r\n"
        f"Cookie: csrftoken={'c' * 32}\r\nContent-Length: {length}\r\n{extra}\r\n"
    ).encode()


def test_the_body_limit_covers_the_largest_save_the_portal_accepts():
    assert MAX_PHOTOS * PHOTO_MAX_BYTES + 5 * DOCUMENT_MAX_BYTES <= MAX_BODY
    assert settings.DATA_UPLOAD_MAX_NUMBER_FILES >= MAX_PHOTOS
    assert settings.FILE_UPLOAD_MAX_MEMORY_SIZE < PHOTO_MAX_BYTES  # a large photo waits on disk, not in memory


def test_a_body_announced_over_the_limit_gets_413_from_nginx_without_reaching_gunicorn(stack):
    with socket.create_connection(("127.0.0.1", stack["proxy"])) as connection:
        connection.sendall(post_head("/accounts/login/?announced-too-large", MAX_BODY + 1, "Connection: close\r\n"))
        answer = response_of(connection)
    assert answer.startswith(b"HTTP/1.1 413")
    assert b"Kiriman terlalu besar" in answer and b"at most 100 MB" in answer
    assert not reached_gunicorn(stack, "announced-too-large")


def test_a_chunked_body_growing_over_the_limit_gets_413_without_reaching_gunicorn(stack):
    with socket.create_connection(("127.0.0.1", stack["proxy"])) as connection:
        connection.sendall(
            b"POST /accounts/login/?grown-too-large HTTP/1.1\r\nHost: 127.0.0.1\r\nTransfer-Encoding: chunked\r\n"
            b"Content-Type: application/octet-stream\r\nConnection: close\r\n\r\n"
        )
        chunk = b"%x\r\n" % (1 << 20) + b"x" * (1 << 20) + b"\r\n"
        try:
            for _ in range(MAX_BODY // (1 << 20) + 2):
                connection.sendall(chunk)
        except OSError:
            pass  # nginx stopped reading once the body passed the limit
        answer = response_of(connection)
    assert answer.startswith(b"HTTP/1.1 413")
    assert not reached_gunicorn(stack, "grown-too-large")


def multipart_files(count):
    boundary = "----deploytest"
    parts = [
        f'--{boundary}\r\nContent-Disposition: form-data; name="new_documents"; filename="d{n}.pdf"\r\n'
        f"Content-Type: application/pdf\r\n\r\n%PDF-1.4\r\n"
        for n in range(count)
    ]
    return "".join(parts) + f"--{boundary}--\r\n", f"multipart/form-data; boundary={boundary}"


def test_more_files_than_a_request_may_carry_are_refused_by_django_with_a_page_that_says_so(stack):
    connection = http.client.HTTPConnection("127.0.0.1", stack["proxy"], timeout=30)
    connection.request("GET", "/accounts/login/")
    response = connection.getresponse()
    response.read()
    cookie = response.getheader("Set-Cookie").split(";")[0]  # csrftoken: CSRF's check then reads the form
    limit = settings.DATA_UPLOAD_MAX_NUMBER_FILES
    for count, refused in [(limit + 1, True), (limit, False)]:
        body, content_type = multipart_files(count)
        connection.request(
            "POST", f"/accounts/login/?files={count}", body, {"Content-Type": content_type, "Cookie": cookie}
        )
        response = connection.getresponse()
        page = response.read().decode()
        if refused:
            assert response.status == 400
            assert 'id="too-much"' in page and f"{limit} berkas" in page
        else:
            assert response.status == 403  # read whole, then refused for its missing CSRF token, as any such form
    connection.close()


def test_headers_trickled_forever_are_cut_off_while_the_only_worker_answers_others(stack):
    head = b"GET /accounts/login/ HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: "
    trickles = [Trickle(stack["proxy"], head) for _ in range(3)]
    for trickle in trickles:
        trickle.start()
    time.sleep(0.5)
    status, seconds = timed_get(stack["proxy"])
    assert status == 200 and seconds < 2
    for trickle in trickles:
        trickle.join(TIMEOUT + 10)
        assert trickle.closed_after is not None and trickle.closed_after < TIMEOUT + 3


def test_a_body_that_stops_is_cut_off_after_the_body_timeout(stack):
    with socket.create_connection(("127.0.0.1", stack["proxy"])) as connection:
        connection.sendall(post_head("/accounts/login/?stalled", 1000) + b"username=a")
        seconds = seconds_until_closed(connection)
    assert TIMEOUT - 0.5 < seconds < TIMEOUT + 3
    assert not reached_gunicorn(stack, "stalled")


def test_bodies_trickled_slowly_hold_no_worker_and_reach_gunicorn_only_whole(stack):
    """nginx bounds the pause between two reads of a body, not its whole time: a body trickled just faster than
    client_body_timeout keeps its nginx connection (a few KB), but never gunicorn's worker."""
    trickles = [
        Trickle(stack["proxy"], post_head(f"/accounts/login/?trickled-{n}", 10_000), every=TIMEOUT / 4)
        for n in range(3)
    ]
    for trickle in trickles:
        trickle.start()
    time.sleep(TIMEOUT * 2)  # past the body timeout: still sending, so still open
    status, seconds = timed_get(stack["proxy"])
    assert status == 200 and seconds < 2
    assert all(trickle.is_alive() for trickle in trickles)
    assert not any(reached_gunicorn(stack, f"trickled-{n}") for n in range(3))
    for trickle in trickles:
        trickle.stop.set()
        trickle.join(10)


def test_the_same_slow_body_sent_to_gunicorn_directly_holds_its_worker(stack):
    """Why the proxy: without it the sync worker reads the body itself and answers nobody meanwhile."""
    trickle = Trickle(stack["app"], post_head("/accounts/login/?direct", 10_000), every=0.3)
    trickle.start()
    time.sleep(0.5)
    began = time.monotonic()
    with pytest.raises(TimeoutError):
        urllib.request.urlopen(f"http://127.0.0.1:{stack['app']}/accounts/login/", timeout=3)
    assert time.monotonic() - began >= 3
    trickle.stop.set()
    trickle.join(10)


def test_an_idle_keepalive_connection_is_closed_after_the_keepalive_timeout(stack):
    connection = http.client.HTTPConnection("127.0.0.1", stack["proxy"], timeout=30)
    connection.request("GET", "/accounts/login/")
    response = connection.getresponse()
    response.read()
    assert response.status == 200 and response.getheader("Connection") != "close"
    seconds = seconds_until_closed(connection.sock)
    assert TIMEOUT - 0.5 < seconds < TIMEOUT + 3


@pytest.fixture(scope="module")
def pools(stack):
    """The same template with a second gunicorn for the heavy work (front_proxy.py --heavy-upstream): nginx on
    another free port, the first gunicorn (of `stack`) for the pages."""
    folder = stack["folder"]
    heavy_port, proxy_port = free_port(), free_port()
    gunicorn, log = start_gunicorn(folder, server_env(folder, REDIS_URL=""), heavy_port)
    nginx = start_nginx(folder / "nginx-pools", proxy_port, [f"127.0.0.1:{stack['app']}"], [f"127.0.0.1:{heavy_port}"])
    yield {"proxy": proxy_port, "heavy": heavy_port}
    nginx.stop()
    gunicorn.terminate()
    gunicorn.wait(30)
    log.close()


HEAVY_WORK = [
    "/nominations/new/",
    "/nominations/12/edit/",
    "/nominations/12/submit/",
    "/nominations/12/photos/",
    "/nominations/files/photo/3/",
    "/nominations/files/photo/3/320.webp",
    "/nominations/files/document/4/",
    "/reports/export/nominations.csv",
    "/reports/users.xlsx",
]
PAGES = [
    "/nominations/",
    "/nominations/12/",
    "/nominations/12/withdraw/",
    "/nominations/12/sample/",
    "/nominations/ikm/5/edit/",
    "/nominations/interests/",
    "/curation/",
    "/reports/statistics/",
    "/accounts/login/",
]


def test_with_two_pools_the_heavy_work_reaches_the_second_gunicorn_and_the_pages_the_first(stack, pools):
    for number, path in enumerate(HEAVY_WORK + PAGES):
        with contextlib.suppress(urllib.error.HTTPError):  # the login page, or a 404: either way gunicorn answered
            urllib.request.urlopen(f"http://127.0.0.1:{pools['proxy']}{path}?pool-{number}", timeout=30).read()
    time.sleep(0.5)  # gunicorn writes its access log line after the answer
    pages_log = (stack["folder"] / f"access-{stack['app']}.log").read_text()
    heavy_log = (stack["folder"] / f"access-{pools['heavy']}.log").read_text()
    for number, path in enumerate(HEAVY_WORK + PAGES):
        marker = re.compile(rf"{re.escape(path)}\?pool-{number}\b")
        expected, other = (heavy_log, pages_log) if path in HEAVY_WORK else (pages_log, heavy_log)
        assert marker.search(expected) and not marker.search(other), path


def test_with_one_pool_the_heavy_work_reaches_the_same_gunicorn(stack):
    urllib.request.urlopen(f"http://127.0.0.1:{stack['proxy']}/nominations/new/?one-pool", timeout=30).read()
    time.sleep(0.5)
    assert reached_gunicorn(stack, "/nominations/new/?one-pool")
