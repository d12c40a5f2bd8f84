"""The project itself as an app, for what belongs to no single app: the page cache's signal receivers."""

from django.apps import AppConfig


class PortalConfig(AppConfig):
    name = "ovop_portal"
    verbose_name = "OVOP Portal"

    def ready(self):
        from .page_cache import connect_signals

        connect_signals()
