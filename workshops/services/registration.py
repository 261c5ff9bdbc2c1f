"""Registrations for workshops: register, change, cancel (promoting the waiting list),
approve, decline, move off the waiting list, check in.

Seats are guarded by the database: each change that takes or frees a seat locks the
workshop's row (``select_for_update``, late in a short transaction, with a lock time-out) and
counts the seats under that lock; a unique constraint keeps one live registration per person
and workshop. E-mails go through the outbox on commit.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, OperationalError, connection, transaction
from django.db.models import Count, OuterRef, Q, Subquery
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from idm_portal.core import roles
from idm_portal.core.models import Organization
from idm_portal.core.services import webhooks
from idm_portal.core.templatetags.idm import clock, day
from workshops.models import CategoryQuota, Registration, Workshop
from workshops.services.waiting_list import (
    notify,
    promote_from_waiting_list,
    seats_taken,
)

LOCK_TIMEOUT_SECONDS = 5

DETAIL_FIELDS = (
    "badge_name",
    "title",
    "position",
    "email",
    "special_requirements",
    "needs_visa_letter",
    "consents_to_list",
)
# What a delegate may still change once registered.
CHANGEABLE_FIELDS = (
    "badge_name",
    "title",
    "position",
    "special_requirements",
    "needs_visa_letter",
    "consents_to_list",
)


class TryAgain(Exception):
    """The workshop is busy (another registration holds its lock): please try again."""

    message = gettext_lazy(
        "Many people are registering at this moment; please try again in a few seconds."
    )


class RegistrationClosed(ValidationError):
    pass


def _lock_workshop(workshop, *, quota_of=None):
    """Lock the workshop's row for the rest of the transaction; TryAgain if that takes more
    than a few seconds. ``quota_of``: a category whose quota comes with the row, in the
    same statement, as ``quota_limit`` (None without a quota)."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(f"SET LOCAL lock_timeout = '{LOCK_TIMEOUT_SECONDS}s'")
    locked = Workshop.objects.select_for_update(of=("self",))
    if quota_of is not None:
        locked = locked.annotate(
            quota_limit=Subquery(
                CategoryQuota.objects.filter(workshop=OuterRef("pk"), category=quota_of).values(
                    "limit"
                )[:1]
            )
        )
    try:
        return locked.get(pk=workshop.pk)
    except OperationalError as error:
        raise TryAgain from error


def registration_window_error(workshop, now=None):
    """The sentence that says why registration is closed, or None when it is open."""
    now = now or timezone.now()
    opens, closes = workshop.registration_opens, workshop.registration_closes
    if workshop.status == Workshop.Status.CANCELLED:
        return _("This workshop is cancelled.")
    # A window may be open-ended on either side ("open until further notice"); with neither
    # end set, registration has not been announced. The workshop page follows the same rule.
    if opens is None and closes is None:
        return _("Registration for this workshop is not open.")
    if opens is not None and now < opens:
        return _("Registration opens on %(date)s at %(time)s (%(city)s time).") % _when(
            workshop, opens
        )
    if closes is not None and now >= closes:
        return _("Registration closed on %(date)s at %(time)s (%(city)s time).") % _when(
            workshop, closes
        )
    return None


def _when(workshop, moment):
    return {
        "date": day(moment, workshop),
        "time": clock(moment, workshop),
        "city": workshop.zone_label,
    }


def _has_room(workshop, *, category, organization, exclude=None):
    """Whether one more seat may be given for this category and delegation (under the
    workshop's lock)."""
    taken = seats_taken(workshop)
    if exclude is not None:
        taken = taken.exclude(pk=exclude.pk)
    counts = taken.aggregate(
        total=Count("pk"),
        in_category=Count("pk", filter=Q(category=category)),
        in_delegation=Count(
            "pk",
            filter=Q(organization=organization, category=Organization.Kind.GOVERNMENT),
        ),
    )
    if workshop.capacity is not None and counts["total"] >= workshop.capacity:
        return False
    if hasattr(workshop, "quota_limit"):  # read with the lock (``_lock_workshop``)
        limit = workshop.quota_limit
    else:
        limit = (
            CategoryQuota.objects.filter(workshop=workshop, category=category)
            .values_list("limit", flat=True)
            .first()
        )
    if limit is not None and counts["in_category"] >= limit:
        return False
    return not (
        category == Organization.Kind.GOVERNMENT
        and workshop.quota_per_delegation is not None
        and counts["in_delegation"] >= workshop.quota_per_delegation
    )


def live_registration(workshop, person):
    return (
        Registration.objects.filter(workshop=workshop, person=person)
        .exclude(status__in=Registration.ENDED)
        .first()
    )


def _tell_systems(registration, event="registration.changed"):
    """Queue a webhook delivery (in the current transaction): what changed, not who; the
    receiving system reads the registration through the API with its token."""
    webhooks.emit(
        event,
        object_key=f"registration:{registration.pk}",
        data={
            "id": registration.pk,
            "workshop": registration.workshop_id,
            "status": registration.status,
        },
    )


def register(workshop, *, person, organization, category, **details):
    """Register ``person`` for ``workshop``: confirmed, pending approval, or wait-listed when
    the seats (or the category's or delegation's quota) are taken. A person who already has
    a live registration gets it back, unchanged. Returns (registration, created).

    The request's part, kept short: the form's checks in Python, then one transaction that
    locks the workshop's row (with the category's quota), counts the seats, inserts and
    commits; the e-mail and the webhooks go to the worker after the commit."""
    if not roles.is_signed_in(person):
        raise PermissionDenied
    closed = registration_window_error(workshop)
    if closed:
        raise RegistrationClosed(closed)
    unknown = set(details) - set(DETAIL_FIELDS)
    if unknown:
        raise ValueError(f"Not registration fields: {sorted(unknown)}")
    registration = Registration(
        workshop=workshop, person=person, organization=organization, category=category, **details
    )
    # Checked before the workshop's lock is taken, in Python, so that the locked part is
    # only: lock (with the category's quota), count the seats, insert, commit. The database
    # keeps the rest: a live registration of this person (made before or at the same
    # instant) is met by the unique constraint (IntegrityError, below: it is returned), the
    # check-in token is random and unique.
    registration.full_clean(
        exclude=["workshop", "person", "organization", "status"],
        validate_unique=False,
        validate_constraints=False,
    )
    if not registration.badge_name.strip():  # the constraint "badge_name_not_blank"
        field = Registration._meta.get_field("badge_name")
        raise ValidationError({"badge_name": field.error_messages["blank"]}, code="blank")
    try:
        with transaction.atomic():
            workshop = _lock_workshop(workshop, quota_of=category)
            now = timezone.now()
            # The window as it is now, on the locked row: it may have closed (or the
            # workshop been cancelled) since the caller read the workshop.
            closed = registration_window_error(workshop, now)
            if closed:
                raise RegistrationClosed(closed)
            registration.workshop = workshop
            if _has_room(workshop, category=category, organization=organization):
                if workshop.requires_approval:
                    registration.status = Registration.Status.PENDING
                else:
                    registration.status = Registration.Status.CONFIRMED
                    registration.confirmed_at = now
            else:
                registration.status = Registration.Status.WAITLISTED
                registration.waitlisted_at = now
            registration.save()
            notify(registration, _template_for(registration))
            _tell_systems(registration, "registration.created")
    except IntegrityError:
        # The unique constraint met a live registration of this person (made before, or at
        # the same instant): it is returned, unchanged.
        existing = live_registration(workshop, person)
        if existing is None:
            raise
        return existing, False
    return registration, True


def _template_for(registration):
    return {
        Registration.Status.PENDING: "received",
        Registration.Status.CONFIRMED: "confirmed",
        Registration.Status.WAITLISTED: "waitlisted",
    }[registration.status]


def waiting_list_position(registration):
    """1 for the first on the waiting list; None when not wait-listed."""
    if registration.status != Registration.Status.WAITLISTED:
        return None
    ahead = Registration.objects.filter(
        workshop_id=registration.workshop_id,
        status=Registration.Status.WAITLISTED,
    ).filter(
        Q(waitlisted_at__lt=registration.waitlisted_at)
        | Q(waitlisted_at=registration.waitlisted_at, pk__lt=registration.pk)
    )
    return ahead.count() + 1


def _promote_next(workshop, now):
    """Give a freed seat to the waiting list (under the workshop's lock). Returns the first
    registration promoted, or None."""
    promoted = promote_from_waiting_list(workshop, now=now)
    return promoted[0] if promoted else None


def _confirm(registration, now, template):
    """Confirm a registration already locked in the current transaction; the person is told
    with ``template`` on commit."""
    registration.status = Registration.Status.CONFIRMED
    registration.confirmed_at = now
    registration.save(update_fields=["status", "confirmed_at", "updated_at"])
    notify(registration, template)
    _tell_systems(registration)
    return registration


def _confirm_from(registration, status, template):
    """Confirm a registration that is in ``status``; any other is returned unchanged."""
    with transaction.atomic():
        registration = Registration.objects.select_for_update().get(pk=registration.pk)
        if registration.status != status:
            return registration
        return _confirm(registration, timezone.now(), template)


def _owned_or_secretariat(registration, actor):
    if registration.person_id != actor.pk and not roles.can_manage_registrations(actor):
        raise PermissionDenied


def cancel_registration(registration, *, actor):
    """Cancel a registration (its person, or the Secretariat); the seat it held goes to the
    first on the waiting list, in the same transaction. Returns (registration, promoted)."""
    _owned_or_secretariat(registration, actor)
    with transaction.atomic():
        workshop = _lock_workshop(registration.workshop)
        registration = Registration.objects.select_for_update().get(pk=registration.pk)
        if registration.status in Registration.ENDED:
            return registration, None
        if registration.status == Registration.Status.ATTENDED:
            raise ValidationError(_("An attended registration cannot be cancelled."))
        held_seat = registration.status in Registration.HOLDS_SEAT
        now = timezone.now()
        registration.status = Registration.Status.CANCELLED
        registration.cancelled_at = now
        registration.save(update_fields=["status", "cancelled_at", "updated_at"])
        notify(registration, "cancelled")
        _tell_systems(registration)
        promoted = _promote_next(workshop, now) if held_seat else None
    return registration, promoted


def update_registration(registration, *, actor, **changes):
    """Change what may still change: badge name, title, position, special requirements,
    visa letter, consent to the list of participants. The row is locked and only the
    changed fields are written: a cancellation made meanwhile stays cancelled."""
    _owned_or_secretariat(registration, actor)
    for name in changes:
        if name not in CHANGEABLE_FIELDS:
            raise ValueError(f"Not a changeable field: {name}")
    with transaction.atomic():
        registration = Registration.objects.select_for_update().get(pk=registration.pk)
        if registration.status in Registration.ENDED:
            raise ValidationError(_("This registration is over and can no longer be changed."))
        for name, value in changes.items():
            setattr(registration, name, value)
        registration.full_clean(exclude=["workshop", "person", "organization"])
        registration.save(update_fields=[*changes, "updated_at"])
    return registration


def _secretariat(actor):
    if not roles.can_manage_registrations(actor):
        raise PermissionDenied


def approve(registration, *, actor):
    """Confirm a pending registration."""
    _secretariat(actor)
    return _confirm_from(registration, Registration.Status.PENDING, "confirmed")


def decline(registration, *, actor, reason=""):
    """Decline a pending or wait-listed registration; a seat it held goes to the waiting
    list."""
    _secretariat(actor)
    with transaction.atomic():
        workshop = _lock_workshop(registration.workshop)
        registration = Registration.objects.select_for_update().get(pk=registration.pk)
        if registration.status not in (
            Registration.Status.PENDING,
            Registration.Status.WAITLISTED,
            Registration.Status.CONFIRMED,
        ):
            return registration
        held_seat = registration.status in Registration.HOLDS_SEAT
        now = timezone.now()
        registration.status = Registration.Status.DECLINED
        registration.declined_at = now
        registration.decline_reason = reason
        registration.save(update_fields=["status", "declined_at", "decline_reason", "updated_at"])
        notify(registration, "declined")
        _tell_systems(registration)
        if held_seat:
            _promote_next(workshop, now)
    return registration


def move_off_waiting_list(registration, *, actor):
    """The Secretariat confirms a wait-listed registration, over capacity if need be."""
    _secretariat(actor)
    return _confirm_from(registration, Registration.Status.WAITLISTED, "promoted")


def check_in(registration, *, actor):
    """Mark a confirmed participant as attended (at the door)."""
    _secretariat(actor)
    with transaction.atomic():
        registration = Registration.objects.select_for_update().get(pk=registration.pk)
        if registration.status == Registration.Status.ATTENDED:
            return registration
        if registration.status != Registration.Status.CONFIRMED:
            raise ValidationError(
                _("Only a confirmed registration can be checked in; this one is %(status)s.")
                % {"status": registration.get_status_display().lower()}
            )
        registration.status = Registration.Status.ATTENDED
        registration.attended_at = timezone.now()
        registration.save(update_fields=["status", "attended_at", "updated_at"])
        _tell_systems(registration)
    return registration
