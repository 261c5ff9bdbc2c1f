"""Delegations at a workshop: a member state's focal point registers people on behalf of
its delegation (each through ``register``, under the workshop's lock: the same rules, the
same e-mails), within the delegation's quota and the quota of governments; names its head;
changes and replaces people. A person without an account gets one (unverified) and an
e-mail with a link to set their password; a person with an account keeps it.

The quota is counted under the workshop's row lock, so two focal points of one member state
registering at the same moment never pass it."""

import logging
from functools import partial

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Prefetch
from django.utils import timezone
from django.utils.translation import gettext as _

from idm_portal.core import roles
from idm_portal.core.models import Organization, User
from idm_portal.core.queue import enqueue_on_commit
from workshops.models import CategoryQuota, Registration

# The registration service's own lock and promotion: a delegation's changes take and free
# seats under the same rules.
from workshops.services.registration import (
    _lock_workshop,
    _promote_next,
    live_registration,
    register,
)
from workshops.services.waiting_list import notify, tell_systems_changed

logger = logging.getLogger(__name__)

GOVERNMENT = Organization.Kind.GOVERNMENT
# What a focal point may change on a delegate's registration.
DELEGATE_FIELDS = ("badge_name", "title", "position", "needs_visa_letter")


def _may_act_for(actor, member_state):
    if not roles.can_register_delegation_for(actor, member_state):
        raise PermissionDenied(_("You do not act for this member state."))


def delegation(workshop, member_state):
    """The live registrations of a member state's delegation, head first."""
    return (
        Registration.objects.filter(
            workshop=workshop, organization=member_state, category=GOVERNMENT
        )
        .exclude(status__in=Registration.ENDED)
        .select_related("person", "registered_by")
        .order_by("-is_head_of_delegation", "badge_name", "pk")
    )


def room_left(workshop, member_state):
    """How many more people the delegation may register (None: no quota)."""
    if workshop.quota_per_delegation is None:
        return None
    return max(0, workshop.quota_per_delegation - delegation(workshop, member_state).count())


def _check_quotas(workshop, member_state):
    """Refuse, naming the quota, when the delegation (or the governments' category) is
    full. Called under the workshop's lock."""
    quota = workshop.quota_per_delegation
    if quota is not None and delegation(workshop, member_state).count() >= quota:
        raise ValidationError(
            _(
                "The delegation of %(state)s has reached its quota of %(quota)d people "
                "for this workshop."
            )
            % {"state": member_state.name, "quota": quota}
        )
    category = CategoryQuota.objects.filter(workshop=workshop, category=GOVERNMENT).first()
    if category is not None:
        taken = (
            Registration.objects.filter(workshop=workshop, category=GOVERNMENT)
            .exclude(status__in=Registration.ENDED)
            .count()
        )
        if taken >= category.limit:
            raise ValidationError(
                _("The quota of %(quota)d government participants for this workshop is reached.")
                % {"quota": category.limit}
            )


def _person(email, *, name, language):
    """The account with this address, or a new unverified one (no usable password) and
    True."""
    from allauth.account.models import EmailAddress

    email = email.strip()
    existing = User.objects.filter(email__iexact=email).first()
    if existing is not None:
        return existing, False
    person = User(email=email.lower(), name=name, preferred_language=language)
    person.set_unusable_password()
    person.save()
    EmailAddress.objects.create(user=person, email=person.email, verified=False, primary=True)
    return person, True


def _make_head(registration):
    """The head of a delegation is one person: the previous head becomes a member."""
    Registration.objects.filter(
        workshop_id=registration.workshop_id,
        organization_id=registration.organization_id,
        is_head_of_delegation=True,
    ).exclude(pk=registration.pk).update(is_head_of_delegation=False)
    Registration.objects.filter(pk=registration.pk).update(is_head_of_delegation=True)


def register_delegate(
    workshop,
    *,
    member_state,
    actor,
    name,
    email,
    title="",
    position="",
    head=False,
    needs_visa_letter=False,
    language="en",
):
    """Register one person for ``member_state``'s delegation at ``workshop`` on the focal
    point's (``actor``) behalf, in one transaction under the workshop's lock: refused
    (ValidationError naming the quota) when the delegation or the governments are at their
    quota, or when the person is already registered. Creates the person's account when
    there is none (an e-mail to set the password is queued on commit); the person gets the
    registration's own e-mail. Records ``registered_by``; ``head`` makes them the head of
    the delegation. Returns the registration."""
    _may_act_for(actor, member_state)
    with transaction.atomic():
        locked = _lock_workshop(workshop)
        person, created = _person(email, name=name, language=language)
        existing = live_registration(locked, person)
        if existing is not None:
            raise ValidationError(
                _("%(name)s is already registered for this workshop (%(organization)s).")
                % {"name": existing.badge_name, "organization": existing.organization.name}
            )
        _check_quotas(locked, member_state)
        registration, _made = register(
            locked,
            person=person,
            organization=member_state,
            category=GOVERNMENT,
            badge_name=name,
            title=title,
            position=position,
            email=person.email,
            needs_visa_letter=needs_visa_letter,
        )
        Registration.objects.filter(pk=registration.pk).update(registered_by=actor)
        registration.registered_by = actor
        if head:
            _make_head(registration)
            registration.is_head_of_delegation = True
        if created:
            # With the broker down, the mail is rendered in the request.
            enqueue_on_commit(
                "workshops.send_delegate_account_invitation",
                args=[registration.pk],
                fallback=partial(send_account_invitation, registration.pk),
            )
    return registration


def _delegate_registration(registration, actor):
    """The registration, locked, when it is a live one of a delegation ``actor`` acts for."""
    registration = (
        Registration.objects.select_for_update(of=("self",))
        .select_related("organization")
        .get(pk=registration.pk)
    )
    if registration.category != GOVERNMENT:
        raise PermissionDenied
    _may_act_for(actor, registration.organization)
    if registration.status in Registration.ENDED:
        raise ValidationError(_("This registration is over and can no longer be changed."))
    return registration


def change_delegate(registration, *, actor, head=None, **changes):
    """Change a delegate's name on the badge, title, position or visa letter, or make them
    the head of the delegation (the focal point of its member state). Returns the
    registration."""
    unknown = set(changes) - set(DELEGATE_FIELDS)
    if unknown:
        raise ValueError(f"Not changeable by a focal point: {sorted(unknown)}")
    with transaction.atomic():
        registration = _delegate_registration(registration, actor)
        for field, value in changes.items():
            setattr(registration, field, value)
        registration.full_clean(exclude=["workshop", "person", "organization"])
        registration.save(update_fields=[*changes, "updated_at"])
        if head:
            _make_head(registration)
            registration.is_head_of_delegation = True
    return registration


def withdraw_delegate(registration, *, actor):
    """Cancel a delegate's registration (the focal point of its member state); the seat
    goes to the waiting list, as any cancellation's. Returns the registration."""
    with transaction.atomic():
        workshop = _lock_workshop(registration.workshop)
        registration = _delegate_registration(registration, actor)
        if registration.status == Registration.Status.ATTENDED:
            raise ValidationError(_("An attended registration cannot be cancelled."))
        _end(registration)
        _promote_next(workshop, registration.cancelled_at)
    return registration


def _end(registration):
    registration.status = Registration.Status.CANCELLED
    registration.cancelled_at = timezone.now()
    registration.is_head_of_delegation = False
    registration.save(
        update_fields=["status", "cancelled_at", "is_head_of_delegation", "updated_at"]
    )
    notify(registration, "cancelled")
    tell_systems_changed([registration])


def replace_delegate(registration, *, actor, name, email, title="", position="", language="en"):
    """Replace a delegate by another person in one transaction: the old registration is
    cancelled and its seat passes to the new person (not to the waiting list); a head's
    replacement is the head. Returns the new registration."""
    with transaction.atomic():
        workshop = _lock_workshop(registration.workshop)
        old = _delegate_registration(registration, actor)
        if old.status == Registration.Status.ATTENDED:
            raise ValidationError(_("An attended registration cannot be replaced."))
        was_head = old.is_head_of_delegation
        _end(old)
        return register_delegate(
            workshop,
            member_state=old.organization,
            actor=actor,
            name=name,
            email=email,
            title=title,
            position=position,
            head=was_head,
            needs_visa_letter=old.needs_visa_letter,
            language=language,
        )


# --- The person's account invitation ---


def send_account_invitation(registration_id):
    """Queue the e-mail that tells a person registered by their focal point that an account
    was made for them, with a link to set its password (allauth's password-reset key, made
    now: nothing readable is stored). Returns the OutgoingMail, or None when the
    registration is gone or the person has set a password already."""
    from allauth.account.forms import default_token_generator
    from allauth.account.utils import user_pk_to_url_str
    from django.urls import reverse
    from django.utils import translation

    from idm_portal.core.links import absolute_url
    from idm_portal.core.services.outbox import queue_mail

    registration = (
        Registration.objects.select_related("person", "workshop", "organization", "registered_by")
        .filter(pk=registration_id)
        .first()
    )
    if registration is None or registration.person.has_usable_password():
        return None
    person = registration.person
    with translation.override(person.preferred_language):
        link = absolute_url(
            reverse(
                "account_reset_password_from_key",
                kwargs={
                    "uidb36": user_pk_to_url_str(person),
                    "key": default_token_generator.make_token(person),
                },
            )
        )
    return queue_mail(
        to=person.email,
        template="workshops/delegations/email/account",
        language=person.preferred_language,
        context={
            "registration": registration,
            "workshop": registration.workshop,
            "focal_point": registration.registered_by,
            "set_password_url": link,
        },
    )


def verify_on_first_password(sender, *, user, **kwargs):
    """allauth's ``password_reset`` signal: a person whose account a focal point made (one
    address, unverified) has just set a password from the link mailed to that address, which
    proves it: the address is marked verified, so the person is a delegate and sees "My
    registrations"."""
    from allauth.account.models import EmailAddress

    addresses = list(EmailAddress.objects.filter(user=user))
    if len(addresses) != 1 or addresses[0].verified:
        return
    made_by_focal_point = Registration.objects.filter(
        person=user, registered_by__isnull=False
    ).exists()
    if made_by_focal_point:
        EmailAddress.objects.filter(pk=addresses[0].pk).update(verified=True)


# --- The Secretariat's overview ---


def delegations_overview(workshop):
    """For each member state: its live delegation (head first) and count; the member
    states with none. Two queries, however many states and people."""
    members = Prefetch(
        "registrations",
        queryset=Registration.objects.filter(workshop=workshop, category=GOVERNMENT)
        .exclude(status__in=Registration.ENDED)
        .order_by("-is_head_of_delegation", "badge_name", "pk"),
        to_attr="delegates",
    )
    states = (
        Organization.objects.filter(kind=GOVERNMENT, iom_status=Organization.IomStatus.MEMBER_STATE)
        .prefetch_related(members)
        .order_by("name")
    )
    registered: list[Organization] = []
    missing: list[Organization] = []
    for state in states:
        # The head of delegation, shown beside the member state (not a field).
        head = next((r for r in state.delegates if r.is_head_of_delegation), None)
        state.head = head  # type: ignore[attr-defined]
        (registered if state.delegates else missing).append(state)
    return registered, missing
