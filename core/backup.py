"""Backups of the database and the uploaded files that restore (`manage.py backup` and `manage.py restore`).

A backup is a folder:

- `database.dump` (PostgreSQL, `pg_dump`'s custom format) or `database.sqlite3` (SQLite, the online backup API);
- `files/`, every uploaded file the database refers to, read through Django's storage API (local disk or the
  S3 bucket alike);
- `manifest.json`: the rows of each model's table, each file's path, size and SHA-256, the files the database
  refers to that the storage no longer had, and the files the storage had that the database does not refer to.

Consistency: the database is copied first, in one snapshot (PostgreSQL: a repeatable-read transaction whose
snapshot `pg_dump --snapshot` shares, and in which the rows are counted and the file names read; SQLite: the
backup API copies every page under one read lock, and the copy is counted and read). The files copied are
the ones that snapshot refers to. An upload made while the backup runs is not in the snapshot: it is listed
under `extras`, not copied; a file the portal deleted after the snapshot (a photo removed from a draft) is
listed under `missing`, and the backup says so.

Restore goes into an empty database and an empty storage (`force` replaces what is there), then checks the rows
of every table and the size and SHA-256 of every file against the manifest.
"""

import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path, PurePosixPath

from django.apps import apps
from django.core.files import File
from django.core.files.storage import default_storage
from django.db import connection, models

from .page_cache import bump_generation

FORMAT = 1
MANIFEST = "manifest.json"
FILES = "files"
POSTGRESQL_DUMP = "database.dump"
SQLITE_COPY = "database.sqlite3"
MIGRATIONS_TABLE = "django_migrations"
CHUNK = 1024 * 1024


class BackupError(Exception):
    """A backup or restore that cannot go on; the message says why."""


@dataclass
class Snapshot:
    """What the database held at the instant it was copied."""

    database_file: str
    tables: dict  # model label -> {"table": name, "rows": count}
    file_names: set = field(default_factory=set)
    seconds: float = 0.0


def model_tables():
    """(model label, table, file columns) of every table the portal's models keep, many-to-many tables included,
    and Django's record of the applied migrations."""
    for model in apps.get_models(include_auto_created=True):
        if model._meta.proxy or not model._meta.managed:
            continue
        columns = [f.column for f in model._meta.concrete_fields if isinstance(f, models.FileField)]
        yield model._meta.label, model._meta.db_table, columns
    yield MIGRATIONS_TABLE, MIGRATIONS_TABLE, []


def quote(name):
    return '"' + name.replace('"', '""') + '"'


def read_tables(cursor, existing):
    """Count the rows of every table in `existing` and collect the file names the rows refer to."""
    tables, names = {}, set()
    for label, table, columns in model_tables():
        if table not in existing:
            continue
        cursor.execute(f"SELECT COUNT(*) FROM {quote(table)}")
        tables[label] = {"table": table, "rows": cursor.fetchone()[0]}
        for column in columns:
            cursor.execute(f"SELECT DISTINCT {quote(column)} FROM {quote(table)} WHERE {quote(column)} <> ''")
            names.update(row[0] for row in cursor.fetchall() if row[0])
    return tables, names


def postgresql_environment(settings_dict):
    """The libpq variables that point pg_dump and pg_restore at the database Django uses."""
    env = dict(os.environ)
    for variable, key in [("PGHOST", "HOST"), ("PGPORT", "PORT"), ("PGUSER", "USER"), ("PGPASSWORD", "PASSWORD")]:
        if settings_dict.get(key):
            env[variable] = str(settings_dict[key])
    if settings_dict.get("OPTIONS", {}).get("sslmode"):
        env["PGSSLMODE"] = settings_dict["OPTIONS"]["sslmode"]
    return env


def require(program):
    if not shutil.which(program):
        raise BackupError(f"{program} is not installed: install PostgreSQL's client programs (postgresql-client).")


def snapshot_postgresql(folder):
    """pg_dump in a snapshot that the row counts and file names share."""
    import psycopg2.extensions

    require("pg_dump")
    raw = connection.get_new_connection(connection.get_connection_params())
    try:
        raw.set_session(isolation_level=psycopg2.extensions.ISOLATION_LEVEL_REPEATABLE_READ, readonly=True)
        with raw.cursor() as cursor:
            cursor.execute("SELECT pg_export_snapshot()")
            snapshot_id = cursor.fetchone()[0]
            dump = subprocess.Popen(
                [
                    "pg_dump",
                    "--format=custom",
                    f"--snapshot={snapshot_id}",
                    f"--file={folder / POSTGRESQL_DUMP}",
                    connection.settings_dict["NAME"],
                ],
                env=postgresql_environment(connection.settings_dict),
                stderr=subprocess.PIPE,
                text=True,
            )
            cursor.execute("SELECT tablename FROM pg_tables WHERE schemaname = current_schema()")
            existing = {row[0] for row in cursor.fetchall()}
            tables, names = read_tables(cursor, existing)
            _output, errors = dump.communicate()  # the snapshot stays open until pg_dump has finished
        if dump.returncode:
            raise BackupError(f"pg_dump failed: {errors.strip()}")
    finally:
        raw.rollback()
        raw.close()
    return Snapshot(POSTGRESQL_DUMP, tables, names)


def snapshot_sqlite(folder):
    """SQLite's online backup API copies the whole database in one step; the copy is then counted and read."""
    connection.ensure_connection()
    target = sqlite3.connect(folder / SQLITE_COPY)
    try:
        connection.connection.backup(target)
        cursor = target.cursor()
        cursor.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
        tables, names = read_tables(cursor, {row[0] for row in cursor.fetchall()})
    finally:
        target.close()
    return Snapshot(SQLITE_COPY, tables, names)


def snapshot_database(folder):
    if connection.vendor == "postgresql":
        return snapshot_postgresql(folder)
    if connection.vendor == "sqlite":
        return snapshot_sqlite(folder)
    raise BackupError(f"No backup for the {connection.vendor} database engine.")


def walk(storage, directory=""):
    """Every file name in the storage, through its listdir (the folders of a local disk, the prefixes of a bucket)."""
    try:
        folders, files = storage.listdir(directory)
    except FileNotFoundError:  # a local storage whose folder does not exist yet holds nothing
        return
    for name in files:
        yield str(PurePosixPath(directory, name)) if directory else name
    for folder in folders:
        yield from walk(storage, str(PurePosixPath(directory, folder)) if directory else folder)


def inside(root, name):
    """The path of stored file `name` under `root`, refusing a name that would leave it."""
    path = (root / name).resolve()
    if not path.is_relative_to(root.resolve()):
        raise BackupError(f"File name outside the backup: {name!r}")
    return path


def copy_out(storage, names, root):
    """Copy the named files from the storage under `root`; returns (the files copied, the names missing)."""
    copied, missing = [], []
    for name in sorted(names):
        target = inside(root, name)
        target.parent.mkdir(parents=True, exist_ok=True)
        digest, size = hashlib.sha256(), 0
        try:
            with storage.open(name, "rb") as source, open(target, "wb") as out:
                for chunk in source.chunks(CHUNK):
                    digest.update(chunk)
                    size += len(chunk)
                    out.write(chunk)
        except Exception:
            target.unlink(missing_ok=True)
            if storage.exists(name):
                raise
            missing.append(name)
            continue
        copied.append({"path": name, "size": size, "sha256": digest.hexdigest()})
    return copied, missing


def file_digest(path):
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for chunk in iter(lambda: handle.read(CHUNK), b""):
            digest.update(chunk)
    return digest.hexdigest()


def prepare_folder(folder):
    folder = Path(folder)
    if folder.exists() and any(folder.iterdir()):
        raise BackupError(f"{folder} is not empty: give a new folder for each backup.")
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def write_manifest(folder, snapshot, copied, missing, extras, timings):
    database = folder / snapshot.database_file
    manifest = {
        "format": FORMAT,
        "created_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "engine": connection.vendor,
        "database": {"file": snapshot.database_file, "size": database.stat().st_size, "sha256": file_digest(database)},
        "tables": snapshot.tables,
        "files": copied,
        "missing": missing,
        "extras": extras,
        "seconds": timings,
    }
    (folder / MANIFEST).write_text(json.dumps(manifest, indent=1, sort_keys=True))
    return manifest


def backup(folder, storage=default_storage):
    """Back up the database, then the files its snapshot refers to, into the new or empty `folder`."""
    folder = prepare_folder(folder)
    started = time.monotonic()
    snapshot = snapshot_database(folder)
    snapshot.seconds = round(time.monotonic() - started, 2)
    return back_up_files(folder, snapshot, storage)


def back_up_files(folder, snapshot, storage=default_storage):
    """Copy the files the snapshot refers to, note the others, and write the manifest."""
    started = time.monotonic()
    copied, missing = copy_out(storage, snapshot.file_names, folder / FILES)
    extras = sorted(set(walk(storage)) - snapshot.file_names)
    timings = {"database": snapshot.seconds, "files": round(time.monotonic() - started, 2)}
    return write_manifest(folder, snapshot, copied, missing, extras, timings)


# Restore -------------------------------------------------------------------------------------------------------


def read_manifest(folder):
    path = Path(folder) / MANIFEST
    if not path.exists():
        raise BackupError(f"No {MANIFEST} in {folder}: not a backup made by `manage.py backup`.")
    manifest = json.loads(path.read_text())
    if manifest.get("format") != FORMAT:
        raise BackupError(f"Backup format {manifest.get('format')!r}; this portal reads format {FORMAT}.")
    if manifest["engine"] != connection.vendor:
        raise BackupError(f"The backup is of a {manifest['engine']} database; this portal uses {connection.vendor}.")
    database = Path(folder) / manifest["database"]["file"]
    if not database.exists() or file_digest(database) != manifest["database"]["sha256"]:
        raise BackupError(f"{database} is missing or damaged: its SHA-256 differs from the manifest's.")
    return manifest


def why_not_empty(storage):
    """Reasons the target is not empty (none when both the database and the storage are)."""
    reasons = []
    tables = connection.introspection.table_names()
    if tables:
        reasons.append(f"the database {connection.settings_dict['NAME']} has {len(tables)} tables")
    stored = next(walk(storage), None)
    if stored is not None:
        reasons.append(f"the file storage holds files (for example {stored})")
    return reasons


def drop_tables():
    """--force on PostgreSQL: every table of the target goes, so that it holds exactly the backup's afterwards."""
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names(cursor):
            cursor.execute(f"DROP TABLE IF EXISTS {quote(table)} CASCADE")


def restore_postgresql(dump, jobs):
    connection.close()
    result = subprocess.run(
        [
            "pg_restore",
            "--no-owner",
            "--no-privileges",
            "--exit-on-error",
            f"--jobs={jobs}",
            f"--dbname={connection.settings_dict['NAME']}",
            str(dump),
        ],
        env=postgresql_environment(connection.settings_dict),
        capture_output=True,
        text=True,
    )
    if result.returncode:
        raise BackupError(f"pg_restore failed: {result.stderr.strip()}")


def restore_sqlite(copy):
    name = str(connection.settings_dict["NAME"])
    if name == ":memory:" or "mode=memory" in name:
        raise BackupError("The database is in memory: restore into a database file.")
    connection.close()
    source, target = sqlite3.connect(copy), sqlite3.connect(name)
    try:
        source.backup(target)
    finally:
        source.close()
        target.close()


def copy_in(storage, files, root, force):
    for item in files:
        if force and storage.exists(item["path"]):
            storage.delete(item["path"])
        with open(inside(root, item["path"]), "rb") as handle:
            saved = storage.save(item["path"], File(handle))
        if saved != item["path"]:
            raise BackupError(f"The storage saved {item['path']} as {saved}.")


def stored_digest(storage, name):
    digest, size = hashlib.sha256(), 0
    with storage.open(name, "rb") as handle:
        for chunk in handle.chunks(CHUNK):
            digest.update(chunk)
            size += len(chunk)
    return size, digest.hexdigest()


def verify(manifest, storage=default_storage):
    """Compare the database and the storage with the manifest: (what was checked, what differs)."""
    differences, rows = [], 0
    with connection.cursor() as cursor:
        existing = set(connection.introspection.table_names(cursor))
        for label, expected in sorted(manifest["tables"].items()):
            if expected["table"] not in existing:
                differences.append(f"table {expected['table']} ({label}) is missing")
                continue
            cursor.execute(f"SELECT COUNT(*) FROM {quote(expected['table'])}")
            found = cursor.fetchone()[0]
            rows += found
            if found != expected["rows"]:
                differences.append(f"{label}: {found} rows, the backup had {expected['rows']}")
    total_bytes = 0
    for item in manifest["files"]:
        try:
            size, digest = stored_digest(storage, item["path"])
        except Exception as error:  # missing, or the storage failed to read it
            differences.append(f"file {item['path']} cannot be read ({type(error).__name__})")
            continue
        total_bytes += size
        if (size, digest) != (item["size"], item["sha256"]):
            differences.append(f"file {item['path']}: size or SHA-256 differs from the backup's")
    checked = [
        f"{len(manifest['tables'])} tables, {rows} rows: each table's row count against the manifest",
        f"{len(manifest['files'])} files, {total_bytes} bytes: each file's size and SHA-256 against the manifest",
    ]
    return checked, differences


def restore(folder, force=False, jobs=1, storage=default_storage):
    """Restore the backup in `folder` into this portal's database and file storage, then verify it."""
    folder = Path(folder)
    manifest = read_manifest(folder)
    reasons = why_not_empty(storage)
    if reasons and not force:
        raise BackupError(
            "Refusing to restore over existing data: " + "; ".join(reasons) + ". Restore into an empty database "
            "and storage, or give --force to replace what is there."
        )
    started = time.monotonic()
    database = folder / manifest["database"]["file"]
    if manifest["engine"] == "postgresql":
        require("pg_restore")  # before anything is dropped
        if force:
            drop_tables()
        restore_postgresql(database, jobs)
    else:
        restore_sqlite(database)
    bump_generation()  # pages cached (in Redis) from the data replaced are not served again
    database_done = time.monotonic()
    copy_in(storage, manifest["files"], folder / FILES, force)
    files_done = time.monotonic()
    checked, differences = verify(manifest, storage)
    timings = {
        "database": database_done - started,
        "files": files_done - database_done,
        "verify": time.monotonic() - files_done,
    }
    return manifest, checked, differences, timings
