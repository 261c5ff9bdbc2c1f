"""Visa support letters: IOM's word to a consulate. A letter is issued only for a confirmed
registration, of a person whose organization the Secretariat has confirmed, with the passport
details the delegate entered, once the Secretariat has approved it. Passport details are
erased PASSPORT_RETENTION_DAYS after the workshop ends, with the letter's PDF."""

import datetime as dt
import logging

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from idm_portal.core import documents, roles
from workshops.models import PassportDetails, Registration

logger = logging.getLogger(__name__)

# The registrations whose confirmation and visa letter may be downloaded.
WITH_DOCUMENTS = (Registration.Status.CONFIRMED, Registration.Status.ATTENDED)
PASSPORT_FIELDS = ("name_in_passport", "nationality", "passport_number", "date_of_birth")

PENDING_REGISTRATION = gettext_lazy("Your registration is pending approval")
ORGANIZATION_NOT_CONFIRMED = gettext_lazy("The Secretariat has not yet confirmed your organization")
ENTER_PASSPORT = gettext_lazy("Enter your passport details")
AWAITING_APPROVAL = gettext_lazy("Waiting for the Secretariat's approval")


def letter_folder(registration_id):
    """Where the PDFs of a registration's visa letter are kept (erased with the passport)."""
    return f"visa-letters/{registration_id}"


def _passport(registration):
    try:
        return registration.passport_details
    except PassportDetails.DoesNotExist:
        return None


def missing_for_letter(registration, *, for_approval=False):
    """What stands between a registration that asked for a visa letter and the letter, in
    the words the delegate reads (empty: the letter may be downloaded). ``for_approval``
    leaves out the approval itself."""
    missing = []
    if registration.status not in WITH_DOCUMENTS:
        missing.append(PENDING_REGISTRATION)
    if not registration.organization.is_confirmed:
        missing.append(ORGANIZATION_NOT_CONFIRMED)
    passport = _passport(registration)
    if passport is None:
        missing.append(ENTER_PASSPORT)
    elif passport.approved_at is None and not for_approval:
        missing.append(AWAITING_APPROVAL)
    return missing


def may_enter_passport_details(registration):
    """A live registration that asked for a visa letter."""
    return registration.needs_visa_letter and registration.status not in Registration.ENDED


@transaction.atomic
def enter_passport_details(registration, *, actor, **details):
    """Save the passport details of ``registration`` (only its person may); a change takes
    back an approval given to the details as they were, and the letter is made again."""
    registration = Registration.objects.select_for_update().get(pk=registration.pk)
    if actor is None or registration.person_id != actor.pk:
        raise PermissionDenied(_("Only the registrant enters their passport details."))
    if not may_enter_passport_details(registration):
        raise ValidationError(_("This registration takes no passport details."))
    fields = {name: details[name] for name in PASSPORT_FIELDS}
    passport = _passport(registration)
    if passport is None:
        passport = PassportDetails(registration=registration, **fields)
    else:
        changed = any(getattr(passport, name) != value for name, value in fields.items())
        if not changed:
            return passport
        for name, value in fields.items():
            setattr(passport, name, value)
        passport.entered_at = timezone.now()
        passport.approved_at = passport.approved_by = None
    passport.full_clean()
    passport.save()
    return passport


@transaction.atomic
def approve_visa_letters(registration_ids, *, actor):
    """Approve the visa letters of the given registrations that meet every condition
    (confirmed registration, confirmed organization, passport details); the others are left
    as they are. Returns (approved, skipped) counts; an approved letter stays approved."""
    if not roles.can_approve_visa_letters(actor):
        raise PermissionDenied(_("Only the Secretariat approves visa support letters."))
    passports = (
        PassportDetails.objects.select_for_update(of=("self",))
        .select_related("registration__organization")
        .filter(registration_id__in=registration_ids, registration__needs_visa_letter=True)
        .order_by("pk")
    )
    now = timezone.now()
    approved = already = 0
    for passport in passports:
        if passport.approved_at is not None:
            already += 1
        elif not missing_for_letter(passport.registration, for_approval=True):
            passport.approved_at, passport.approved_by = now, actor
            passport.save(update_fields=["approved_at", "approved_by"])
            approved += 1
    # The rest: no passport details, or a condition not met.
    return approved, len(set(registration_ids)) - approved - already


def erase_expired_passport_details(*, today=None):
    """Delete the passport details (and their visa letters' PDFs) of workshops that ended
    more than PASSPORT_RETENTION_DAYS ago. Returns how many were erased."""
    today = today or timezone.localdate()
    last_end = today - dt.timedelta(days=settings.PASSPORT_RETENTION_DAYS)
    erased = 0
    expired = PassportDetails.objects.filter(registration__workshop__end_date__lt=last_end)
    for registration_id in list(expired.values_list("registration_id", flat=True)):
        with transaction.atomic():
            PassportDetails.objects.filter(registration_id=registration_id).delete()
            documents.forget(letter_folder(registration_id))
        erased += 1
    if erased:
        logger.info("Erased the passport details of %d registrations.", erased)
    return erased
