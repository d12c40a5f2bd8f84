"""How long a backup and a restore of the benchmark's database take on PostgreSQL.

    python bench/backup_restore.py [--nominations 100000] [--rounds 10] [--files 1000] [--jobs 1] [--reuse]

Makes the benchmark's data (bench/generate.py: nominations over the rounds across all 514 regencies, a photo's
metadata and three score sheets each) in its own database, ovop_backup_bench, and puts `--files` distinct photos
of about 48 KB in a local media folder (the first nominations' photos refer to them; the others share one
placeholder, as in bench/run.py). Then times `manage.py backup` into a new folder and `manage.py restore` of it
into a new empty database (ovop_backup_bench_restored) and media folder, each a separate process as an operator
runs them, and prints the times, the database's size, the dump's and the files'. `--reuse` keeps the database and
files of an earlier run. Results also go to bench/results/backup_restore.txt.
"""

import argparse
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import psycopg2

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import PYTHON, ROOT, fresh_database, manage, server_env  # noqa: E402

RESULTS = ROOT / "bench" / "results"
WORK = RESULTS / "backup_restore"
SOURCE, TARGET = "ovop_backup_bench", "ovop_backup_bench_restored"


def megabytes(size):
    return f"{size / 1_000_000:.1f} MB"


def folder_size(folder):
    return sum(path.stat().st_size for path in Path(folder).rglob("*") if path.is_file())


def database_size(url):
    with psycopg2.connect(url) as connection, connection.cursor() as cursor:
        cursor.execute("SELECT pg_database_size(current_database())")
        return cursor.fetchone()[0]


def put_photos(url, media, count):
    """`count` distinct photos of ~48 KB (random bytes behind a JPEG header: they are copied, not decoded) for the
    first nominations, and the placeholder that the other photos refer to."""
    (media / "bench").mkdir(parents=True, exist_ok=True)
    (media / "bench" / "placeholder.jpg").write_bytes(b"\xff\xd8\xff\xe0" + os.urandom(48_000))
    with psycopg2.connect(url) as connection, connection.cursor() as cursor:
        cursor.execute("SELECT id FROM nominations_nominationphoto ORDER BY id LIMIT %s", [count])
        for (photo_id,) in cursor.fetchall():
            name = f"nominations/bench/photos/{photo_id}.jpg"
            path = media / name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(b"\xff\xd8\xff\xe0" + os.urandom(48_000))
            cursor.execute("UPDATE nominations_nominationphoto SET image = %s WHERE id = %s", [name, photo_id])


def timed(env, *args):
    started = time.monotonic()
    result = subprocess.run([PYTHON, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True)
    if result.returncode:
        sys.exit(f"manage.py {' '.join(args)} failed:\n{result.stdout}\n{result.stderr}")
    return time.monotonic() - started, result.stdout


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--nominations", type=int, default=100_000)
    parser.add_argument("--rounds", type=int, default=10)
    parser.add_argument("--files", type=int, default=1000, help="distinct photo files of ~48 KB")
    parser.add_argument("--jobs", type=int, default=1, help="parallel pg_restore jobs")
    parser.add_argument("--reuse", action="store_true", help="keep the database and files of the previous run")
    args = parser.parse_args()
    admin_url = os.environ.get("BENCH_ADMIN_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/postgres")
    source_url = admin_url.rsplit("/", 1)[0] + f"/{SOURCE}"
    media, backup, restored_media = WORK / "media", WORK / "backup", WORK / "restored-media"
    lines = []

    def say(line=""):
        print(line, flush=True)
        lines.append(line)

    if not args.reuse:
        shutil.rmtree(WORK, ignore_errors=True)
        source_url = fresh_database(admin_url, SOURCE)
        started = time.monotonic()
        env = server_env(source_url, MEDIA_ROOT=str(media))
        manage(env, "migrate", "--noinput")
        subprocess.run(
            [PYTHON, str(ROOT / "bench" / "generate.py"), str(args.nominations), str(args.rounds)],
            cwd=ROOT,
            env=env,
            check=True,
            stdout=subprocess.DEVNULL,
        )
        put_photos(source_url, media, args.files)
        subprocess.run(["psql", source_url, "-qc", "VACUUM ANALYZE"], check=True)
        seconds = time.monotonic() - started
        say(f"generated {args.nominations} nominations and {args.files} photo files in {seconds:.0f} s")
    shutil.rmtree(backup, ignore_errors=True)
    shutil.rmtree(restored_media, ignore_errors=True)
    target_url = fresh_database(admin_url, TARGET)

    backup_seconds, backup_output = timed(server_env(source_url, MEDIA_ROOT=str(media)), "backup", str(backup))
    restore_seconds, restore_output = timed(
        server_env(target_url, MEDIA_ROOT=str(restored_media)), "restore", str(backup), f"--jobs={args.jobs}"
    )
    dump = backup / "database.dump"
    say(f"database {SOURCE}: {megabytes(database_size(source_url))} on disk (pg_database_size)")
    say(
        f"backup: {backup_seconds:.1f} s in all; dump {megabytes(dump.stat().st_size)}, "
        f"files {megabytes(folder_size(backup / 'files'))}"
    )
    say(f"restore (--jobs={args.jobs}): {restore_seconds:.1f} s in all, checks included")
    for command, output in [("backup", backup_output), ("restore", restore_output)]:
        say(f"manage.py {command} said:")
        for line in output.splitlines():
            say(f"  {line}")
    load = Path("/proc/loadavg").read_text().split()[:3]
    say(f"load average at the end: {' '.join(load)} ({os.cpu_count()} cores)")
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "backup_restore.txt").write_text("\n".join(lines) + "\n")


if __name__ == "__main__":
    main()
