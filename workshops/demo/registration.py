"""The attended registrations of the demo's first workshop, spread over the organizations
of the demo world so that its statistics read as the seed does."""

import datetime as dt

from django.db import transaction

from idm_portal.core.demo import synthetic_name

PARTICIPANTS_2009 = 214  # "more than 200 participants" (IC/2009/5, paragraph 2)
PARTICIPANT_POSITIONS = (
    "Counsellor, Permanent Mission",
    "First Secretary, Permanent Mission",
    "Director, Migration Department",
    "Migration Policy Officer",
    "Programme Manager",
    "Researcher",
)


def _participant_organizations():
    """The demo world's organizations behind the seed's figures (and no others that the
    database may hold), governments first."""
    # Imported here: this part is appended to the module and leaves its imports as they were.
    from idm_portal.core import demo_data
    from idm_portal.core.models import Organization

    governments = list(
        Organization.objects.filter(
            kind=Organization.Kind.GOVERNMENT,
            country__in=[code for code, _status in demo_data.GOVERNMENTS],
        ).order_by("name")
    )
    names = [
        name
        for rows in (
            demo_data.INTERNATIONAL_ORGANIZATIONS,
            demo_data.NON_GOVERNMENTAL_ORGANIZATIONS,
            demo_data.PRIVATE_SECTOR,
            demo_data.ACADEMIA,
            demo_data.MEDIA,
        )
        for name, _acronym in rows
    ]
    others = list(Organization.objects.filter(name__in=names).order_by("kind", "name"))
    return governments + others


@transaction.atomic
def load_registrations(workshop, *, count=PARTICIPANTS_2009):
    """``count`` attended registrations of synthetic people for ``workshop`` (workshop 1 of
    2009), spread over every organization of the demo world, so that its statistics read as
    the seed does. Adds nothing when the workshop has registrations already."""
    from idm_portal.core.demo import DEMO_DOMAIN
    from idm_portal.core.models import User
    from workshops.models import Registration

    if workshop.registrations.exists():
        return 0
    organizations = _participant_organizations()
    emails = [f"participant.{number:03d}@{DEMO_DOMAIN}" for number in range(1, count + 1)]
    existing = {user.email: user for user in User.objects.filter(email__in=emails)}
    new_users = []
    for index, email in enumerate(emails):
        if email not in existing:
            user = User(email=email, name=synthetic_name(100 + index))
            user.set_unusable_password()  # demo participants never sign in
            new_users.append(user)
    User.objects.bulk_create(new_users)
    users = {user.email: user for user in User.objects.filter(email__in=emails)}
    zone = workshop.zone
    registrations = []
    for index, email in enumerate(emails):
        # Round robin: every organization has at least one participant, governments two.
        organization = organizations[index % len(organizations)]
        user = users[email]
        registered = dt.datetime(2009, 3, 1 + index % 20, 9 + index % 8, index % 60, tzinfo=zone)
        checked_in = dt.datetime.combine(
            workshop.start_date, dt.time(8, 30 + index % 30), tzinfo=zone
        )
        registrations.append(
            Registration(
                workshop=workshop,
                person=user,
                organization=organization,
                category=organization.kind,
                badge_name=user.name,
                title=("Ms", "Mr", "Dr")[index % 3],
                position=PARTICIPANT_POSITIONS[index % len(PARTICIPANT_POSITIONS)],
                email=email,
                consents_to_list=index % 10 != 0,
                status=Registration.Status.ATTENDED,
                created_at=registered,
                confirmed_at=registered,
                attended_at=checked_in,
            )
        )
    # Demo data of a workshop held in 2009: the rows are made directly, bypassing the
    # register and check_in services (no seats to guard, no e-mails to send).
    Registration.objects.bulk_create(registrations)
    return len(registrations)
