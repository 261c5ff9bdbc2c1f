"""The list of speakers of a session: the chair (the Secretariat) opens it, delegations ask
for the floor (or the Secretariat adds them), the chair gives the floor, ends a turn and
moves requests up and down. Every change locks the list's row first, so that two requests
at once each get their own place and a delegation asking twice waits once."""

from dataclasses import dataclass
from datetime import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from idm_portal.core import roles
from idm_portal.core.models import Organization
from workshops.models import FloorRequest, Registration, SpeakersList

WAITING, SPEAKING, DONE, WITHDRAWN = (
    FloorRequest.Status.WAITING,
    FloorRequest.Status.SPEAKING,
    FloorRequest.Status.DONE,
    FloorRequest.Status.WITHDRAWN,
)


def precedence(organization):
    """0 for a member state, 1 for an observer state, 2 for everyone else: the order of
    the floor when the chair gives member states precedence."""
    if organization.kind == Organization.Kind.GOVERNMENT:
        if organization.iom_status == Organization.IomStatus.MEMBER_STATE:
            return 0
        if organization.iom_status == Organization.IomStatus.OBSERVER_STATE:
            return 1
    return 2


def _chair(actor):
    if not roles.can_chair_speakers_list(actor):
        raise PermissionDenied


def _lock(speakers_list):
    return SpeakersList.objects.select_for_update().get(pk=speakers_list.pk)


def _waiting(speakers_list):
    return list(
        speakers_list.requests.filter(status=WAITING)
        .select_related("organization")
        .order_by("position", "pk")
    )


def _renumber(entries):
    for number, entry in enumerate(entries, start=1):
        if entry.position != number:
            entry.position = number
            entry.save(update_fields=["position"])


def _sorted(speakers_list, entries):
    if speakers_list.order == SpeakersList.Order.PRECEDENCE:
        return sorted(entries, key=lambda e: (precedence(e.organization), e.position, e.pk))
    return sorted(entries, key=lambda e: (e.requested_at, e.pk))


@transaction.atomic
def open_speakers_list(session, *, actor, order=SpeakersList.Order.PRECEDENCE, speaking_time=180):
    """Open the list of speakers of ``session`` (or reopen it). Returns the list."""
    _chair(actor)
    speakers_list, created = SpeakersList.objects.get_or_create(
        session=session,
        defaults={"order": order, "speaking_time": speaking_time, "opened_by": actor},
    )
    if not created and not speakers_list.is_open:
        speakers_list.is_open = True
        speakers_list.save(update_fields=["is_open"])
    return speakers_list


@transaction.atomic
def update_speakers_list(speakers_list, *, actor, order, speaking_time, is_open):
    """Change the order (the waiting requests are sorted again by it), the speaking time
    and whether delegations may still ask for the floor. Returns the list."""
    _chair(actor)
    locked = _lock(speakers_list)
    if order not in SpeakersList.Order.values:
        raise ValidationError(_("Choose an order of speakers."), code="order")
    reorder = locked.order != order
    locked.order, locked.speaking_time, locked.is_open = order, speaking_time, is_open
    locked.full_clean()
    locked.save(update_fields=["order", "speaking_time", "is_open"])
    if reorder:
        _renumber(_sorted(locked, _waiting(locked)))
    return locked


def delegation_of(user, workshop):
    """The delegation ``user`` speaks for at ``workshop``: the member state of a focal
    point, else the organization of their confirmed (or attended) registration; None."""
    states = roles.member_states_of(user)
    if states:
        return states[0]
    registration = (
        Registration.objects.filter(
            workshop=workshop,
            person=user,
            status__in=[Registration.Status.CONFIRMED, Registration.Status.ATTENDED],
        )
        .select_related("organization")
        .first()
    )
    return registration.organization if registration else None


@transaction.atomic
def ask_for_floor(speakers_list, *, actor, organization=None):
    """Put a delegation on the list: the actor's own (``organization`` None), or any
    delegation when the Secretariat adds it. A delegation already waiting or speaking keeps
    its one place. Its place: after the requests of the same or a higher precedence (member
    states, observers, organizations), or last, as the chair chose. Returns the request."""
    if organization is None:
        organization = delegation_of(actor, speakers_list.session.workshop)
        if organization is None:
            raise PermissionDenied
    elif not roles.can_chair_speakers_list(actor):
        raise PermissionDenied
    locked = _lock(speakers_list)
    if not locked.is_open and not roles.can_chair_speakers_list(actor):
        raise ValidationError(_("The list of speakers is closed."), code="closed")
    existing = locked.requests.filter(
        organization=organization, status__in=[WAITING, SPEAKING]
    ).first()
    if existing is not None:
        return existing
    waiting = _waiting(locked)
    position = len(waiting) + 1
    if locked.order == SpeakersList.Order.PRECEDENCE:
        rank = precedence(organization)
        later = [entry for entry in waiting if precedence(entry.organization) > rank]
        if later:
            position = later[0].position
            for entry in waiting:
                if entry.position >= position:
                    entry.position += 1
                    entry.save(update_fields=["position"])
    try:
        with transaction.atomic():
            return FloorRequest.objects.create(
                speakers_list=locked,
                organization=organization,
                position=position,
                requested_by=actor,
            )
    except IntegrityError:  # the lock makes this unreachable; the constraint is the guard
        return locked.requests.get(organization=organization, status__in=[WAITING, SPEAKING])


@transaction.atomic
def withdraw_request(floor_request, *, actor):
    """Take a waiting request off the list (its delegation or the chair). Returns it."""
    locked_list = _lock(floor_request.speakers_list)
    entry = locked_list.requests.select_related("organization").get(pk=floor_request.pk)
    own = delegation_of(actor, locked_list.session.workshop)
    if not (roles.can_chair_speakers_list(actor) or (own and own.pk == entry.organization_id)):
        raise PermissionDenied
    if entry.status == WAITING:
        entry.status = WITHDRAWN
        entry.done_at = timezone.now()
        entry.save(update_fields=["status", "done_at"])
        _renumber(_waiting(locked_list))
    return entry


def _end_turn(locked_list, now):
    locked_list.requests.filter(status=SPEAKING).update(status=DONE, done_at=now)


@transaction.atomic
def give_floor(floor_request, *, actor, now=None):
    """Give the floor to a waiting delegation; whoever was speaking is done. Returns the
    request."""
    _chair(actor)
    now = now or timezone.now()
    locked_list = _lock(floor_request.speakers_list)
    entry = locked_list.requests.get(pk=floor_request.pk)
    if entry.status != WAITING:
        raise ValidationError(_("This delegation is not waiting for the floor."), code="status")
    _end_turn(locked_list, now)
    entry.status, entry.floor_given_at = SPEAKING, now
    entry.save(update_fields=["status", "floor_given_at"])
    _renumber(_waiting(locked_list))
    return entry


@transaction.atomic
def finish_turn(speakers_list, *, actor, now=None):
    """The delegation speaking is done. Returns the list."""
    _chair(actor)
    locked_list = _lock(speakers_list)
    _end_turn(locked_list, now or timezone.now())
    return locked_list


@transaction.atomic
def move_request(floor_request, *, actor, direction):
    """Move a waiting request one place up or down the queue. Returns it."""
    _chair(actor)
    if direction not in ("up", "down"):
        raise ValidationError(_("Move up or down."), code="direction")
    locked_list = _lock(floor_request.speakers_list)
    waiting = _waiting(locked_list)
    index = next((i for i, entry in enumerate(waiting) if entry.pk == floor_request.pk), None)
    if index is None:
        raise ValidationError(_("This delegation is not waiting for the floor."), code="status")
    other = index - 1 if direction == "up" else index + 1
    if 0 <= other < len(waiting):
        waiting[index], waiting[other] = waiting[other], waiting[index]
    _renumber(waiting)
    return waiting[other] if 0 <= other < len(waiting) else waiting[index]


# --- Reading the list ---


@dataclass
class Room:
    """What the chair, the projector and a delegate see of a list of speakers."""

    speakers_list: SpeakersList
    speaker: FloorRequest | None
    queue: list
    done: list
    now: datetime

    @property
    def remaining_seconds(self):
        """Seconds of speaking time left to the speaker (negative when over time); None
        without a speaker or a limit."""
        limit = self.speakers_list.speaking_time
        if self.speaker is None or not limit or self.speaker.floor_given_at is None:
            return None
        spent = (self.now - self.speaker.floor_given_at).total_seconds()
        return round(limit - spent)


def room(speakers_list, now=None):
    """The list's speaker, queue (in order) and those who have spoken, in one query."""
    entries = list(
        speakers_list.requests.filter(status__in=[WAITING, SPEAKING, DONE])
        .select_related("organization")
        .order_by("position", "pk")
    )
    speaker = next((entry for entry in entries if entry.status == SPEAKING), None)
    return Room(
        speakers_list=speakers_list,
        speaker=speaker,
        queue=[entry for entry in entries if entry.status == WAITING],
        done=sorted((entry for entry in entries if entry.status == DONE), key=lambda e: e.done_at),
        now=now or timezone.now(),
    )
