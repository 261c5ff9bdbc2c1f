"""factory_boy factories: plain objects, nothing surprising."""

import datetime as dt

import factory
from allauth.account.models import EmailAddress

from idm_portal.core.models import FocalPoint, IdmYear, Organization, User
from idm_portal.core.services.accounts import appoint_secretariat
from workshops.models import Workshop

PASSWORD = "a-long-test-password-42"


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
