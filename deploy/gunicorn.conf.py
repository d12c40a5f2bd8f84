"""gunicorn's configuration for the portal: `gunicorn -c deploy/gunicorn.conf.py ovop_portal.wsgi`.

bench/deadline_day.py, bench/two_servers.py, bench/run.py's servers and tests/deploy/ start gunicorn with this
file (options given on the command line after it win, e.g. another `--bind`). Behind the front proxy
(deploy/nginx/ovop.conf) on the same machine, gunicorn listens on the loopback only.
"""

import os

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
# Four sync workers for two cores (two per core), as one gunicorn or, as deployed, two of 2 (`--workers 2`): the
# pages' and, at `nice -n 5` on another port, the heavy work's (the nomination form and its saves, files, exports:
# deploy/nginx/ovop.conf sends them there). A worker is held only while it computes (nginx reads the slow uploads),
# but what it computes varies: a cached page takes a few milliseconds, an officer's form or a photo's save
# 100-300 ms. With one worker per core a visitor's page waited behind those on deadline day (p95 172-217 ms during
# the rush); with 4 in one pool 113-187 ms; in two pools 82-90 ms, within 2x of before the rush
# (bench/deadline_day.py, README "Measured: deadline day").
workers = int(os.environ.get("GUNICORN_WORKERS", "4"))
worker_class = "sync"
# The export of every nomination of a national database streams for longer than gunicorn's default 30 s.
timeout = 300
graceful_timeout = 30
# Behind nginx on the loopback: believe X-Forwarded-Proto from it only.
forwarded_allow_ips = "127.0.0.1,::1"
