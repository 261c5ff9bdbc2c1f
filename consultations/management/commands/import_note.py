"""python manage.py import_note FILE.md: create or update a discussion note from Markdown
with YAML front matter."""

from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from consultations.services.notes import import_note


class Command(BaseCommand):
    help = (
        "Import a discussion note from a Markdown file with YAML front matter (symbol, "
        "language, original_language, meeting_heading, place, issue_date, meeting_date, "
        "title, subtitle; optional status: draft or published). The same symbol and "
        "language again updates that note."
    )

    def add_arguments(self, parser):
        parser.add_argument("files", nargs="+", metavar="FILE.md")

    def handle(self, *args, files, **options):
        for name in files:
            path = Path(name)
            try:
                text = path.read_text(encoding="utf-8")
            except (OSError, UnicodeDecodeError) as error:
                raise CommandError(f"{name}: cannot be read ({error}).") from error
            try:
                note, outcome = import_note(text)
            except ValidationError as error:
                raise CommandError(f"{name}: " + " ".join(error.messages)) from error
            self.stdout.write(
                self.style.SUCCESS(f"{note.symbol} ({note.language}): {outcome}, {note.status}.")
            )
