"""The mutation run's test database (scripts/mutation.sh only; nothing here runs in the normal test suite).

mutmut starts one pytest session per mutant, and each session would build the SQLite test database again through
every migration (seconds each: most of a mutant's time). `python -m scripts.mutation_db` builds it once, migrated,
in the file named by MUTATION_DB; the fixture below, imported into the throw-away copy's tests/conftest.py, gives
each session its own copy of that file (mutants run side by side), which pytest-django keeps with --reuse-db.
"""

import os
import shutil
from pathlib import Path

import pytest


@pytest.fixture(scope="session")
def django_db_modify_db_settings():
    from django.conf import settings

    template = Path(os.environ["MUTATION_DB"])
    own = template.with_name(f"{template.stem}-{os.getpid()}{template.suffix}")
    shutil.copyfile(template, own)
    settings.DATABASES["default"].setdefault("TEST", {})["NAME"] = str(own)
    yield
    own.unlink(missing_ok=True)


def build():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tests.settings")
    import django

    django.setup()
    from django.db import connection

    connection.settings_dict["TEST"]["NAME"] = os.environ["MUTATION_DB"]
    connection.creation.create_test_db(verbosity=0, autoclobber=True, keepdb=True, serialize=False)


if __name__ == "__main__":
    build()
