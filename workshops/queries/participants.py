"""The published list of participants of a workshop, grouped as IOM lists them."""

from django.utils.translation import gettext as _

from idm_portal.core.models import Organization
from workshops.models import Registration


def participant_groups(workshop):
    """The consenting participants grouped as IOM lists them: member states (by country
    name), observers, international organizations, NGOs, others; under each organization its
    people. [(heading, [(organization, [registration, ...]), ...]), ...], empty groups
    left out."""
    Participating = (Registration.Status.CONFIRMED, Registration.Status.ATTENDED)
    Kind = Organization.Kind
    registrations = (
        Registration.objects.filter(
            workshop=workshop, consents_to_list=True, status__in=Participating
        )
        .select_related("organization")
        .order_by("badge_name", "pk")
    )
    headings = {
        "member_states": _("Member States"),
        "observers": _("Observers"),
        "international_organizations": _("International organizations"),
        "ngos": _("Non-governmental organizations"),
        "others": _("Others"),
    }
    groups: dict[str, dict] = {key: {} for key in headings}
    for registration in registrations:
        organization = registration.organization
        if organization.kind == Kind.GOVERNMENT:
            if organization.iom_status == Organization.IomStatus.MEMBER_STATE:
                key = "member_states"
            elif organization.iom_status == Organization.IomStatus.OBSERVER_STATE:
                key = "observers"
            else:
                key = "others"
        elif organization.kind == Kind.INTERNATIONAL_ORGANIZATION:
            key = "international_organizations"
        elif organization.kind == Kind.NGO:
            key = "ngos"
        else:
            key = "others"
        groups[key].setdefault(organization, []).append(registration)

    def name_of(organization):
        # States in the order of their country's name, in the language of the list.
        if organization.kind == Kind.GOVERNMENT and organization.country:
            return str(organization.country.name).casefold()
        return organization.name.casefold()

    return [
        (headings[key], sorted(groups[key].items(), key=lambda item: name_of(item[0])))
        for key in headings
        if groups[key]
    ]
