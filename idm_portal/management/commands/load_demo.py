"""python manage.py load_demo [--scale N] [--force]: the IDM 2009 world of IC/2009/5."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from consultations import demo as consultations_demo
from idm_portal.core import demo as core_demo
from workshops import demo as workshops_demo


class Command(BaseCommand):
    help = (
        "Load the IDM 2009 demo data of discussion note IC/2009/5: adds only what is "
        "missing, so it may run again; prints the demo accounts."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--scale",
            type=int,
            default=0,
            metavar="N",
            help="also add N synthetic workshops, for benchmarks",
        )
        parser.add_argument(
            "--force", action="store_true", help="run even with DEBUG off (a production site)"
        )

    def handle(self, *args, scale, force, **options):
        if not settings.DEBUG and not force:
            raise CommandError(
                "DEBUG is off, so this may be a production site: load_demo adds demo accounts "
                "with a known password. Run it with --force if that is what you want."
            )
        if scale < 0:
            raise CommandError("--scale must be 0 or more.")
        password = core_demo.demo_password()
        with transaction.atomic():
            idm_year, accounts = core_demo.load(password)
            secretariat = core_demo.secretariat_account()
            first, second = workshops_demo.load(idm_year, secretariat=secretariat)
            workshops_demo.load_registrations(first)
            workshops_demo.load_statements(first)
            workshops_demo.load_speakers_list(second)
            consultations_demo.load(idm_year)
            consultations_demo.load_notes()
            consultations_demo.load_theme_consultation(secretariat=secretariat)
            if scale:
                workshops_demo.load_synthetic(idm_year, scale, secretariat=secretariat)
        self.stdout.write(self.style.SUCCESS(f"IDM {idm_year.year} demo data is loaded."))
        self.stdout.write("Demo accounts (e-mail / password):")
        for account in accounts:
            note = "" if account.created else "  (already there; its password is kept)"
            self.stdout.write(f"  {account.role:<40} {account.email:<28} {password}{note}")
        self.stdout.write(
            "The Secretariat account also asks for a code (two-factor authentication, TOTP).\n"
            f"  TOTP secret, for an authenticator app: {core_demo.totp_secret_of(secretariat)}\n"
            "  The current code: python manage.py demo_totp"
        )
