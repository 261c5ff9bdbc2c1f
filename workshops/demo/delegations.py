"""Government delegations registered by their focal points, for the demo."""

from django.utils import timezone

from idm_portal.core.demo import synthetic_name

DEMO_DELEGATION = (
    # (title, position, head of delegation)
    ("H.E.", "Ambassador, Permanent Representative", True),
    ("Ms", "Counsellor, Permanent Mission", False),
)


def load_delegations(workshop):
    """A delegation of two (its head and a member) for the member state of each demo focal
    point at ``workshop`` (workshop 2 of 2009), registered on the focal point's behalf: one
    place of the quota of 3 is left to try the form. Adds a member state's delegation only
    when it has none. Made directly, as demo data: no e-mail is sent."""
    from idm_portal.core import demo_data
    from idm_portal.core.demo import DEMO_DOMAIN
    from idm_portal.core.models import User
    from workshops.models import Registration

    made = 0
    for offset, code in enumerate(demo_data.FOCAL_POINT_COUNTRIES):
        focal = User.objects.filter(email=f"focal.{code.lower()}@{DEMO_DOMAIN}").first()
        link = focal.focal_points.select_related("member_state").first() if focal else None
        if link is None:
            continue
        state = link.member_state
        if workshop.registrations.filter(organization=state).exists():
            continue
        for number, (title, position, head) in enumerate(DEMO_DELEGATION, start=1):
            email = f"delegation.{code.lower()}.{number}@{DEMO_DOMAIN}"
            person = User.objects.filter(email=email).first()
            if person is None:
                person = User(email=email, name=synthetic_name(400 + offset * 10 + number))
                person.set_unusable_password()  # demo delegates never sign in
                person.save()
            now = timezone.now()
            Registration.objects.create(
                workshop=workshop,
                person=person,
                organization=state,
                category=state.kind,
                badge_name=person.name,
                title=title,
                position=position,
                email=email,
                status=Registration.Status.CONFIRMED,
                confirmed_at=now,
                registered_by=focal,
                is_head_of_delegation=head,
            )
            made += 1
    return made
