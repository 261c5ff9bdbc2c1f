"""The list of speakers in the room: the chair's view (the Secretariat), the projector's
full-screen view and a delegation's phone-size page. The chair's queue, the projector and
the delegate's place refresh themselves by htmx polling; every action is a POST through a
service, answered with the fragment (htmx) or a redirect."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from idm_portal.core import roles
from workshops.models import FloorRequest, Session, SpeakersList
from workshops.queries import workshop_or_404
from workshops.room_forms import AddDelegationForm, SpeakersListForm
from workshops.services import speakers_list as services

CHAIR_PARTIAL = "workshops/speakers_list/partials/chair_room.html"
PROJECTOR_PARTIAL = "workshops/speakers_list/partials/projector_room.html"
FLOOR_PARTIAL = "workshops/speakers_list/partials/floor_status.html"


def _is_htmx(request):
    return request.headers.get("HX-Request") == "true"


def _session(request, year, slug, session):
    workshop = workshop_or_404(year, slug, visible_to=request.user)
    found = get_object_or_404(Session, workshop=workshop, pk=session)
    found.workshop = workshop
    return found


def _open_list(request, year, slug, session):
    found = _session(request, year, slug, session)
    speakers_list = get_object_or_404(SpeakersList, session=found)
    speakers_list.session = found
    return speakers_list


def _chair_context(speakers_list):
    return {
        "session": speakers_list.session,
        "workshop": speakers_list.session.workshop,
        "speakers_list": speakers_list,
        "room": services.room(speakers_list),
    }


def _chair_answer(request, speakers_list):
    if _is_htmx(request):
        return render(request, CHAIR_PARTIAL, _chair_context(speakers_list))
    session = speakers_list.session
    return redirect(
        "workshops:speakers_chair",
        year=session.workshop.idm_year.year,
        slug=session.workshop.slug,
        session=session.pk,
    )


@roles.role_required(roles.can_chair_speakers_list)
@require_GET
def lists(request, year, slug):
    """The sessions of a workshop, general discussions first, with their lists."""
    workshop = workshop_or_404(year, slug, visible_to=request.user)
    sessions = (
        Session.objects.filter(workshop=workshop)
        .exclude(kind__in=[Session.Kind.BREAK, Session.Kind.LUNCH])
        .select_related("speakers_list")
        .order_by("date", "order", "start_time", "pk")
    )
    return render(
        request,
        "workshops/speakers_list/lists.html",
        {"workshop": workshop, "sessions": sessions},
    )


@roles.role_required(roles.can_chair_speakers_list)
@require_POST
def open_list(request, year, slug, session):
    found = _session(request, year, slug, session)
    services.open_speakers_list(found, actor=request.user)
    return redirect("workshops:speakers_chair", year=year, slug=slug, session=found.pk)


@never_cache
@roles.role_required(roles.can_chair_speakers_list)
@require_GET
def chair(request, year, slug, session):
    speakers_list = _open_list(request, year, slug, session)
    context = _chair_context(speakers_list)
    context["settings_form"] = SpeakersListForm(instance=speakers_list)
    context["add_form"] = AddDelegationForm()
    return render(request, "workshops/speakers_list/chair.html", context)


@never_cache
@roles.role_required(roles.can_chair_speakers_list)
@require_GET
def chair_room(request, year, slug, session):
    """The chair's queue, for htmx to swap in every few seconds."""
    return render(request, CHAIR_PARTIAL, _chair_context(_open_list(request, year, slug, session)))


@roles.role_required(roles.can_chair_speakers_list)
@require_POST
def change_settings(request, year, slug, session):
    speakers_list = _open_list(request, year, slug, session)
    form = SpeakersListForm(request.POST, instance=SpeakersList.objects.get(pk=speakers_list.pk))
    if form.is_valid():
        data = form.cleaned_data
        services.update_speakers_list(
            speakers_list,
            actor=request.user,
            order=data["order"],
            speaking_time=data["speaking_time"],
            is_open=data["is_open"],
        )
        speakers_list.refresh_from_db()
        messages.success(request, _("The settings of the list were saved."))
    else:
        messages.error(request, " ".join(m for errors in form.errors.values() for m in errors))
    return redirect("workshops:speakers_chair", year=year, slug=slug, session=session)


@roles.role_required(roles.can_chair_speakers_list)
@require_POST
def add_delegation(request, year, slug, session):
    speakers_list = _open_list(request, year, slug, session)
    form = AddDelegationForm(request.POST)
    if form.is_valid():
        services.ask_for_floor(
            speakers_list, actor=request.user, organization=form.cleaned_data["organization"]
        )
    return _chair_answer(request, speakers_list)


@roles.role_required(roles.can_chair_speakers_list)
@require_POST
def finish(request, year, slug, session):
    speakers_list = _open_list(request, year, slug, session)
    services.finish_turn(speakers_list, actor=request.user)
    return _chair_answer(request, speakers_list)


def _request_of(request, year, slug, session, pk):
    speakers_list = _open_list(request, year, slug, session)
    entry = get_object_or_404(FloorRequest, speakers_list=speakers_list, pk=pk)
    entry.speakers_list = speakers_list
    return speakers_list, entry


@roles.role_required(roles.can_chair_speakers_list)
@require_POST
def give_floor(request, year, slug, session, pk):
    speakers_list, entry = _request_of(request, year, slug, session, pk)
    try:
        services.give_floor(entry, actor=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return _chair_answer(request, speakers_list)


@roles.role_required(roles.can_chair_speakers_list)
@require_POST
def move(request, year, slug, session, pk):
    speakers_list, entry = _request_of(request, year, slug, session, pk)
    try:
        services.move_request(entry, actor=request.user, direction=request.POST.get("direction"))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return _chair_answer(request, speakers_list)


@roles.role_required(roles.can_chair_speakers_list)
@require_POST
def remove(request, year, slug, session, pk):
    speakers_list, entry = _request_of(request, year, slug, session, pk)
    services.withdraw_request(entry, actor=request.user)
    return _chair_answer(request, speakers_list)


def _projector_context(speakers_list):
    return {
        "session": speakers_list.session,
        "workshop": speakers_list.session.workshop,
        "room": services.room(speakers_list),
    }


@never_cache
@roles.role_required(roles.can_chair_speakers_list)
@require_GET
def projector(request, year, slug, session):
    """The full-screen view for the room's projector."""
    speakers_list = _open_list(request, year, slug, session)
    return render(
        request, "workshops/speakers_list/projector.html", _projector_context(speakers_list)
    )


@never_cache
@roles.role_required(roles.can_chair_speakers_list)
@require_GET
def projector_room(request, year, slug, session):
    speakers_list = _open_list(request, year, slug, session)
    return render(request, PROJECTOR_PARTIAL, _projector_context(speakers_list))


# --- A delegation's page (phone-size) ---


def _floor_context(request, speakers_list):
    delegation = services.delegation_of(request.user, speakers_list.session.workshop)
    room = services.room(speakers_list)
    mine = None
    if delegation is not None:
        if room.speaker is not None and room.speaker.organization_id == delegation.pk:
            mine = room.speaker
        mine = mine or next((e for e in room.queue if e.organization_id == delegation.pk), None)
    place = room.queue.index(mine) + 1 if mine is not None and mine in room.queue else None
    return {
        "session": speakers_list.session,
        "workshop": speakers_list.session.workshop,
        "speakers_list": speakers_list,
        "room": room,
        "delegation": delegation,
        "mine": mine,
        "place": place,
    }


def _floor_answer(request, speakers_list):
    if _is_htmx(request):
        return render(request, FLOOR_PARTIAL, _floor_context(request, speakers_list))
    session = speakers_list.session
    return redirect(
        "workshops:floor",
        year=session.workshop.idm_year.year,
        slug=session.workshop.slug,
        session=session.pk,
    )


@never_cache
@roles.role_required(roles.can_ask_for_floor)
@require_GET
def floor(request, year, slug, session):
    speakers_list = _open_list(request, year, slug, session)
    return render(
        request, "workshops/speakers_list/floor.html", _floor_context(request, speakers_list)
    )


@never_cache
@roles.role_required(roles.can_ask_for_floor)
@require_GET
def floor_status(request, year, slug, session):
    speakers_list = _open_list(request, year, slug, session)
    return render(request, FLOOR_PARTIAL, _floor_context(request, speakers_list))


@roles.role_required(roles.can_ask_for_floor)
@require_POST
def ask(request, year, slug, session):
    speakers_list = _open_list(request, year, slug, session)
    try:
        services.ask_for_floor(speakers_list, actor=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return _floor_answer(request, speakers_list)


@roles.role_required(roles.can_ask_for_floor)
@require_POST
def withdraw(request, year, slug, session):
    speakers_list = _open_list(request, year, slug, session)
    delegation = services.delegation_of(request.user, speakers_list.session.workshop)
    entry = (
        speakers_list.requests.filter(
            organization=delegation, status=FloorRequest.Status.WAITING
        ).first()
        if delegation
        else None
    )
    if entry is not None:
        entry.speakers_list = speakers_list
        services.withdraw_request(entry, actor=request.user)
    return _floor_answer(request, speakers_list)
