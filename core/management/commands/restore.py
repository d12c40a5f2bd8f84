"""`manage.py restore FOLDER`: a backup made by `manage.py backup` into an empty database and file storage, then
checked against its manifest (core/backup.py; README, "Operations runbook")."""

from django.core.management.base import BaseCommand, CommandError

from core.backup import BackupError, restore


class Command(BaseCommand):
    help = "Restore a backup into an empty database and file storage and verify it against its manifest."

    def add_arguments(self, parser):
        parser.add_argument("folder", help="A folder written by `manage.py backup`.")
        parser.add_argument(
            "--force", action="store_true", help="Replace the tables and files already there (they are lost)."
        )
        parser.add_argument("--jobs", type=int, default=1, help="PostgreSQL: parallel pg_restore jobs.")

    def handle(self, *args, folder, force, jobs, **options):
        try:
            manifest, checked, differences, timings = restore(folder, force=force, jobs=jobs)
        except BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            f"Restored the backup of {manifest['created_at']}: database in {timings['database']:.1f} s, "
            f"{len(manifest['files'])} files in {timings['files']:.1f} s"
        )
        if manifest["missing"]:
            self.stdout.write(
                f"{len(manifest['missing'])} files were already missing when the backup was made: "
                + ", ".join(manifest["missing"][:10])
            )
        self.stdout.write(f"Checked in {timings['verify']:.1f} s:")
        for line in checked:
            self.stdout.write(f"  {line}")
        if differences:
            for line in differences:
                self.stderr.write(f"  DIFFERS: {line}")
            raise CommandError(f"The restored data differs from the backup in {len(differences)} places.")
        self.stdout.write(self.style.SUCCESS("Everything matches the backup's manifest."))
