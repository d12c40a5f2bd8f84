"""The core app: what every app shares. Its ready() connects the page cache's signal receivers and registers the
system check that keeps each cached page behind its permission check (core/checks.py)."""

from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "core"
    verbose_name = "OVOP Portal"

    def ready(self):
        from . import checks  # noqa: F401 - registers the system checks
        from .page_cache import connect_signals

        connect_signals()
