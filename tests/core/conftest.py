"""Fixtures of the core tests."""

import pytest


@pytest.fixture
def broken_storage(settings, tmp_path):
    """Uploads go to a 'folder' that is a file: every write fails, as on a full or read-only disk."""
    not_a_folder = tmp_path / "not-a-folder"
    not_a_folder.write_text("x")
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage", "OPTIONS": {"location": not_a_folder}},
    }
