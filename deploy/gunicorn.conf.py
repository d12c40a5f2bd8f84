"""gunicorn's configuration for the portal: `gunicorn -c deploy/gunicorn.conf.py ovop_portal.wsgi`.

bench/deadline_day.py, bench/two_servers.py, bench/run.py's servers and tests/deploy/ start gunicorn with this
file (options given on the command line after it win, e.g. another `--bind`). Behind the front proxy
(deploy/nginx/ovop.conf) on the same machine, gunicorn listens on the loopback only.
"""

import os

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
# Two sync workers for two cores: a page costs a worker CPU time in Python, and more processes than cores
# only queue for them (bench/run.py: with --threads 2 the p95 got worse). nginx in front reads the slow
# uploads, so a worker is held only while it computes.
workers = int(os.environ.get("GUNICORN_WORKERS", "2"))
worker_class = "sync"
# The export of every nomination of a national database streams for longer than gunicorn's default 30 s.
timeout = 300
graceful_timeout = 30
# Behind nginx on the loopback: believe X-Forwarded-Proto from it only.
forwarded_allow_ips = "127.0.0.1,::1"
