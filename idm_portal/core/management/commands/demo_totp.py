"""python manage.py demo_totp: the current TOTP code of the demo Secretariat account."""

from allauth.mfa.models import Authenticator
from django.core.management.base import BaseCommand, CommandError

from idm_portal.core import demo
from idm_portal.core.models import User


class Command(BaseCommand):
    help = (
        "Print the code the demo Secretariat account's authenticator app would show now "
        "(load_demo gives it a TOTP device; see DEMO_TOTP_SECRET)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--email", default=f"secretariat@{demo.DEMO_DOMAIN}", help="the demo account"
        )

    def handle(self, *args, email, **options):
        user = User.objects.filter(email=email).first()
        if user is None:
            raise CommandError(f"No account {email}: run python manage.py load_demo first.")
        try:
            code, seconds = demo.current_totp_code(user)
        except Authenticator.DoesNotExist as error:
            raise CommandError(f"{email} has no TOTP device.") from error
        self.stdout.write(code)
        self.stderr.write(f"valid for {seconds} more seconds")
