"""gunicorn's configuration for the portal: `gunicorn -c deploy/gunicorn.conf.py ovop_portal.wsgi`.

bench/deadline_day.py, bench/two_servers.py, bench/run.py's servers and tests/deploy/ start gunicorn with this
file (options given on the command line after it win, e.g. another `--bind`). Behind the front proxy
(deploy/nginx/ovop.conf) on the same machine, gunicorn listens on the loopback only.
"""

import os

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
# Four sync workers for two cores (two per core). A worker is held only while it computes (nginx in front reads
# the slow uploads), but what it computes varies: a cached page takes a few milliseconds, an officer's form or a
# photo's save 100-300 ms. With one worker per core a visitor's page waits in line behind those (deadline day:
# the visitors' p95 217 ms during the rush, their pages' own time 74 ms); with two per core the kernel shares the
# cores between them and the short page is answered meanwhile (113-118 ms; bench/deadline_day.py, README
# "Measured: deadline day"). More only adds memory (~95 MB a worker) and, with every core busy, contention.
workers = int(os.environ.get("GUNICORN_WORKERS", "4"))
worker_class = "sync"
# The export of every nomination of a national database streams for longer than gunicorn's default 30 s.
timeout = 300
graceful_timeout = 30
# Behind nginx on the loopback: believe X-Forwarded-Proto from it only.
forwarded_allow_ips = "127.0.0.1,::1"
