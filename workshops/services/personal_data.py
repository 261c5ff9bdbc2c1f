"""A person's data in workshops: their registrations, the invitations sent to their
addresses and the suggestions they made; what an export shows of it and what closing their
account anonymises. Registered with the ground floor's personal-data service in
``WorkshopsConfig.ready``."""

import secrets

from idm_portal.core import documents
from workshops.models import CalendarFeed, Invitation, PassportDetails, Registration, Suggestion
from workshops.services import visa_letters

ANONYMISED_BADGE = "Anonymised participant"


def _iso(moment):
    return moment.isoformat() if moment else None


def _invitations(addresses):
    return Invitation.objects.filter(email__in=[address.lower() for address in addresses])


def export(user, addresses):
    """The workshops' part of a person's data, as JSON-ready values."""
    registrations = (
        Registration.objects.filter(person=user)
        .select_related("workshop", "organization")
        .order_by("created_at", "pk")
    )
    invitations = _invitations(addresses).select_related("workshop").order_by("created_at", "pk")
    suggestions = (
        Suggestion.objects.filter(suggested_by=user)
        .select_related("workshop", "member_state")
        .order_by("created_at", "pk")
    )
    return {
        "registrations": [
            {
                "workshop": registration.workshop.title,
                "workshop_dates": [
                    registration.workshop.start_date.isoformat(),
                    registration.workshop.end_date.isoformat(),
                ],
                "organization": registration.organization.name,
                "category": registration.category,
                "badge_name": registration.badge_name,
                "title": registration.title,
                "position": registration.position,
                "email": registration.email,
                "special_requirements": registration.special_requirements,
                "needs_visa_letter": registration.needs_visa_letter,
                "consents_to_list": registration.consents_to_list,
                "status": registration.status,
                "registered_at": _iso(registration.created_at),
                "confirmed_at": _iso(registration.confirmed_at),
                "cancelled_at": _iso(registration.cancelled_at),
                "checked_in_at": _iso(registration.attended_at),
                "decline_reason": registration.decline_reason,
            }
            for registration in registrations
        ],
        "invitations": [
            {
                "workshop": invitation.workshop.title,
                "name": invitation.name,
                "email": invitation.email,
                "organization": invitation.organization_name,
                "language": invitation.language,
                "invited_at": _iso(invitation.created_at),
                "answer": invitation.answer,
                "answered_at": _iso(invitation.answered_at),
                "decline_reason": invitation.decline_reason,
            }
            for invitation in invitations
        ],
        "workshop_suggestions": [
            {
                "workshop": suggestion.workshop.title,
                "member_state": suggestion.member_state.name,
                "kind": suggestion.kind,
                "title": suggestion.title,
                "description": suggestion.description,
                "status": suggestion.status,
                "submitted_at": _iso(suggestion.created_at),
            }
            for suggestion in suggestions
        ],
    }


def anonymise(user, addresses, *, placeholder):
    """Anonymise a closing account's registrations (badge name, title, position, e-mail,
    special requirements, visa and listing flags, reasons; passport details and visa letters
    are erased) and the invitations sent to its
    addresses (name, address, reason). Statuses and counts stay, so the statistics of past
    workshops do not change; suggestions stay the member state's. Called inside
    ``close_account``'s transaction. Returns the number of rows changed, by kind."""
    # Passport details and visa letters go at once, not PASSPORT_RETENTION_DAYS later.
    passports = PassportDetails.objects.filter(registration__person=user)
    for registration_id in list(passports.values_list("registration_id", flat=True)):
        documents.forget(visa_letters.letter_folder(registration_id))
    passports.delete()
    # Delegations: the certificates of attendance (they bear the name) and the calendar feed.
    for registration_id in Registration.objects.filter(person=user).values_list("pk", flat=True):
        documents.forget(f"certificates/{registration_id}")
    CalendarFeed.objects.filter(person=user).delete()
    registrations = Registration.objects.filter(person=user).update(
        badge_name=ANONYMISED_BADGE,
        title="",
        position="",
        email=placeholder,
        special_requirements="",
        needs_visa_letter=False,
        consents_to_list=False,
        decline_reason="",
    )
    invitations = 0
    for invitation in _invitations(addresses).only("pk"):
        # One invitation per address and workshop: each gets an address of its own.
        invitations += Invitation.objects.filter(pk=invitation.pk).update(
            name="",
            email=f"closed-{secrets.token_hex(8)}@closed.invalid",
            decline_reason="",
        )
    return {"registrations": registrations, "invitations": invitations}
