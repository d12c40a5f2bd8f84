"""What the tests that start a server of their own (gunicorn, nginx) share: a free port, and the environment of a
portal process on the test settings with its own SQLite file and media folder."""

import os
import socket


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def server_env(folder, **extra):
    """The environment of a portal process on the test settings, its database and media in `folder`."""
    env = {key: value for key, value in os.environ.items() if key != "DJANGO_ALLOW_ASYNC_UNSAFE"}
    env.update(
        DJANGO_SETTINGS_MODULE="tests.settings",
        DATABASE_URL=f"sqlite:///{folder / 'portal.sqlite3'}",
        MEDIA_ROOT=str(folder / "media"),
        EMAIL_BACKEND="django.core.mail.backends.dummy.EmailBackend",
        **extra,
    )
    return env
