"""The front proxy's configuration (deploy/nginx/*.conf) filled in, and nginx started on it.

    python deploy/front_proxy.py site --listen 80 --upstream 127.0.0.1:8000 > /etc/nginx/conf.d/ovop.conf

prints the site configuration for a server (options: every name of DEFAULTS, e.g. `--client-body-timeout 30s`).
bench/deadline_day.py, bench/two_servers.py and tests/deploy/test_front_proxy.py call `start_nginx`, which
renders both templates into a folder of its own and runs Debian's nginx on them in the foreground.
"""

import argparse
import os
import re
import shutil
import socket
import subprocess
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
NGINX = os.environ.get("NGINX", shutil.which("nginx") or "/usr/sbin/nginx")

# The values the README documents and the benchmark measured. The body limit covers the largest save the portal
# accepts in one request: 10 photos of 5 MB (nominations/uploads.py: MAX_PHOTOS, PHOTO_MAX_BYTES) and 5 PDFs of
# 10 MB (DOCUMENT_MAX_BYTES); tests/deploy/test_front_proxy.py checks that it does.
DEFAULTS = {
    "listen": "127.0.0.1:8080",
    "max_body_mb": "100",
    "client_body_buffer_size": "128k",
    "client_header_timeout": "15s",
    "client_body_timeout": "30s",
    "send_timeout": "30s",
    "keepalive_timeout": "15s",
    "proxy_read_timeout": "300s",
    # main.conf only
    "worker_processes": "1",
    "worker_connections": "4096",
    "access_log": "off",
}
PLACEHOLDER = re.compile(r"\{\{ (\w+) \}\}")


def render(template, **values):
    """The template's text with each {{ name }} replaced; a name without a value is an error, not a blank."""
    text = (HERE / "nginx" / template).read_text()
    missing = set(PLACEHOLDER.findall(text)) - set(values)
    if missing:
        raise KeyError(f"{template}: no value for {', '.join(sorted(missing))}")
    return PLACEHOLDER.sub(lambda match: str(values[match.group(1)]), text)


def site_values(upstreams, heavy_upstreams=None, **overrides):
    """The template's values: the gunicorns for pages (`upstreams`) and for the heavy work (`heavy_upstreams`,
    the same gunicorns when not given), then DEFAULTS with `overrides`."""
    unknown = set(overrides) - set(DEFAULTS)
    if unknown:
        raise TypeError(f"unknown setting {', '.join(sorted(unknown))}")
    return {
        **DEFAULTS,
        **overrides,
        "upstream_servers": _servers(upstreams),
        "heavy_servers": _servers(heavy_upstreams or upstreams),
    }


def _servers(addresses):
    return " ".join(f"server {address};" for address in addresses)


class Nginx:
    """A running nginx: `process`, its `folder` (configuration, logs, temporary bodies) and `port`."""

    def __init__(self, process, folder, port, temp):
        self.process, self.folder, self.port, self.temp = process, folder, port, temp

    def pids(self):
        """The master's and its workers' process ids."""
        children = subprocess.run(
            ["ps", "-o", "pid=", "--ppid", str(self.process.pid)], capture_output=True, text=True
        ).stdout.split()
        return [self.process.pid, *map(int, children)]

    def error_log(self):
        path = self.folder / "error.log"
        return path.read_text() if path.exists() else ""

    def stop(self):
        if self.process.poll() is None:
            self.process.terminate()  # nginx's fast shutdown
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        shutil.rmtree(self.temp, ignore_errors=True)


def start_nginx(folder, port, upstreams, heavy_upstreams=None, **overrides):
    """Render deploy/nginx/main.conf and ovop.conf into `folder` and run nginx on them, listening on
    127.0.0.1:`port` and passing requests to `upstreams` ("127.0.0.1:8131", ...). Returns an Nginx once it
    accepts connections."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    # Started as root, nginx's workers run as nobody: they must reach the folder of temporary bodies.
    temp = Path(tempfile.mkdtemp(prefix="ovop-nginx-"))
    temp.chmod(0o755)
    values = site_values(upstreams, heavy_upstreams, listen=f"127.0.0.1:{port}", **overrides)
    (folder / "ovop.conf").write_text(render("ovop.conf", **values))
    (folder / "nginx.conf").write_text(render("main.conf", prefix=folder, temp=temp, **values))
    command = [NGINX, "-p", str(folder), "-e", str(folder / "error.log"), "-c", str(folder / "nginx.conf")]
    subprocess.run([*command, "-t", "-q"], check=True)
    process = subprocess.Popen([*command, "-g", "daemon off;"])
    for _ in range(100):
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return Nginx(process, folder, port, temp)
        except OSError:
            if process.poll() is not None:
                break
            time.sleep(0.05)
    process.kill()
    shutil.rmtree(temp, ignore_errors=True)
    raise RuntimeError(f"nginx did not start: {(folder / 'error.log').read_text()}")


def main():
    parser = argparse.ArgumentParser(description="Print deploy/nginx/ovop.conf filled in, for /etc/nginx/conf.d/.")
    parser.add_argument("what", choices=["site"])
    parser.add_argument("--upstream", action="append", help="host:port of a gunicorn (repeat for several)")
    parser.add_argument(
        "--heavy-upstream", action="append", help="host:port of the gunicorn for the heavy work (default: --upstream)"
    )
    for name, value in DEFAULTS.items():
        parser.add_argument("--" + name.replace("_", "-"), default=value)
    arguments = vars(parser.parse_args())
    arguments.pop("what")
    upstreams = arguments.pop("upstream") or ["127.0.0.1:8000"]
    heavy = arguments.pop("heavy_upstream")
    print(render("ovop.conf", **site_values(upstreams, heavy, **arguments)), end="")


if __name__ == "__main__":
    main()
