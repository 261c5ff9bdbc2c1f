"""load_demo: the IDM 2009 world of IC/2009/5, loaded idempotently on PostgreSQL."""

from io import StringIO

import pytest
from allauth.account.models import EmailAddress
from django.apps import apps
from django.core.management import CommandError, call_command
from django.urls import reverse

from consultations.models import Meeting
from idm_portal.core import roles
from idm_portal.core.models import FocalPoint, IdmYear, Organization, User
from tests.factories import totp_code
from workshops.models import Workshop

pytestmark = pytest.mark.django_db

PORTAL_APPS = ("core", "workshops", "consultations", "account", "auth")


def load_demo(*args):
    out = StringIO()
    call_command("load_demo", *args, stdout=out)
    return out.getvalue()


def counts():
    return {
        model._meta.label: model.objects.count()
        for model in apps.get_models()
        if model._meta.app_label in PORTAL_APPS
    }


DEMO_TOTP_SECRET = "KRSXG5CTMVRXEZLUKRSXG5CTMVRXEZLU"


@pytest.fixture(autouse=True)
def _debug_on_and_known_password(settings):
    settings.DEBUG = True
    settings.DEMO_PASSWORD = "demo-password-for-tests"
    settings.DEMO_TOTP_SECRET = DEMO_TOTP_SECRET


def test_load_demo_twice_changes_nothing():
    load_demo()
    first = counts()
    load_demo()
    assert counts() == first
    assert first["core.IdmYear"] == 1
    assert first["workshops.Workshop"] == 2


def test_load_demo_gives_the_seeds_figures():
    load_demo()
    by_kind = Organization.objects.values_list("kind", flat=True)
    assert list(by_kind).count(Organization.Kind.GOVERNMENT) == 71
    assert list(by_kind).count(Organization.Kind.INTERNATIONAL_ORGANIZATION) == 22
    assert list(by_kind).count(Organization.Kind.NGO) == 8
    for kind in ("private_sector", "academia", "media"):
        assert kind in by_kind
    year = IdmYear.objects.get(year=2009)
    assert year.overarching_theme == (
        "Human Rights and Migration: Working Together for Safe, Dignified and Secure Migration"
    )
    first, second = Workshop.objects.filter(idm_year=year).order_by("ordinal")
    assert first.title == (
        "Effective Respect for the Human Rights of Migrants: A Shared Responsibility"
    )
    assert (str(first.start_date), str(first.end_date), first.city, first.status) == (
        "2009-03-25",
        "2009-03-26",
        "Geneva",
        "held",
    )
    assert second.title == (
        "Trafficking and Exploitation of Migrants: Ensuring Protection of Human Rights"
    )
    assert second.get_status_display() == "Subject to the availability of funding"
    meeting = Meeting.objects.get()
    assert (meeting.title, str(meeting.date)) == (
        "Informal Consultations on International Dialogue on Migration",
        "2009-04-28",
    )


def test_load_demo_prints_working_demo_accounts(client):
    out = load_demo()
    assert "secretariat@idm.example" in out
    assert "delegate@idm.example" in out
    assert "demo-password-for-tests" in out
    secretariat = User.objects.get(email="secretariat@idm.example")
    assert roles.is_secretariat(secretariat)
    assert secretariat.check_password("demo-password-for-tests")
    focal = User.objects.get(email="focal.ch@idm.example")
    assert [state.name for state in roles.member_states_of(focal)] == ["Switzerland"]
    accounts = User.objects.exclude(email__startswith="participant.")
    assert EmailAddress.objects.filter(verified=True, user__in=accounts).count() == 6
    # The 214 synthetic participants of workshop 1 cannot sign in.
    participants = User.objects.filter(email__startswith="participant.")
    assert participants.count() == 214
    assert not any(person.has_usable_password() for person in participants)
    assert client.login(email="delegate@idm.example", password="demo-password-for-tests")


def test_load_demo_adds_only_what_is_missing_and_deletes_nothing():
    switzerland = Organization.objects.create(
        name="Swiss Confederation",
        kind=Organization.Kind.GOVERNMENT,
        country="CH",
        iom_status=Organization.IomStatus.MEMBER_STATE,
    )
    year = IdmYear.objects.create(year=2009, overarching_theme="Edited by the Secretariat")
    other = Organization.objects.create(name="Local Migrant Association", kind="ngo")
    load_demo()
    assert Organization.objects.filter(country="CH", kind="government").get() == switzerland
    year.refresh_from_db()
    assert year.overarching_theme == "Edited by the Secretariat"
    assert Organization.objects.filter(pk=other.pk).exists()
    assert FocalPoint.objects.filter(member_state=switzerland).exists()


def test_load_demo_refuses_with_debug_off_unless_forced(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="Run it with --force"):
        load_demo()
    assert not IdmYear.objects.exists()
    load_demo("--force")
    assert IdmYear.objects.exists()


def test_load_demo_scale_adds_synthetic_workshops_once():
    load_demo("--scale", "5")
    load_demo("--scale", "5")
    assert Workshop.objects.filter(slug__startswith="synthetic-workshop-").count() == 5


def test_load_demo_gives_workshop_1_a_published_agenda_and_workshop_2_a_draft():
    load_demo()
    first, second = Workshop.objects.order_by("ordinal")
    release = first.releases.get()
    assert release.number == 1
    assert release.published_at.date().isoformat() == "2009-03-20"
    assert len(release.sessions) == first.sessions.count() == 12
    titles = [item["title"] for item in release.sessions]
    assert titles[0] == "Opening and welcome remarks"
    assert titles[-1] == "Summary by the rapporteur and closing remarks"
    panel = next(item for item in release.sessions if item["kind"] == "panel")
    assert [s["role"] for s in panel["speakers"]][:2] == ["moderator", "panellist"]
    assert second.sessions.exists()
    assert not second.releases.exists()
    load_demo()
    assert first.releases.count() == 1
    assert first.sessions.count() == 12


def test_load_demo_workshop_1_produces_the_seeds_sentence():
    from workshops.statistics import attendance_statistics

    load_demo()
    load_demo()
    first = Workshop.objects.get(ordinal=1)
    assert first.registrations.count() == 214
    sentence = attendance_statistics(first).sentences["en"]
    assert sentence == (
        "It was attended by more than 200 participants representing 71 governments, "
        "22 international organizations, 8 non-governmental organizations, the private "
        "sector, academia and the media."
    )


def test_load_demo_opens_registration_for_workshop_2(client):
    load_demo()
    second = Workshop.objects.get(ordinal=2)
    assert (second.capacity, second.quota_per_delegation) == (120, 3)
    client.login(email="delegate@idm.example", password="demo-password-for-tests")
    page = client.get(second.get_absolute_url()).content.decode()
    assert "Register for this workshop" in page


def test_the_demo_secretariat_signs_in_with_the_printed_totp_code(client):
    """Accounts: MFA is required of the Secretariat; the demo account has a TOTP device
    whose secret load_demo prints, and demo_totp prints its current code."""
    out = load_demo()
    assert f"TOTP secret, for an authenticator app: {DEMO_TOTP_SECRET}" in out
    assert "python manage.py demo_totp" in out
    printed = StringIO()
    call_command("demo_totp", stdout=printed, stderr=StringIO())
    code = printed.getvalue().strip()
    assert code == totp_code(DEMO_TOTP_SECRET)
    response = client.post(
        reverse("account_login"),
        {"login": "secretariat@idm.example", "password": "demo-password-for-tests"},
    )
    assert response["Location"] == reverse("mfa_authenticate")
    client.post(reverse("mfa_authenticate"), {"code": code})
    outbox = client.get(reverse("core:outbox"))
    assert outbox.status_code == 200
    assert "E-mail outbox" in outbox.content.decode()
