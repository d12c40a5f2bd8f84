"""`manage.py backup FOLDER`: the database in one snapshot, then the uploaded files it refers to, with a manifest
(core/backup.py; README, "Operations runbook")."""

from django.core.management.base import BaseCommand, CommandError

from core.backup import BackupError, backup


def megabytes(size):
    return f"{size / 1_000_000:.1f} MB"


class Command(BaseCommand):
    help = "Back up the database and the uploaded files into a new (or empty) folder, with a manifest."

    def add_arguments(self, parser):
        parser.add_argument("folder", help="A new or empty folder, e.g. /var/backups/ovop/2026-12-06T0200.")

    def handle(self, *args, folder, **options):
        try:
            manifest = backup(folder)
        except BackupError as error:
            raise CommandError(str(error)) from error
        rows = sum(table["rows"] for table in manifest["tables"].values())
        self.stdout.write(
            f"Database ({manifest['engine']}): {len(manifest['tables'])} tables, {rows} rows, "
            f"{megabytes(manifest['database']['size'])} in {manifest['seconds']['database']} s"
        )
        self.stdout.write(
            f"Files: {len(manifest['files'])} files, {megabytes(sum(f['size'] for f in manifest['files']))} "
            f"in {manifest['seconds']['files']} s"
        )
        if manifest["extras"]:
            self.stdout.write(
                f"Not backed up: {len(manifest['extras'])} stored files the database does not refer to "
                "(uploads since the snapshot, or left over); listed under 'extras' in the manifest."
            )
        if manifest["missing"]:
            self.stderr.write(
                self.style.WARNING(
                    f"Missing: {len(manifest['missing'])} files the database refers to were not in the storage "
                    "(deleted since the snapshot, or lost): " + ", ".join(manifest["missing"][:10])
                )
            )
        self.stdout.write(self.style.SUCCESS(f"Backup written to {folder}"))
