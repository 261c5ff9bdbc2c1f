"""The ground floor's part of the demo world (IC/2009/5): the IDM 2009 year, the
organizations behind the seed's figures, and the demo accounts.

Every function adds only what is missing and never changes or deletes what is there, so
load_demo may run again, and on a database that holds real data.
"""

import secrets
from dataclasses import dataclass

from allauth.account.models import EmailAddress
from django.conf import settings
from django.db import transaction
from django_countries import countries

from idm_portal.core import demo_data
from idm_portal.core.models import IdmYear, Organization, User
from idm_portal.core.regions import region_of
from idm_portal.core.services.accounts import appoint_focal_point, appoint_secretariat

THEME_2009 = "Human Rights and Migration: Working Together for Safe, Dignified and Secure Migration"
# IOM's own French (IC/2009/5 in French, consultations/seed/IC-2009-5.fr.md) and Spanish.
THEME_2009_FR = (
    "Droits de l’homme et migration : œuvrer ensemble pour une migration sûre, digne et sécurisée"
)
THEME_2009_ES = (
    "Derechos humanos y migración: Trabajando juntos para una migración segura, digna y ordenada"
)
DEMO_DOMAIN = "idm.example"


@dataclass
class DemoAccount:
    email: str
    role: str
    created: bool


def demo_password():
    """DEMO_PASSWORD if set; otherwise one generated at the first run and kept in var/."""
    from_environment = settings.DEMO_PASSWORD
    if from_environment:
        return from_environment
    path = settings.VAR_DIR / "demo-password.txt"
    if path.exists():
        return path.read_text().strip()
    path.parent.mkdir(parents=True, exist_ok=True)
    password = secrets.token_urlsafe(12)
    path.write_text(password + "\n")
    path.chmod(0o600)
    return password


def demo_totp_secret():
    """The TOTP secret of the demo Secretariat account (MFA is required of it):
    DEMO_TOTP_SECRET if set; otherwise one generated at the first run and kept in var/."""
    from allauth.mfa.totp.internal.auth import generate_totp_secret

    from_environment = settings.DEMO_TOTP_SECRET.replace(" ", "").upper()
    if from_environment:
        return from_environment
    path = settings.VAR_DIR / "demo-totp-secret.txt"
    if path.exists():
        return path.read_text().strip()
    path.parent.mkdir(parents=True, exist_ok=True)
    secret = generate_totp_secret()
    path.write_text(secret + "\n")
    path.chmod(0o600)
    return secret


def give_totp_device(user, secret):
    """A TOTP device with ``secret`` for ``user``, unless they have one already."""
    from allauth.mfa.models import Authenticator
    from allauth.mfa.totp.internal.auth import TOTP

    if not Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists():
        TOTP.activate(user, secret)


def totp_secret_of(user):
    """The secret of the user's TOTP device (stored encrypted)."""
    from allauth.mfa.models import Authenticator
    from allauth.mfa.utils import decrypt

    device = Authenticator.objects.get(user=user, type=Authenticator.Type.TOTP)
    return decrypt(device.data["secret"])


def current_totp_code(user):
    """The code the user's authenticator app shows now, and for how many more seconds."""
    import time

    from allauth.mfa import app_settings
    from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value

    now = int(time.time())
    counter = now // app_settings.TOTP_PERIOD
    code = format_hotp_value(hotp_value(totp_secret_of(user), counter))
    return code, app_settings.TOTP_PERIOD - now % app_settings.TOTP_PERIOD


def fill_languages(obj, translations):
    """Write the French and Spanish texts of ``translations`` ({English text: (French,
    Spanish)}) into ``obj``'s empty ``<field>_fr`` and ``<field>_es`` columns, for each
    translated field whose English text has one. What the Secretariat wrote stays."""
    from modeltranslation.translator import translator

    changed = []
    for field in translator.get_options_for_model(type(obj)).get_field_names():
        english = getattr(obj, f"{field}_en")
        if english not in translations:
            continue
        for language, text in zip(("fr", "es"), translations[english], strict=True):
            if text and not getattr(obj, f"{field}_{language}"):
                setattr(obj, f"{field}_{language}", text)
                changed.append(f"{field}_{language}")
    if changed:
        obj.save(update_fields=changed)
    return obj


def load_idm_2009():
    year, _created = IdmYear.objects.get_or_create(
        year=2009,
        defaults={"overarching_theme": THEME_2009, "status": IdmYear.Status.CURRENT},
    )
    return fill_languages(year, {THEME_2009: (THEME_2009_FR, THEME_2009_ES)})


def load_organizations():
    """71 governments, 22 international organizations, 8 NGOs, the private sector, academia
    and the media: the participants of the first IDM 2009 workshop."""
    status = {
        "member": Organization.IomStatus.MEMBER_STATE,
        "observer": Organization.IomStatus.OBSERVER_STATE,
    }
    country_names = dict(countries)
    for code, iom_status in demo_data.GOVERNMENTS:
        if not Organization.objects.filter(
            kind=Organization.Kind.GOVERNMENT, country=code
        ).exists():
            Organization.objects.get_or_create(
                name=str(country_names[code]),
                defaults={
                    "kind": Organization.Kind.GOVERNMENT,
                    "country": code,
                    "iom_status": status[iom_status],
                    "iom_region": region_of(code),
                },
            )
        # Only a region that is missing: one the Secretariat set stays.
        Organization.objects.filter(
            kind=Organization.Kind.GOVERNMENT, country=code, iom_region=""
        ).update(iom_region=region_of(code))
    for kind, rows in (
        (Organization.Kind.INTERNATIONAL_ORGANIZATION, demo_data.INTERNATIONAL_ORGANIZATIONS),
        (Organization.Kind.NGO, demo_data.NON_GOVERNMENTAL_ORGANIZATIONS),
        (Organization.Kind.PRIVATE_SECTOR, demo_data.PRIVATE_SECTOR),
        (Organization.Kind.ACADEMIA, demo_data.ACADEMIA),
        (Organization.Kind.MEDIA, demo_data.MEDIA),
    ):
        for name, acronym in rows:
            Organization.objects.get_or_create(
                name=name, defaults={"kind": kind, "acronym": acronym}
            )


def synthetic_name(index):
    first = demo_data.FIRST_NAMES[index % len(demo_data.FIRST_NAMES)]
    last = demo_data.LAST_NAMES[(index * 7) % len(demo_data.LAST_NAMES)]
    return f"{first} {last}"


def _account(email, name, password, language="en"):
    user = User.objects.filter(email=email).first()
    created = user is None
    if created:
        user = User.objects.create_user(
            email=email, password=password, name=name, preferred_language=language
        )
    EmailAddress.objects.get_or_create(
        user=user, email=email, defaults={"verified": True, "primary": True}
    )
    return user, created


def load_accounts(password):
    """The demo accounts: one Secretariat officer, focal points of a few member states, one
    delegate. Existing accounts keep their password."""
    accounts = []
    user, created = _account(f"secretariat@{DEMO_DOMAIN}", synthetic_name(0), password)
    appoint_secretariat(user)
    give_totp_device(user, demo_totp_secret())
    accounts.append(DemoAccount(user.email, "Secretariat", created))
    languages = {"MX": "es", "MA": "fr"}
    for index, code in enumerate(demo_data.FOCAL_POINT_COUNTRIES, start=1):
        state = Organization.objects.get(kind=Organization.Kind.GOVERNMENT, country=code)
        user, created = _account(
            f"focal.{code.lower()}@{DEMO_DOMAIN}",
            synthetic_name(index),
            password,
            languages.get(code, "en"),
        )
        if state.is_member_state:
            appoint_focal_point(user, member_state=state)
        accounts.append(DemoAccount(user.email, f"Focal point of {state.name}", created))
    user, created = _account(f"delegate@{DEMO_DOMAIN}", synthetic_name(9), password)
    accounts.append(DemoAccount(user.email, "Delegate", created))
    return accounts


def secretariat_account():
    return User.objects.get(email=f"secretariat@{DEMO_DOMAIN}")


@transaction.atomic
def load(password):
    year = load_idm_2009()
    load_organizations()
    return year, load_accounts(password)
