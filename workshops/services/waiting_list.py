"""The waiting list of a workshop: the seats taken, and the promotion of the wait-listed,
in order, into the seats that are free (under the workshop's lock, which the caller holds).
A person whose registration changes is told on commit, by a worker."""

import logging
from functools import partial

from django.db.models import Count

from idm_portal.core.models import Organization
from idm_portal.core.queue import enqueue_on_commit
from idm_portal.core.services import webhooks
from workshops.models import CategoryQuota, Registration
from workshops.services.registration_mail import send_registration_mail

logger = logging.getLogger(__name__)


def seats_taken(workshop):
    return Registration.objects.filter(workshop=workshop, status__in=Registration.HOLDS_SEAT)


def notify(registration, template):
    """After commit, a worker renders the e-mail (templates, .ics, QR code) into the
    outbox, so that the request that changed the registration stays short."""
    # With the broker down, the mail is rendered in the request and waits in the outbox.
    enqueue_on_commit(
        "workshops.send_registration_mail",
        args=[registration.pk, template],
        fallback=partial(send_registration_mail, registration.pk, template),
    )


def promote_from_waiting_list(workshop, *, now):
    """Give every free seat to the wait-listed, in the order they were wait-listed, skipping
    those whose category or delegation is full, and stopping as soon as no seat is left. The
    caller holds the workshop's lock. A promoted person is pending where the workshop
    requires approval, confirmed otherwise, and told on commit. Returns the promoted
    registrations, in order.

    A fixed number of queries however long the list: the seats taken are counted once
    (by category and delegation), the quotas read once, the list read once, and the
    promoted rows updated in one statement."""
    taken = seat_counts(workshop)
    if workshop.capacity is not None and taken["total"] >= workshop.capacity:
        return []
    quotas = dict(CategoryQuota.objects.filter(workshop=workshop).values_list("category", "limit"))
    queue = (
        Registration.objects.select_for_update()
        .filter(workshop=workshop, status=Registration.Status.WAITLISTED)
        .order_by("waitlisted_at", "pk")
    )
    promoted = []
    for candidate in queue:
        if workshop.capacity is not None and taken["total"] >= workshop.capacity:
            break
        if not _fits(workshop, candidate, taken, quotas):
            continue
        taken["total"] += 1
        taken["category"][candidate.category] = taken["category"].get(candidate.category, 0) + 1
        if candidate.category == Organization.Kind.GOVERNMENT:
            delegation = taken["delegation"]
            delegation[candidate.organization_id] = delegation.get(candidate.organization_id, 0) + 1
        promoted.append(candidate)
    if not promoted:
        return []
    if workshop.requires_approval:
        status, fields, template = Registration.Status.PENDING, {}, "promoted_pending"
    else:
        status, fields, template = Registration.Status.CONFIRMED, {"confirmed_at": now}, "promoted"
    Registration.objects.filter(pk__in=[r.pk for r in promoted]).update(
        status=status, updated_at=now, **fields
    )
    for registration in promoted:
        registration.status = status
        for name, value in fields.items():
            setattr(registration, name, value)
        notify(registration, template)
    tell_systems_changed(promoted)
    return promoted


def tell_systems_changed(registrations):
    """A "registration.changed" webhook delivery for each of ``registrations`` (in the
    current transaction, one INSERT for them all), as registration.py's for one."""
    webhooks.emit_many(
        "registration.changed",
        (
            (
                f"registration:{registration.pk}",
                {
                    "id": registration.pk,
                    "workshop": registration.workshop_id,
                    "status": registration.status,
                },
            )
            for registration in registrations
        ),
    )


def seat_counts(workshop):
    """The seats taken, in total, by category and by government delegation (one query)."""
    by_category: dict[str, int] = {}
    by_delegation: dict[int, int] = {}
    counts = {"total": 0, "category": by_category, "delegation": by_delegation}
    total = 0
    rows = (
        seats_taken(workshop)
        .values_list("category", "organization_id")
        .annotate(seats=Count("pk"))
        .order_by()
    )
    for category, organization_id, seats in rows:
        total += seats
        by_category[category] = by_category.get(category, 0) + seats
        if category == Organization.Kind.GOVERNMENT:
            by_delegation[organization_id] = seats
    counts["total"] = total
    return counts


def _fits(workshop, candidate, taken, quotas):
    limit = quotas.get(candidate.category)
    if limit is not None and taken["category"].get(candidate.category, 0) >= limit:
        return False
    return not (
        candidate.category == Organization.Kind.GOVERNMENT
        and workshop.quota_per_delegation is not None
        and taken["delegation"].get(candidate.organization_id, 0) >= workshop.quota_per_delegation
    )
