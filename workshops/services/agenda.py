"""Building and publishing a workshop's agenda. Every function checks that the actor may
edit the agenda, runs in one transaction and returns what it made or changed."""

import logging

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from idm_portal.core import roles
from idm_portal.core.languages import per_language
from idm_portal.core.links import absolute_url
from idm_portal.core.queue import enqueue_on_commit
from idm_portal.core.services import webhooks
from idm_portal.core.services.outbox import queue_mail
from workshops import agenda
from workshops.models import AgendaRelease, Session, SessionSpeaker, Speaker, Workshop

logger = logging.getLogger(__name__)

SESSION_FIELDS = (
    "date", "start_time", "end_time", "title", "kind", "room", "description",
    *per_language("title", "description"),
)  # fmt: skip
SPEAKER_FIELDS = ("title", "name", "position", "organization", "biography", "email", "language")


def _check(actor, workshop=None):
    if not roles.can_edit_agenda(actor, workshop):
        raise PermissionDenied


def _next_order(workshop, date):
    last = Session.objects.filter(workshop=workshop, date=date).aggregate(Max("order"))
    return (last["order__max"] or 0) + 1


def _validated(session):
    session.full_clean(exclude=["workshop"])
    return session


@transaction.atomic
def add_session(workshop, *, actor, **fields):
    """Add a session at the end of its day. Refuses one that ends before it starts."""
    _check(actor, workshop)
    session = Session(workshop=workshop, **{name: fields[name] for name in fields})
    session.order = _next_order(workshop, session.date)
    _validated(session).save()
    return session


@transaction.atomic
def update_session(session, *, actor, **fields):
    """Change a session's day, times, title, kind, room or description; a session moved to
    another day goes to the end of that day."""
    _check(actor, session.workshop)
    session = Session.objects.select_for_update().get(pk=session.pk)
    moved_day = "date" in fields and fields["date"] != session.date
    for name, value in fields.items():
        if name not in SESSION_FIELDS:
            raise ValueError(f"Not a session field: {name}")
        setattr(session, name, value)
    if moved_day:
        session.order = _next_order(session.workshop, session.date)
    _validated(session).save()
    return session


@transaction.atomic
def delete_session(session, *, actor):
    """Remove a session from the draft agenda (the next release lists it as cancelled)."""
    _check(actor, session.workshop)
    session.delete()


@transaction.atomic
def reorder_day(workshop, *, actor, date, session_ids):
    """Put the sessions of one day in the given order."""
    _check(actor, workshop)
    sessions = {
        session.pk: session
        for session in Session.objects.select_for_update().filter(workshop=workshop, date=date)
    }
    if set(session_ids) != set(sessions) or len(session_ids) != len(sessions):
        raise ValidationError(_("The order must list every session of that day once."))
    for position, session_id in enumerate(session_ids, start=1):
        sessions[session_id].order = position
    Session.objects.bulk_update(sessions.values(), ["order"])
    return [sessions[session_id] for session_id in session_ids]


@transaction.atomic
def create_speaker(*, actor, **fields):
    """Create a speaker (name, title, position, organization, biography, e-mail). Position
    and organization are the English ones (French and Spanish come later, in the admin),
    whatever the page's language."""
    _check(actor)
    english = {"position": "position_en", "organization": "organization_en"}
    speaker = Speaker(
        **{
            english.get(name, name): value
            for name, value in fields.items()
            if name in SPEAKER_FIELDS
        }
    )
    speaker.full_clean()
    speaker.save()
    return speaker


@transaction.atomic
def update_speaker(speaker, *, actor, **fields):
    _check(actor)
    for name, value in fields.items():
        if name in SPEAKER_FIELDS:
            setattr(speaker, name, value)
    speaker.full_clean()
    speaker.save()
    return speaker


@transaction.atomic
def assign_speaker(session, *, actor, speaker, role):
    """Give a speaker a role in a session (or change the role they have there)."""
    _check(actor, session.workshop)
    part = SessionSpeaker.objects.filter(session=session, speaker=speaker).first()
    if part is None:
        last = session.speakers.aggregate(Max("order"))["order__max"] or 0
        part = SessionSpeaker(session=session, speaker=speaker, order=last + 1)
    part.role = role
    part.full_clean(validate_unique=False)
    part.save()
    return part


@transaction.atomic
def remove_speaker(part, *, actor):
    _check(actor, part.session.workshop)
    part.delete()


def draft_sessions(workshop):
    return (
        Session.objects.filter(workshop=workshop)
        .prefetch_related("speakers__speaker")
        .order_by("date", "order", "start_time", "pk")
    )


def publish_agenda(workshop, *, actor, prerender_pdf=True):
    """Publish the draft as the next numbered release; tell each speaker whose sessions
    changed, once, by e-mail; have the worker make the PDF in each language (unless
    ``prerender_pdf`` is off, as for bulk loads: it is then made at the first request).
    Refuses when nothing changed since the last release.

    The workshop's row lock (which registrations wait for) is held only to number and store
    the release; the speakers' e-mails are rendered after it is released, in a transaction
    of their own."""
    _check(actor, workshop)
    with transaction.atomic():
        workshop = Workshop.objects.select_for_update().get(pk=workshop.pk)
        previous = workshop.releases.order_by("-number").first()
        sessions = agenda.published_form(draft_sessions(workshop))
        digest = agenda.content_hash(sessions)
        if previous is not None and previous.content_hash == digest:
            raise ValidationError(
                _("Nothing changed since release %(number)d.") % {"number": previous.number}
            )
        before = previous.sessions if previous else []
        changes = agenda.compare(before, sessions) if previous else {}
        release = AgendaRelease.objects.create(
            workshop=workshop,
            number=(previous.number + 1) if previous else 1,
            published_by=actor,
            sessions=sessions,
            changes=changes,
            content_hash=digest,
        )
        webhooks.emit(
            "agenda.published",
            object_key=f"workshop:{workshop.pk}",
            data={"workshop": workshop.pk, "release": release.number},
        )
        if prerender_pdf:
            for language, _name in settings.LANGUAGES:
                # With the broker down, the PDF is made on demand.
                enqueue_on_commit("workshops.render_agenda_pdf", args=[release.pk, language])
    if previous is not None:
        with transaction.atomic():
            _tell_speakers(release, before, sessions, changes)
    return release


def _tell_speakers(release, before, sessions, changes):
    concerned = agenda.speakers_concerned(before, sessions, changes)
    if not concerned:
        return
    speakers = Speaker.objects.filter(pk__in=concerned).exclude(email="")
    for speaker in speakers:
        with translation.override(speaker.language):
            agenda_url = absolute_url(
                reverse(
                    "workshops:agenda",
                    kwargs={"year": release.workshop.idm_year.year, "slug": release.workshop.slug},
                )
            )
        uids = concerned[speaker.pk]
        mine = {
            kind: [entry for entry in entries if entry["uid"] in uids]
            for kind, entries in changes.items()
        }
        queue_mail(
            to=speaker.email,
            template="workshops/email/agenda_changed",
            language=speaker.language,
            context={
                "speaker": speaker,
                "workshop": release.workshop,
                "release": release,
                "changes": mine,
                "agenda_url": agenda_url,
            },
        )
