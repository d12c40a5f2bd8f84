"""Backups restore (core/backup.py, `manage.py backup` and `restore`): on the engine of the run (SQLite, and
PostgreSQL in CI's second run), nominations, score sheets, audit records and uploaded files are backed up, restored
by a separate process into a new empty database and file storage, and compared row by row and file by file."""

import hashlib
import os
import sqlite3
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.db import connection

from audit.models import record
from core.backup import BackupError, back_up_files, backup, restore, snapshot_database, verify
from curation.models import ScoreSheet
from nominations.models import Nomination

from ..factories import NominationDocumentFactory, NominationFactory, ScoreSheetFactory, TeamMemberFactory

ROOT = Path(settings.BASE_DIR)
COMPARED_TABLES = [
    "nominations_nomination",
    "nominations_nominationphoto",
    "nominations_nominationdocument",
    "curation_scoresheet",
    "audit_auditrecord",
]

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def portal_data(officer, award_round, diy):
    """Three nominations with a photo and a document each, two submitted score sheets each, audit records, and
    one stored file that no row refers to."""
    members = [TeamMemberFactory(username=f"backup.member.{i}", province=diy) for i in (1, 2)]
    place = {"round": award_round, "regency": officer.regency, "created_by": officer}
    for number in range(3):
        nomination = NominationFactory(**place, with_photo=True, product_name=f"Kain {number}")
        NominationDocumentFactory(nomination=nomination)
        for member in members:
            ScoreSheetFactory(nomination=nomination, member=member, status="submitted", total=Decimal("71.25") + number)
        record(officer, "nomination.submitted", nomination, after={"status": "submitted"}, reason=f"Catatan {number}")
    default_storage.save("leftovers/old-export.csv", ContentFile(b"a,b\n"))


@pytest.fixture
def empty_database(tmp_path):
    """The URL of a new, empty database of the run's engine (PostgreSQL: on the same server), and a function that
    opens it with the standard driver."""
    if connection.vendor == "sqlite":
        path = tmp_path / "restored.sqlite3"
        detect = sqlite3.PARSE_DECLTYPES | sqlite3.PARSE_COLNAMES  # the converters Django registered
        yield f"sqlite:///{path}", lambda: sqlite3.connect(path, detect_types=detect)
        return
    import psycopg2

    params = connection.settings_dict
    name = f"{params['NAME']}_restored"
    server = {"host": params["HOST"] or None, "port": params["PORT"] or None, "user": params["USER"] or None}
    server["password"] = params["PASSWORD"] or None

    def on_server(statement):
        admin = psycopg2.connect(dbname="postgres", **server)
        admin.autocommit = True
        with admin.cursor() as cursor:
            cursor.execute(statement)
        admin.close()

    on_server(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    on_server(f'CREATE DATABASE "{name}"')
    user = f"{params['USER']}{':' + params['PASSWORD'] if params['PASSWORD'] else ''}@" if params["USER"] else ""
    yield (
        f"postgres://{user}{params['HOST'] or '127.0.0.1'}:{params['PORT'] or 5432}/{name}",
        # Opened as Django opens its own (JSON left as text), so that rows compare equal.
        lambda: connection.get_new_connection({**connection.get_connection_params(), "dbname": name}),
    )
    on_server(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def manage(*args, database_url, media_root, **env):
    """Run manage.py in a new process against another database and file storage."""
    environment = {key: value for key, value in os.environ.items() if not key.startswith("AWS_")}
    environment.update(
        DJANGO_SETTINGS_MODULE="tests.settings", DATABASE_URL=database_url, MEDIA_ROOT=str(media_root), **env
    )
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=environment, capture_output=True, text=True, timeout=300
    )


def rows(cursor, table):
    cursor.execute(f'SELECT * FROM "{table}" ORDER BY id')
    return cursor.fetchall()


def rows_of_restored(open_database, table):
    restored = open_database()
    try:
        return rows(restored.cursor(), table)
    finally:
        restored.close()


def sha256(path):
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def referenced_files():
    nominations = Nomination.objects.all()
    return [photo.image.name for n in nominations for photo in n.photos.all()] + [
        document.file.name for n in nominations for document in n.documents.all()
    ]


def test_backup_restores_every_row_and_file_into_an_empty_database_and_storage(portal_data, empty_database, tmp_path):
    url, open_database = empty_database
    call_command("backup", str(tmp_path / "backup"))
    media = Path(settings.MEDIA_ROOT)
    restored_media = tmp_path / "restored-media"

    result = manage("restore", str(tmp_path / "backup"), database_url=url, media_root=restored_media)

    assert result.returncode == 0, result.stderr
    assert "Everything matches the backup's manifest." in result.stdout
    assert "6 files" in result.stdout and "each file's size and SHA-256" in result.stdout
    with connection.cursor() as cursor:
        for table in COMPARED_TABLES:
            original = rows(cursor, table)
            assert original, table
            assert rows_of_restored(open_database, table) == original, table
    assert ScoreSheet.objects.count() == 6 and len(referenced_files()) == 6
    for name in referenced_files():
        assert sha256(restored_media / name) == sha256(media / name), name
    assert not (restored_media / "leftovers").exists()  # not referred to: noted, not restored


def run_sql(open_database, statement):
    target = open_database()
    try:
        target.cursor().execute(statement)
        target.commit()
    finally:
        target.close()


def test_restore_refuses_a_target_with_data_and_says_why_unless_forced(portal_data, empty_database, tmp_path):
    url, open_database = empty_database
    call_command("backup", str(tmp_path / "backup"))
    restored_media = tmp_path / "restored-media"
    assert manage("restore", str(tmp_path / "backup"), database_url=url, media_root=restored_media).returncode == 0

    again = manage("restore", str(tmp_path / "backup"), database_url=url, media_root=restored_media)

    assert again.returncode != 0
    assert "Refusing to restore over existing data" in again.stderr
    assert "tables" in again.stderr and "file storage holds files" in again.stderr and "--force" in again.stderr
    run_sql(open_database, 'DELETE FROM "audit_auditrecord"')
    run_sql(open_database, "CREATE TABLE stray (id integer)")
    forced = manage("restore", str(tmp_path / "backup"), "--force", database_url=url, media_root=restored_media)
    assert forced.returncode == 0, forced.stderr
    assert "Everything matches the backup's manifest." in forced.stdout
    with connection.cursor() as cursor:
        assert rows_of_restored(open_database, "audit_auditrecord") == rows(cursor, "audit_auditrecord")
    with pytest.raises(Exception, match="stray"):  # the target's own tables went
        rows_of_restored(open_database, "stray")


def test_changes_after_the_snapshot_stay_out_of_the_backup(portal_data, officer, award_round, empty_database, tmp_path):
    """An upload during the backup (after the database snapshot) is noted as an extra, not copied, and the restored
    database is the snapshot's, whose files all came back."""
    url, open_database = empty_database
    folder = tmp_path / "backup"
    folder.mkdir()
    snapshot = snapshot_database(folder)
    late = NominationFactory(
        round=award_round, regency=officer.regency, created_by=officer, with_photo=True, product_name="Late"
    )
    late_photo = late.photos.get().image.name

    manifest = back_up_files(folder, snapshot)

    assert late_photo in manifest["extras"] and late_photo not in [f["path"] for f in manifest["files"]]
    assert manifest["tables"]["nominations.Nomination"]["rows"] == 3
    result = manage("restore", str(folder), database_url=url, media_root=tmp_path / "restored-media")
    assert result.returncode == 0, result.stderr
    with connection.cursor() as cursor:
        cursor.execute('SELECT id FROM "nominations_nomination" WHERE product_name <> %s ORDER BY id', ["Late"])
        before = cursor.fetchall()
    assert [row[:1] for row in rows_of_restored(open_database, "nominations_nomination")] == before


def test_a_file_deleted_after_the_snapshot_is_reported_missing(portal_data, tmp_path):
    folder = tmp_path / "backup"
    folder.mkdir()
    snapshot = snapshot_database(folder)
    gone = Nomination.objects.get(product_name="Kain 1").photos.get().image.name
    default_storage.delete(gone)

    manifest = back_up_files(folder, snapshot)

    assert manifest["missing"] == [gone]
    assert len(manifest["files"]) == 5


def test_verify_finds_a_changed_file_and_a_changed_count(portal_data, tmp_path):
    manifest = backup(tmp_path / "backup")
    assert verify(manifest)[1] == []
    changed = Nomination.objects.get(product_name="Kain 2").documents.get().file.name
    (Path(settings.MEDIA_ROOT) / changed).write_bytes(b"%PDF-1.4 changed")
    ScoreSheet.objects.first().delete()

    _checked, differences = verify(manifest)

    assert f"file {changed}: size or SHA-256 differs from the backup's" in differences
    assert "curation.ScoreSheet: 5 rows, the backup had 6" in differences


def test_a_damaged_backup_is_refused_before_anything_is_touched(portal_data, tmp_path):
    manifest = backup(tmp_path / "backup")
    with open(tmp_path / "backup" / manifest["database"]["file"], "ab") as dump:
        dump.write(b"x")

    with pytest.raises(BackupError, match="missing or damaged"):
        restore(tmp_path / "backup", force=True)

    assert Nomination.objects.count() == 3


def test_backup_refuses_a_folder_that_is_not_empty(portal_data, tmp_path):
    (tmp_path / "backup").mkdir()
    (tmp_path / "backup" / "earlier.txt").write_text("x")

    with pytest.raises(BackupError, match="not empty"):
        backup(tmp_path / "backup")


def test_backup_of_an_s3_bucket_restores_into_an_empty_bucket(s3_storage, portal_data, empty_database, tmp_path):
    import boto3

    url, _open = empty_database
    s3 = boto3.client(
        "s3", endpoint_url=s3_storage, region_name="us-east-1", aws_access_key_id="t", aws_secret_access_key="t"
    )
    s3.create_bucket(Bucket="ovop-restored")
    call_command("backup", str(tmp_path / "backup"))
    bucket = {
        "AWS_STORAGE_BUCKET_NAME": "ovop-restored",
        "AWS_S3_ENDPOINT_URL": s3_storage,
        "AWS_S3_REGION_NAME": "us-east-1",
        "AWS_ACCESS_KEY_ID": "testing",
        "AWS_SECRET_ACCESS_KEY": "testing",
    }

    result = manage("restore", str(tmp_path / "backup"), database_url=url, media_root=tmp_path / "unused", **bucket)

    assert result.returncode == 0, result.stderr
    assert "6 files" in result.stdout and "Everything matches the backup's manifest." in result.stdout

    def digest(bucket_name, name):
        return hashlib.sha256(s3.get_object(Bucket=bucket_name, Key=name)["Body"].read()).hexdigest()

    names = referenced_files()
    assert len(names) == 6
    for name in names:
        assert digest("ovop-restored", name) == digest("ovop-files", name), name
    restored = {item["Key"] for item in s3.list_objects_v2(Bucket="ovop-restored")["Contents"]}
    assert restored == set(names)  # the stored file no row refers to stayed behind
