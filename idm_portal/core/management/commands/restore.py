"""python manage.py restore BACKUP_DIR [--database-url URL] [--media-root DIR]: a backup
made by ``backup``, into an empty database and media directory."""

from django.core.management.base import BaseCommand, CommandError

from idm_portal.core import backups


class Command(BaseCommand):
    help = (
        "Restore a backup made by `backup` into an EMPTY database (DATABASE_URL, or "
        "--database-url) and an empty media directory (MEDIA_ROOT, or --media-root), after "
        "checking the manifest's hashes; the row counts and media hashes are checked after."
    )

    def add_arguments(self, parser):
        parser.add_argument("backup_dir", help="a directory made by `manage.py backup`")
        parser.add_argument("--database-url", help="restore into this database instead")
        parser.add_argument("--media-root", help="restore the media files here instead")

    def handle(self, *args, backup_dir, database_url, media_root, **options):
        try:
            manifest = backups.restore_backup(
                backup_dir, database_url=database_url, media_root=media_root
            )
        except backups.BackupError as error:
            raise CommandError(str(error)) from error
        tables = manifest["database"]["tables"]
        self.stdout.write(
            f"Restored the backup of {manifest['created_at']}: {len(tables)} tables, "
            f"{sum(tables.values())} rows, {len(manifest['media']['files'])} media files."
        )
