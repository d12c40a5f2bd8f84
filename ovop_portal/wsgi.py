"""WSGI entry point (gunicorn ovop_portal.wsgi)."""
import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ovop_portal.settings")
application = get_wsgi_application()
