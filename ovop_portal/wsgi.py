"""WSGI entry point (gunicorn ovop_portal.wsgi)."""

import gc
import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ovop_portal.settings")
application = get_wsgi_application()

# Django and the portal, loaded, are ~80,000 objects that live as long as the process. Frozen, Python's cyclic
# garbage collector no longer walks them in every full collection, which made a request wait now and then:
# the national ranking drawn afresh under bench/run.py, p95 94 to 101 ms before (four runs), 78 after.
gc.collect()
gc.freeze()
