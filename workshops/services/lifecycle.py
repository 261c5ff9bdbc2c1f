"""A workshop's life, run by the Secretariat: create it in an IDM year, edit it, publish it,
change its status (cancel it, postpone it to new dates), its capacity and quotas, and open or
close its registration.

Each function checks the actor's role, runs in one transaction under the workshop's row
lock (the lock registrations take for their seats) and returns what it changed. Cancelling
or postponing tells each live registrant and each invitee who has not declined once, in
their language: the state is checked under the lock, so a second cancel, even at the same
instant, finds the workshop cancelled and tells no one again.
"""

from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext as _

from idm_portal.core import roles
from idm_portal.core.languages import per_language
from idm_portal.core.models import Organization, OutgoingMail
from idm_portal.core.services.outbox import new_message_id
from workshops.models import CategoryQuota, Invitation, Registration, Workshop
from workshops.services import workshop_mail
from workshops.services.registration import _lock_workshop
from workshops.services.waiting_list import (
    promote_from_waiting_list,
    seat_counts,
    tell_systems_changed,
)

# What the workshop's edit page changes; status, capacity, quotas, the registration window
# and publication each have their own service below.
EDITABLE_FIELDS = (
    "ordinal",
    "title",
    "slug",
    "start_date",
    "end_date",
    "venue",
    "city",
    "time_zone",
    "description",
    "requires_approval",
    # The texts per language (the edit page shows English, French and Spanish side by side).
    *per_language("title", "venue", "city", "description"),
)
TRANSLATED_FIELDS = ("title", "venue", "city", "description")
LIVE = (
    Registration.Status.PENDING,
    Registration.Status.CONFIRMED,
    Registration.Status.WAITLISTED,
)
# A status the Secretariat may set by itself; cancelled and postponed tell people.
TELLS_PEOPLE = (Workshop.Status.CANCELLED, Workshop.Status.POSTPONED)


@dataclass
class StatusChange:
    workshop: Workshop
    previous: str
    changed: bool
    told: int = 0
    withdrawn: int = 0
    registrations_cancelled: int = 0


@dataclass
class CapacityChange:
    workshop: Workshop
    changed: list = field(default_factory=list)
    promoted: list = field(default_factory=list)


def _require(actor, workshop=None):
    if not roles.can_manage_workshop(actor, workshop):
        raise PermissionDenied


def _check_time_zone(values):
    from workshops.models import zone_or_none

    name = values.get("time_zone")
    if name is not None and zone_or_none(name) is None:
        raise ValidationError(
            {"time_zone": _("“%(name)s” is not a known time zone.") % {"name": name}}
        )


def create_workshop(idm_year, *, actor, **fields):
    """Create a workshop in ``idm_year`` (planned, not published, registration not open).
    Returns it."""
    _require(actor)
    unknown = set(fields) - set(EDITABLE_FIELDS)
    if unknown:
        raise ValueError(f"Not workshop fields: {sorted(unknown)}")
    _check_time_zone(fields)
    workshop = Workshop(idm_year=idm_year, status=Workshop.Status.PLANNED, **fields)
    with transaction.atomic():
        workshop.full_clean()
        workshop.save()
    return workshop


def update_workshop(workshop, *, actor, **changes):
    """Change a workshop's title, dates, venue, city, time zone, description, ordinal, slug
    or approval rule. Returns (workshop, names of the fields that changed)."""
    _require(actor, workshop)
    unknown = set(changes) - set(EDITABLE_FIELDS)
    if unknown:
        raise ValueError(f"Not editable here: {sorted(unknown)}")
    _check_time_zone(changes)
    with transaction.atomic():
        workshop = _lock_workshop(workshop)
        changed = [name for name, value in changes.items() if getattr(workshop, name) != value]
        for name in changed:
            setattr(workshop, name, changes[name])
        if changed:
            workshop.full_clean()
            # The field's own column (read by nothing but kept) follows its languages.
            bases = {name.rsplit("_", 1)[0] for name in changed} & set(TRANSLATED_FIELDS)
            workshop.save(update_fields=[*changed, *(bases - set(changed))])
    return workshop, changed


def set_published(workshop, *, actor, published):
    """Publish the workshop (the public sees it) or take it back to draft. Returns whether
    anything changed."""
    _require(actor, workshop)
    with transaction.atomic():
        workshop = _lock_workshop(workshop)
        if workshop.is_published == published:
            return False
        workshop.is_published = published
        workshop.save(update_fields=["is_published"])
    return True


def change_status(workshop, *, actor, status, start_date=None, end_date=None, note=""):
    """Set the workshop's status. Cancelling or postponing (to ``start_date`` and
    ``end_date``) closes registration, withdraws invitations and reminders not yet sent,
    and tells every live registrant and every invitee who has not declined, once, in their
    language (with the new dates and calendar file when postponed; ``note`` is the
    Secretariat's own words, added to the message). Cancelling also cancels the live
    registrations; postponing keeps them. Returns a StatusChange."""
    _require(actor, workshop)
    if status not in Workshop.Status.values:
        raise ValueError(f"Not a workshop status: {status}")
    with transaction.atomic():
        workshop = _lock_workshop(workshop)
        previous = workshop.status
        if status == Workshop.Status.POSTPONED:
            _check_new_dates(workshop, start_date, end_date)
        elif status == previous:
            return StatusChange(workshop, previous, changed=False)
        if status in TELLS_PEOPLE and previous == Workshop.Status.HELD:
            raise ValidationError(_("A workshop that was held cannot be cancelled or postponed."))
        if status == Workshop.Status.POSTPONED and previous == Workshop.Status.CANCELLED:
            raise ValidationError(_("A cancelled workshop cannot be postponed."))
        fields = ["status"]
        workshop.status = status
        if status == Workshop.Status.POSTPONED:
            workshop.start_date, workshop.end_date = start_date, end_date
            fields += ["start_date", "end_date"]
        if status not in TELLS_PEOPLE:
            workshop.save(update_fields=fields)
            return StatusChange(workshop, previous, changed=True)
        now = timezone.now()
        if workshop.registration_closes is None or workshop.registration_closes > now:
            workshop.registration_closes = now
            fields.append("registration_closes")
            if workshop.registration_opens is not None and workshop.registration_opens > now:
                workshop.registration_opens = None
                fields.append("registration_opens")
        workshop.save(update_fields=fields)
        withdrawn = _withdraw_unsent_invitations(workshop)
        registrations, invitations = people_to_tell(workshop)
        registrations = list(registrations)
        invitations = list(invitations)
        told = workshop_mail.tell_people(
            workshop, status=status, registrations=registrations, invitations=invitations, note=note
        )
        cancelled = 0
        if status == Workshop.Status.CANCELLED:
            cancelled = Registration.objects.filter(pk__in=[r.pk for r in registrations]).update(
                status=Registration.Status.CANCELLED, cancelled_at=now, updated_at=now
            )
            for registration in registrations:
                registration.status = Registration.Status.CANCELLED
            tell_systems_changed(registrations)
    return StatusChange(workshop, previous, True, told, withdrawn, cancelled)


def _check_new_dates(workshop, start_date, end_date):
    if start_date is None or end_date is None:
        raise ValidationError(_("A postponed workshop needs its new dates."))
    if end_date < start_date:
        raise ValidationError({"end_date": _("The workshop cannot end before it starts.")})
    if (start_date, end_date) == (workshop.start_date, workshop.end_date):
        raise ValidationError(_("These are the workshop's dates already: choose new ones."))


def people_to_tell(workshop):
    """Who a cancellation or postponement tells: (the live registrations, the invitations
    that reached someone who has not declined and has no registration of their own). The
    Secretariat's confirmation page lists the same people."""
    registrations = (
        Registration.objects.filter(workshop=workshop, status__in=LIVE)
        .select_related("person")
        .order_by("pk")
    )
    registered = (
        Registration.objects.filter(workshop=workshop, status__in=LIVE)
        .annotate(address=Lower("email"))
        .values("address")
    )
    invitations = (
        Invitation.objects.filter(
            workshop=workshop,
            registration__isnull=True,
            mail__status__in=(OutgoingMail.Status.SENT, OutgoingMail.Status.SENDING),
        )
        .exclude(answer=Invitation.Answer.DECLINED)
        .exclude(email__in=registered)
        .order_by("pk")
    )
    return registrations, invitations


def _withdraw_unsent_invitations(workshop):
    """Invitations scheduled but not rendered lose their time; those rendered into the
    outbox but not claimed by the worker are withdrawn from it (the worker sends only a
    queued row, under its lock), and so are queued reminders. A withdrawn invitation is
    unlinked from its mail, whose Message-ID is freed: sent again later, it is rendered
    afresh. Returns how many invitations and reminders were withdrawn."""
    now = timezone.now()
    scheduled = Invitation.objects.filter(
        workshop=workshop, mail__isnull=True, send_at__isnull=False
    ).update(send_at=None, updated_at=now)
    unsent = Q(workshop=workshop) & (
        Q(mail__status=OutgoingMail.Status.QUEUED)
        | Q(reminder_mail__status=OutgoingMail.Status.QUEUED)
    )
    rows = list(
        Invitation.objects.select_for_update(of=("self",))
        .filter(unsent)
        .select_related("mail", "reminder_mail")
    )
    mail_ids = [
        mail.pk
        for invitation in rows
        for mail in (invitation.mail, invitation.reminder_mail)
        if mail is not None and mail.status == OutgoingMail.Status.QUEUED
    ]
    mails = list(
        OutgoingMail.objects.select_for_update()
        .filter(pk__in=mail_ids, status=OutgoingMail.Status.QUEUED)
        .only("pk")
    )
    withdrawn_ids = {mail.pk for mail in mails}
    for mail in mails:
        mail.status = OutgoingMail.Status.WITHDRAWN
        mail.message_id = new_message_id()
        mail.last_error = _("Withdrawn: the workshop was cancelled or postponed.")
    OutgoingMail.objects.bulk_update(mails, ["status", "message_id", "last_error"])
    unlinked = [invitation for invitation in rows if invitation.mail_id in withdrawn_ids]
    for invitation in unlinked:
        invitation.mail = None
        invitation.send_at = None
    Invitation.objects.bulk_update(unlinked, ["mail", "send_at"])
    return scheduled + len(withdrawn_ids)


def change_capacity(workshop, *, actor, capacity, quota_per_delegation, quotas):
    """Set the workshop's capacity (None: no limit), the most seats per government
    delegation and the quota of each category (``quotas``: category -> limit or None). A
    limit below the seats already taken is refused with the numbers. Where there is new
    room, the waiting list is promoted in order, as far as it goes. Returns a
    CapacityChange."""
    _require(actor, workshop)
    with transaction.atomic():
        workshop = _lock_workshop(workshop)
        taken = seat_counts(workshop)
        errors = {}
        if capacity is not None and capacity < taken["total"]:
            errors["capacity"] = _(
                "%(taken)d seats are taken; the capacity cannot be lower than %(taken)d."
            ) % {"taken": taken["total"]}
        most = max(taken["delegation"].values(), default=0)
        if quota_per_delegation is not None and quota_per_delegation < most:
            errors["quota_per_delegation"] = _(
                "A delegation holds %(taken)d seats; its limit cannot be lower than %(taken)d."
            ) % {"taken": most}
        labels = dict(Organization.Kind.choices)
        for category, limit in quotas.items():
            held = taken["category"].get(category, 0)
            if limit is not None and limit < held:
                errors[f"quota_{category}"] = _(
                    "%(taken)d seats of %(category)s are taken; the quota cannot be lower "
                    "than %(taken)d."
                ) % {"taken": held, "category": labels[category]}
        if errors:
            raise ValidationError(errors)
        change = CapacityChange(workshop)
        for name, value in (("capacity", capacity), ("quota_per_delegation", quota_per_delegation)):
            if getattr(workshop, name) != value:
                setattr(workshop, name, value)
                change.changed.append(name)
        if change.changed:
            workshop.save(update_fields=change.changed)
        change.changed += _set_quotas(workshop, quotas)
        change.promoted = promote_from_waiting_list(workshop, now=timezone.now())
    return change


def _set_quotas(workshop, quotas):
    existing = {quota.category: quota for quota in CategoryQuota.objects.filter(workshop=workshop)}
    changed = []
    for category, limit in quotas.items():
        quota = existing.get(category)
        if limit is None and quota is not None:
            quota.delete()
        elif limit is not None and quota is None:
            CategoryQuota.objects.create(workshop=workshop, category=category, limit=limit)
        elif limit is not None and quota is not None and quota.limit != limit:
            quota.limit = limit
            quota.save(update_fields=["limit"])
        else:
            continue
        changed.append(f"quota_{category}")
    return changed


def set_registration_window(workshop, *, actor, opens, closes):
    """Set when registration opens and closes (either may be None: open-ended). Returns the
    names of the fields that changed."""
    _require(actor, workshop)
    if opens is not None and closes is not None and closes <= opens:
        raise ValidationError({"registration_closes": _("Registration must close after it opens.")})
    with transaction.atomic():
        workshop = _lock_workshop(workshop)
        if workshop.status == Workshop.Status.CANCELLED and (
            closes is None or closes > timezone.now()
        ):
            raise ValidationError(_("This workshop is cancelled: registration stays closed."))
        changed = [
            name
            for name, value in (("registration_opens", opens), ("registration_closes", closes))
            if getattr(workshop, name) != value
        ]
        workshop.registration_opens, workshop.registration_closes = opens, closes
        if changed:
            workshop.save(update_fields=changed)
    return changed


def open_registration(workshop, *, actor, closes=None):
    """Open registration now, until ``closes`` (None: until it is closed). Returns the
    names of the fields that changed."""
    return set_registration_window(workshop, actor=actor, opens=timezone.now(), closes=closes)


def close_registration(workshop, *, actor):
    """Close registration now (those registered keep their seats). Returns the names of the
    fields that changed."""
    _require(actor, workshop)
    with transaction.atomic():
        workshop = _lock_workshop(workshop)
        now = timezone.now()
        if workshop.registration_closes is not None and workshop.registration_closes <= now:
            return []
        changed = ["registration_closes"]
        workshop.registration_closes = now
        if workshop.registration_opens is not None and workshop.registration_opens > now:
            workshop.registration_opens = None
            changed.append("registration_opens")
        workshop.save(update_fields=changed)
    return changed
