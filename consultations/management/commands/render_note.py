"""python manage.py render_note SYMBOL --lang en --output FILE.pdf: make the PDF of a
discussion note now, without a worker."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from consultations.models import DiscussionNote
from consultations.services.notes import make_note_pdf


class Command(BaseCommand):
    help = "Render the PDF of a discussion note now (no worker) into a file."

    def add_arguments(self, parser):
        parser.add_argument("symbol", help="the note's symbol, such as IC/2009/5")
        parser.add_argument("--lang", default="en", help="language version (en, fr, es)")
        parser.add_argument("--output", required=True, metavar="FILE.pdf")

    def handle(self, *args, symbol, lang, output, **options):
        note = DiscussionNote.objects.filter(symbol=symbol, language=lang).first()
        if note is None:
            known = DiscussionNote.objects.filter(symbol=symbol).values_list("language", flat=True)
            hint = f" (it exists in: {', '.join(known)})" if known else ""
            raise CommandError(f"No discussion note {symbol} in {lang!r}{hint}.")
        document = make_note_pdf(note)
        Path(output).write_bytes(document)
        self.stdout.write(
            self.style.SUCCESS(f"{note} written to {output} ({len(document):,} bytes).")
        )
