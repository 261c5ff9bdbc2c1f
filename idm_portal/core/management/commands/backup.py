"""python manage.py backup [--output-dir DIR]: the database and the media files, with a
manifest (see idm_portal/core/backups.py)."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from idm_portal.core import backups


class Command(BaseCommand):
    help = (
        "Back up the PostgreSQL database (pg_dump -Fc of DATABASE_URL) and the media files "
        "(a tar) into a new directory, with a manifest of row counts and SHA-256 hashes."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--output-dir",
            default=str(settings.BACKUP_DIR),
            help="where the backup directory is made (default: BACKUP_DIR, %(default)s)",
        )

    def handle(self, *args, output_dir, **options):
        try:
            path = backups.create_backup(output_dir)
        except backups.BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(str(path))
