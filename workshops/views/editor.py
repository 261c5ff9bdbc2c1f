"""The Secretariat's agenda editor: one page per workshop, and the htmx fragments it swaps
in place (a day, a session card or its form, a session's speakers). Every change answers
with its fragment plus the warnings and the state of the draft, swapped out of band."""

import datetime as dt

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max, Q
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from idm_portal.core import roles
from idm_portal.core.params import object_id
from idm_portal.core.roles import role_required
from workshops import queries
from workshops.forms import AssignSpeakerForm, ReorderForm, SessionForm, SpeakerForm
from workshops.models import Session, SessionSpeaker, Speaker
from workshops.queries import Draft, workshop_or_404
from workshops.services import agenda as services

PARTIALS = "workshops/editor/partials"
SEARCH_RESULTS = 12


def _session(workshop, pk):
    session = get_object_or_404(Session, workshop=workshop, pk=pk)
    session.workshop = workshop
    return session


def _date(value):
    try:
        return dt.date.fromisoformat(value or "")
    except ValueError:
        return None


def _context(workshop, draft, **extra):
    return {
        "workshop": workshop,
        "draft": draft,
        "warned_ids": draft.warned_ids,
        "speaker_roles": SessionSpeaker.Role.choices,
        **extra,
    }


def _changed(request, workshop, template, context=None, *, draft=None, headers=None):
    """A fragment after a change, with the warnings and the state of the draft swapped out
    of band."""
    draft = draft or Draft.load(workshop)
    context = _context(workshop, draft, **(context or {}))
    html = render_to_string(f"{PARTIALS}/{template}", context, request=request)
    html += render_to_string(f"{PARTIALS}/draft_updates.html", context, request=request)
    return HttpResponse(html, headers=headers)


def _board(request, workshop, *, highlight=None):
    """The whole board, for a change that may move a session to another day."""
    return _changed(
        request,
        workshop,
        "board.html",
        {"highlight": highlight},
        headers={"HX-Retarget": "#agenda-board", "HX-Reswap": "outerHTML"},
    )


def _session_form(data=None, *, session=None, slot=None, initial=None):
    auto_id = f"session-{session.pk}-%s" if session else f"new-{slot.isoformat()}-%s"
    return SessionForm(data, instance=session, initial=initial, auto_id=auto_id)


def _speaker_form(session, data=None):
    return SpeakerForm(data, auto_id=f"speaker-{session.pk}-%s")


def _speakers(request, workshop, session, **context):
    """A session's speakers (and the tools to add one), after a change."""
    draft = Draft.load(workshop)
    session = draft.session(session.pk)
    context.setdefault("speaker_form", _speaker_form(session))
    return _changed(
        request, workshop, "speakers.html", {"session": session, **context}, draft=draft
    )


@role_required(roles.can_edit_agenda)
@require_GET
def editor(request, year, slug):
    workshop = workshop_or_404(year, slug)
    draft = Draft.load(workshop)
    return render(
        request,
        "workshops/editor/editor.html",
        _context(workshop, draft, documents=queries.editor_documents(workshop)),
    )


def _new_session_initial(workshop, date):
    """Starts when the day's last session ends (09:00 on an empty day), lasts an hour."""
    last_end = Session.objects.filter(workshop=workshop, date=date).aggregate(Max("end_time"))
    start = last_end["end_time__max"] or dt.time(9, 0)
    later = (dt.datetime.combine(date, start) + dt.timedelta(hours=1)).time()
    end = later if later > start else dt.time(23, 59)
    return {"date": date, "start_time": start, "end_time": end, "kind": Session.Kind.PANEL}


@role_required(roles.can_edit_agenda)
@require_http_methods(["GET", "POST"])
def session_new(request, year, slug):
    """GET: the form to add a session on a day (or, with ``cancel``, the button again).
    POST: add it; the board comes back with the new session at the end of its day."""
    workshop = workshop_or_404(year, slug)
    params = request.GET if request.method == "GET" else request.POST
    slot = _date(params.get("date" if request.method == "GET" else "slot"))
    slot = slot or workshop.start_date
    context = {"workshop": workshop, "slot": slot}
    if request.method == "GET":
        if "cancel" not in request.GET:
            initial = _new_session_initial(workshop, slot)
            context["form"] = _session_form(slot=slot, initial=initial)
        return render(request, f"{PARTIALS}/add_session.html", context)
    form = _session_form(request.POST, slot=slot)
    if form.is_valid():
        try:
            session = services.add_session(workshop, actor=request.user, **form.changes())
        except ValidationError as error:
            form.add_error(None, error)
        else:
            return _board(request, workshop, highlight=session.pk)
    return render(request, f"{PARTIALS}/add_session.html", {**context, "form": form})


@role_required(roles.can_edit_agenda)
@require_http_methods(["GET", "POST"])
def session_edit(request, year, slug, pk):
    """GET: the card becomes a form (with ``cancel``: the card again). POST: save; the card
    comes back, or the whole board if the session moved to another day."""
    workshop = workshop_or_404(year, slug)
    session = _session(workshop, pk)
    if request.method == "GET":
        if "cancel" in request.GET:
            draft = Draft.load(workshop)
            return render(
                request,
                f"{PARTIALS}/session_card.html",
                _context(workshop, draft, session=draft.session(session.pk)),
            )
        form = _session_form(session=session)
        return render(
            request, f"{PARTIALS}/session_form.html", {"workshop": workshop, "form": form}
        )
    old_date = session.date
    form = _session_form(request.POST, session=session)
    if form.is_valid():
        try:
            session = services.update_session(session, actor=request.user, **form.changes())
        except ValidationError as error:
            form.add_error(None, error)
        else:
            if session.date != old_date:
                return _board(request, workshop, highlight=session.pk)
            draft = Draft.load(workshop)
            return _changed(
                request,
                workshop,
                "session_card.html",
                {"session": draft.session(session.pk), "highlight": session.pk},
                draft=draft,
            )
    return render(request, f"{PARTIALS}/session_form.html", {"workshop": workshop, "form": form})


@role_required(roles.can_edit_agenda)
@require_POST
def session_delete(request, year, slug, pk):
    """The card goes (an empty answer replaces it)."""
    workshop = workshop_or_404(year, slug)
    services.delete_session(_session(workshop, pk), actor=request.user)
    return _changed(request, workshop, "nothing.html")


def _bad_request(message):
    return HttpResponse(message, status=400, content_type="text/plain; charset=utf-8")


@role_required(roles.can_edit_agenda)
@require_POST
def reorder(request, year, slug):
    """The sessions of one day in a new order: ``date`` and every ``session`` id of that
    day, in order. Answers with the day; 400 and the reason for a list that is not the
    day's."""
    workshop = workshop_or_404(year, slug)
    form = ReorderForm(request.POST)
    if not form.is_valid():
        return _bad_request(
            " ".join(message for errors in form.errors.values() for message in errors)
        )
    date = form.cleaned_data["date"]
    try:
        services.reorder_day(
            workshop, actor=request.user, date=date, session_ids=form.cleaned_data["session_ids"]
        )
    except ValidationError as error:
        return _bad_request(" ".join(error.messages))
    draft = Draft.load(workshop)
    return _changed(request, workshop, "day.html", {"day": draft.day(date)}, draft=draft)


@role_required(roles.can_edit_agenda)
@require_http_methods(["GET", "POST"])
def session_speakers(request, year, slug, pk):
    """GET: a session's speakers with the tools to add one (with ``done``: without them).
    POST ``speaker`` and ``role``: give that speaker that role in the session."""
    workshop = workshop_or_404(year, slug)
    session = _session(workshop, pk)
    if request.method == "GET":
        session = Session.objects.prefetch_related("speakers__speaker").get(pk=session.pk)
        session.workshop = workshop
        return render(
            request,
            f"{PARTIALS}/speakers.html",
            {
                "workshop": workshop,
                "session": session,
                "editing": "done" not in request.GET,
                "speaker_form": _speaker_form(session),
                "speaker_roles": SessionSpeaker.Role.choices,
            },
        )
    form = AssignSpeakerForm(request.POST)
    if not form.is_valid():
        return _speakers(
            request,
            workshop,
            session,
            editing=True,
            error=_("Pick a speaker from the list and a role."),
        )
    part = services.assign_speaker(
        session,
        actor=request.user,
        speaker=form.cleaned_data["speaker"],
        role=form.cleaned_data["role"],
    )
    done = _("%(name)s: %(role)s.") % {
        "name": part.speaker.display_name,
        "role": part.get_role_display(),
    }
    return _speakers(request, workshop, session, editing=True, notice=done, role=part.role)


@role_required(roles.can_edit_agenda)
@require_POST
def speaker_remove(request, year, slug, pk):
    """Take a speaker (a session's speaker row, ``pk``) off a session."""
    workshop = workshop_or_404(year, slug)
    part = get_object_or_404(
        SessionSpeaker.objects.select_related("session"), session__workshop=workshop, pk=pk
    )
    part.session.workshop = workshop
    services.remove_speaker(part, actor=request.user)
    return _speakers(request, workshop, part.session, editing="editing" in request.POST)


@role_required(roles.can_edit_agenda)
@require_GET
def speaker_search(request, year, slug):
    """Speakers whose name, position or organization contains ``q``, for ``session`` (those
    already in it are left out)."""
    workshop = workshop_or_404(year, slug)
    session_id = object_id(request.GET.get("session", ""))
    if session_id is None:
        return _bad_request(_("A speaker is searched for a session: the session is missing."))
    session = _session(workshop, session_id)
    query = request.GET.get("q", "").strip()
    speakers = []
    if query:
        speakers = (
            Speaker.objects.filter(
                Q(name__icontains=query)
                | Q(organization__icontains=query)
                | Q(position__icontains=query)
            )
            .exclude(sessions__session=session)
            .order_by("name")[:SEARCH_RESULTS]
        )
    return render(
        request,
        f"{PARTIALS}/speaker_results.html",
        {"workshop": workshop, "session": session, "speakers": speakers, "query": query},
    )


@role_required(roles.can_edit_agenda)
@require_POST
def speaker_new(request, year, slug):
    """Create a speaker on the spot and give them a role in ``session``."""
    workshop = workshop_or_404(year, slug)
    session_id = object_id(request.POST.get("session", ""))
    if session_id is None:
        return _bad_request(_("A new speaker is added to a session: the session is missing."))
    session = _session(workshop, session_id)
    form = _speaker_form(session, request.POST)
    if not form.is_valid():
        return _speakers(request, workshop, session, editing=True, speaker_form=form, adding=True)
    with transaction.atomic():
        speaker = services.create_speaker(actor=request.user, **form.speaker_fields())
        services.assign_speaker(
            session, actor=request.user, speaker=speaker, role=form.cleaned_data["role"]
        )
    done = _("%(name)s is added to the speakers.") % {"name": speaker.display_name}
    return _speakers(request, workshop, session, editing=True, notice=done)


@role_required(roles.can_edit_agenda)
@require_POST
def publish(request, year, slug):
    """Publish the draft as the next release (a plain form: the whole page comes back)."""
    workshop = workshop_or_404(year, slug)
    try:
        release = services.publish_agenda(workshop, actor=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            _("Release %(number)d of the agenda is published.") % {"number": release.number},
        )
    return redirect("workshops:editor", year=workshop.idm_year.year, slug=workshop.slug)
