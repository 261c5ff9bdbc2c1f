"""Public pages of workshops: the workshops of a year, a workshop, its published agenda (as a
page, a calendar file and a PDF) and the speakers of published agendas."""

from django.core.files.storage import default_storage
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.views.decorators.cache import never_cache

from idm_portal.core import queries as core_queries
from idm_portal.core import roles
from idm_portal.core.links import absolute_url
from idm_portal.core.models import IdmYear
from workshops import calendar, queries
from workshops.models import Speaker, Workshop
from workshops.services.agenda_pdf import request_release_pdf
from workshops.services.registration import live_registration, registration_window_error
from workshops.services.statements import published_statements_by_session


def workshop_index(request):
    year = core_queries.current_idm_year()
    if year is None:
        raise Http404("No IDM year yet.")
    return redirect("workshops:list", year=year.year)


def workshop_list(request, year):
    idm_year = get_object_or_404(IdmYear, year=year)
    return render(
        request,
        "workshops/workshop_list.html",
        {
            "idm_year": idm_year,
            "workshops": queries.workshops_of_year(idm_year, request.user),
            "years": IdmYear.objects.order_by("-year"),
        },
    )


def _visible_workshop(request, year, slug):
    return get_object_or_404(
        queries.visible_workshops(request.user), idm_year__year=year, slug=slug
    )


def _registration_state(workshop, now):
    """'unannounced', 'upcoming', 'open' or 'closed'; None when there is nothing to say (a
    cancelled workshop, or one held without online registration)."""
    opens, closes = workshop.registration_opens, workshop.registration_closes
    if workshop.status == Workshop.Status.CANCELLED:
        return None
    if closes is not None and closes <= now:
        return "closed"
    if opens is not None and now < opens:
        return "upcoming"
    if opens is None and closes is None:
        return None if workshop.status == Workshop.Status.HELD else "unannounced"
    return "open"


def workshop_detail(request, year, slug):
    workshop = _visible_workshop(request, year, slug)
    return render(
        request,
        "workshops/workshop_detail.html",
        {
            "workshop": workshop,
            "registration": _registration_state(workshop, timezone.now()),
            "window_error": registration_window_error(workshop),
            "mine": (
                live_registration(workshop, request.user)
                if roles.is_signed_in(request.user)
                else None
            ),
            "release": queries.latest_release(workshop),
            "documents": queries.visible_documents(workshop, request.user),
        },
    )


def agenda(request, year, slug):
    workshop = _visible_workshop(request, year, slug)
    return render(
        request,
        "workshops/agenda.html",
        {
            "workshop": workshop,
            "published": queries.published_agenda(workshop),
            "statements": published_statements_by_session(workshop),
        },
    )


def _agenda_url(workshop):
    return absolute_url(
        reverse("workshops:agenda", kwargs={"year": workshop.idm_year.year, "slug": workshop.slug})
    )


def _published_or_404(workshop):
    published = queries.published_agenda(workshop)
    if published is None:
        raise Http404("The agenda has not been published yet.")
    return published


def agenda_ics(request, year, slug):
    workshop = _visible_workshop(request, year, slug)
    published = _published_or_404(workshop)
    response = HttpResponse(
        calendar.agenda_calendar(workshop, published, agenda_url=_agenda_url(workshop)),
        content_type="text/calendar; charset=utf-8",
    )
    response["Content-Disposition"] = f'attachment; filename="{workshop.slug}.ics"'
    return response


@never_cache
def agenda_pdf(request, year, slug):
    workshop = _visible_workshop(request, year, slug)
    release = queries.latest_release(workshop)
    if release is None:
        raise Http404("The agenda has not been published yet.")
    release.workshop = workshop
    language = translation.get_language()
    path = request_release_pdf(release, language=language)
    if path is None:
        return render(
            request,
            "workshops/agenda_pdf_pending.html",
            {"workshop": workshop, "release": release},
            status=202,
        )
    return FileResponse(
        default_storage.open(path, "rb"),
        content_type="application/pdf",
        filename=f"{workshop.slug}-agenda-{language}.pdf",
    )


def speaker(request, pk):
    person = get_object_or_404(Speaker, pk=pk)
    appearances = queries.speaker_appearances(person)
    if not appearances and not roles.can_see_unpublished(request.user):
        raise Http404("This speaker is on no published agenda.")
    return render(
        request, "workshops/speaker.html", {"speaker": person, "appearances": appearances}
    )
