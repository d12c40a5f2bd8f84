"""`scripts/demo.sh`, the README's first command: the portal as in production (DEBUG off) on plain HTTP."""

import os
import re
import signal
import socket
import subprocess
import time
import urllib.error
import urllib.request
from http.cookiejar import CookieJar
from urllib.parse import urlencode

import pytest
from django.conf import settings

from accounts.demo import DEMO_PASSWORD


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def demo(tmp_path):
    """demo.sh on a database, static and media folders of this test; yields (base URL, output file)."""
    port = free_port()
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"DJANGO_SETTINGS_MODULE", "SECRET_KEY", "DEBUG", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    }
    env.update(
        PORT=str(port),
        DATABASE_URL=f"sqlite:///{tmp_path / 'demo.sqlite3'}",
        STATIC_ROOT=str(tmp_path / "static"),
        MEDIA_ROOT=str(tmp_path / "media"),
    )
    output = tmp_path / "demo.log"
    with open(output, "w") as log:
        server = subprocess.Popen(
            ["bash", "scripts/demo.sh"],
            cwd=settings.BASE_DIR,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 240
        while time.monotonic() < deadline and server.poll() is None:
            try:
                urllib.request.urlopen(f"{base}/healthz", timeout=2)
                break
            except OSError:
                time.sleep(0.5)
        assert server.poll() is None, output.read_text()
        yield base, output
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)


def test_demo_runs_without_debug_with_its_own_pages_static_files_and_links_to_its_port(demo):
    base, output = demo
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(CookieJar()))
    with pytest.raises(urllib.error.HTTPError) as missing:
        opener.open(f"{base}/no-such-page/")
    page = missing.value.read().decode()
    assert (
        missing.value.code == 404
        and "Halaman tidak ditemukan" in page
        and "Traceback" not in page
        and "URLconf" not in page
    )
    css = opener.open(f"{base}/static/css/portal.css")
    assert css.status == 200 and css.headers["Content-Type"].startswith("text/css")

    login_page = opener.open(f"{base}/accounts/login/").read().decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', login_page).group(1)
    form = urlencode({"csrfmiddlewaretoken": token, "username": "officer.sleman", "password": DEMO_PASSWORD}).encode()
    request = urllib.request.Request(
        f"{base}/accounts/login/", data=form, headers={"Referer": f"{base}/accounts/login/"}
    )
    landing = opener.open(request)
    assert landing.url == f"{base}/nominations/" and "Nominasi Kabupaten Sleman" in landing.read().decode()

    log = output.read_text()
    assert f"OVOP Portal: {base}/" in log  # PORTAL_URL, the address in e-mails and notifications, follows PORT
    assert f"Starting development server at {base}/" in log  # this machine only, unless HOST says otherwise
