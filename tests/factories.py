"""factory_boy factories: plain objects, nothing surprising."""

import datetime as dt

import factory
from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP, format_hotp_value, hotp_value
from django.utils import timezone

from idm_portal.core.models import FocalPoint, IdmYear, Organization, User
from idm_portal.core.services.accounts import appoint_secretariat
from workshops.models import Workshop

PASSWORD = "a-long-test-password-42"
# The TOTP secret of every Secretariat member the factory makes (MFA is required of them).
TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"


def totp_code(secret=TOTP_SECRET, *, at=None):
    """The code an authenticator app shows now (or at the Unix time ``at``)."""
    import time

    from allauth.mfa import app_settings

    moment = time.time() if at is None else at
    return format_hotp_value(hotp_value(secret, int(moment) // app_settings.TOTP_PERIOD))


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@example.org")
    name = factory.Sequence(lambda n: f"Test Person {n}")
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def verified(user, create, extracted, **kwargs):
        """A verified primary e-mail address, as allauth leaves it; verified=False skips."""
        user.save()
        if create and extracted is not False:
            EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)


class SecretariatFactory(UserFactory):
    @factory.post_generation
    def secretariat(user, create, extracted, **kwargs):
        if create:
            appoint_secretariat(user)

    @factory.post_generation
    def totp(user, create, extracted, **kwargs):
        """A TOTP device with TOTP_SECRET, as MFA set-up leaves it; totp=False skips."""
        if create and extracted is not False:
            TOTP.activate(user, TOTP_SECRET)


def with_mfa(user):
    """Give ``user`` the factory's TOTP device (a Secretariat member made otherwise)."""
    if not Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists():
        TOTP.activate(user, TOTP_SECRET)
    return user


class OrganizationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organization

    name = factory.Sequence(lambda n: f"Organization {n}")
    kind = Organization.Kind.NGO


class MemberStateFactory(OrganizationFactory):
    name = factory.Iterator(["Switzerland", "Philippines", "Mexico", "Morocco", "Senegal"])
    country = factory.Iterator(["CH", "PH", "MX", "MA", "SN"])
    kind = Organization.Kind.GOVERNMENT
    iom_status = Organization.IomStatus.MEMBER_STATE

    class Meta:
        model = Organization
        django_get_or_create = ["country"]


class FocalPointFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = FocalPoint

    user = factory.SubFactory(UserFactory)
    member_state = factory.SubFactory(MemberStateFactory)


class IdmYearFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = IdmYear
        django_get_or_create = ["year"]

    year = 2009
    overarching_theme = (
        "Human Rights and Migration: Working Together for Safe, Dignified and Secure Migration"
    )
    status = IdmYear.Status.CURRENT


class WorkshopFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Workshop

    idm_year = factory.SubFactory(IdmYearFactory)
    ordinal = factory.Sequence(lambda n: n + 1)
    title = factory.Sequence(lambda n: f"Workshop {n + 1}")
    slug = factory.Sequence(lambda n: f"workshop-{n + 1}")
    start_date = dt.date(2009, 3, 25)
    end_date = dt.date(2009, 3, 26)
    city = "Geneva"
    venue = "Palais des Nations"
    status = Workshop.Status.CONFIRMED
    is_published = True


class SpeakerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "workshops.Speaker"

    title = "Ms"
    name = factory.Sequence(lambda n: f"Speaker Person {n + 1}")
    position = "Director"
    organization = factory.Sequence(lambda n: f"Organization of speaker {n + 1}")


class SessionFactory(factory.django.DjangoModelFactory):
    """A panel on the workshop's first day, 10:00–11:00 unless told otherwise."""

    class Meta:
        model = "workshops.Session"

    workshop = factory.SubFactory(WorkshopFactory)
    date = factory.LazyAttribute(lambda session: session.workshop.start_date)
    start_time = dt.time(10, 0)
    end_time = dt.time(11, 0)
    title = factory.Sequence(lambda n: f"Session {n + 1}")
    kind = "panel"
    room = "Room XVII"
    order = factory.Sequence(lambda n: n + 1)


class SessionSpeakerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "workshops.SessionSpeaker"

    session = factory.SubFactory(SessionFactory)
    speaker = factory.SubFactory(SpeakerFactory)
    role = "panellist"
    order = factory.Sequence(lambda n: n + 1)


# --- Suggestions of case studies and speakers for a workshop (issue 6) ---


class SuggestionFactory(factory.django.DjangoModelFactory):
    """A submitted speaker suggestion of Switzerland (a row, as the service would leave it,
    without its "submitted" event)."""

    class Meta:
        model = "workshops.Suggestion"

    workshop = factory.SubFactory(WorkshopFactory)
    member_state = factory.SubFactory(MemberStateFactory, country="CH", name="Switzerland")
    kind = "speaker"
    title = factory.Sequence(lambda n: f"Suggestion {n + 1}")
    description = "Why this fits the workshop."
    description_html = "<p>Why this fits the workshop.</p>"
    speaker_name = factory.Sequence(lambda n: f"Suggested Speaker {n + 1}")
    speaker_position = "Director"
    speaker_organization = "Federal Office for Migration"
    speaker_email = "speaker@example.org"
    speaker_phone = "+41 31 325 11 11"


# --- Theme consultations: proposals, voting rounds (issue 6) ---


class ThemeProposalFactory(factory.django.DjangoModelFactory):
    """A theme proposal of the Administration for IDM 2010, open for vote."""

    class Meta:
        model = "consultations.ThemeProposal"

    target_year = 2010
    title = factory.Sequence(lambda n: f"Theme {n + 1}")
    summary = "A short summary."
    rationale = "Why this theme matters."
    status = "open"
    order = factory.Sequence(lambda n: n + 1)


class VotingRoundFactory(factory.django.DjangoModelFactory):
    """A named single-choice round for IDM 2010, open from an hour ago for a week; pass
    ``proposals=[...]`` (else two new proposals go on it)."""

    class Meta:
        model = "consultations.VotingRound"
        skip_postgeneration_save = True

    target_year = 2010
    title = factory.Sequence(lambda n: f"Voting round {n + 1}")
    opens_at = factory.LazyFunction(lambda: timezone.now() - dt.timedelta(hours=1))
    closes_at = factory.LazyFunction(lambda: timezone.now() + dt.timedelta(days=7))
    method = "single"
    secrecy = "named"
    quorum_percent = 50
    allow_abstain = True

    @factory.post_generation
    def proposals(voting_round, create, extracted, **kwargs):
        if not create:
            return
        if extracted is None:
            extracted = ThemeProposalFactory.create_batch(2)
        voting_round.proposals.set(extracted)


# Invitations (issue 5)
class InvitationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "workshops.Invitation"

    workshop = factory.SubFactory(WorkshopFactory)
    name = factory.Sequence(lambda n: f"Invitee {n + 1}")
    email = factory.Sequence(lambda n: f"invitee{n + 1}@example.org")
    language = "en"


# --- Discussion notes (issue 7) ---


class MeetingFactory(factory.django.DjangoModelFactory):
    """The informal consultations of 28 April 2009."""

    class Meta:
        model = "consultations.Meeting"
        django_get_or_create = ["title", "date"]

    idm_year = factory.SubFactory(IdmYearFactory)
    title = "Informal Consultations on International Dialogue on Migration"
    date = dt.date(2009, 4, 28)
    place = "Geneva"


class DiscussionNoteFactory(factory.django.DjangoModelFactory):
    """A short published note in English (no worker involved: made directly)."""

    class Meta:
        model = "consultations.DiscussionNote"

    symbol = factory.Sequence(lambda n: f"IC/2009/{n + 10}")
    slug = factory.LazyAttribute(lambda note: note.symbol.lower().replace("/", "-"))
    language = "en"
    original_language = "en"
    meeting = factory.SubFactory(MeetingFactory)
    meeting_heading = "INFORMAL CONSULTATIONS ON INTERNATIONAL DIALOGUE ON MIGRATION"
    place = "Geneva"
    issue_date = dt.date(2009, 4, 17)
    meeting_date = dt.date(2009, 4, 28)
    title = "INTERNATIONAL DIALOGUE ON MIGRATION 2009"
    subtitle = "Human Rights and Migration"
    body = "First paragraph.\n\n## A heading\n\nSecond paragraph.[^1]\n\n[^1]: A footnote.\n"
    status = "published"
