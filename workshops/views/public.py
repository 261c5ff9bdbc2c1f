"""Public pages of workshops: the workshops of a year, a workshop, its published agenda (as a
page, a calendar file and a PDF) and the speakers of published agendas."""

from django.core.files.storage import default_storage
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.views.decorators.cache import never_cache

from idm_portal.core import page_cache, roles
from idm_portal.core import queries as core_queries
from idm_portal.core.links import absolute_url
from idm_portal.core.models import IdmYear
from workshops import calendar, queries
from workshops.models import Speaker, Workshop
from workshops.queries import workshop_or_404
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


def _workshop_and_release(request, year, slug):
    """The visible workshop and the heading of its latest release (None when there is none),
    in one query: what the cache key of its pages needs."""
    workshop = queries.visible_workshop_with_release(request.user, year=year, slug=slug)
    if workshop is None:
        raise Http404("No such workshop.")
    return workshop, workshop.latest_release


def _detail_context(request, workshop, release, now):
    return {
        "workshop": workshop,
        "registration": _registration_state(workshop, now),
        "window_error": registration_window_error(workshop, now),
        "release": release,
    }


def workshop_detail(request, year, slug):
    """The workshop page: whole from the cache for anonymous visitors (keyed by the workshop
    row, its year, its release, its public documents and the registration window as it is
    now); rendered for a signed-in visitor, whose registration and role links it shows."""
    workshop, release = _workshop_and_release(request, year, slug)
    now = timezone.now()
    context = _detail_context(request, workshop, release, now)
    if page_cache.is_anonymous_and_quiet(request):
        documents = queries.visible_documents(workshop, request.user)
        parts = [
            *page_cache.row_values(workshop, workshop.idm_year, release, *documents),
            context["registration"],
            context["window_error"],
        ]
        return page_cache.anonymous_page(
            request,
            "workshop",
            parts,
            lambda: render(
                request,
                "workshops/workshop_detail.html",
                {
                    **context,
                    "documents": documents,
                    "language_links": page_cache.language_links(request),
                },
            ),
        )
    context["mine"] = (
        live_registration(workshop, request.user) if roles.is_signed_in(request.user) else None
    )
    context["documents"] = queries.visible_documents(workshop, request.user)
    return page_cache.personal(render(request, "workshops/workshop_detail.html", context))


def _agenda_days(workshop, release):
    """The rendered changes and days of the latest release, from the cache (a release never
    changes; its days are made once per language and template version)."""
    return page_cache.cached_fragment(
        "agenda-days",
        page_cache.row_values(workshop, workshop.idm_year, release),
        lambda: render_to_string(
            "workshops/partials/agenda_days.html",
            {"published": queries.published_agenda(workshop)},
        ),
    )


def agenda(request, year, slug):
    """The published agenda: whole from the cache for anonymous visitors, found with one
    small query (``queries.agenda_version``); for a signed-in visitor the cached days inside
    a header rendered for them."""
    if page_cache.is_anonymous_and_quiet(request):
        version = queries.agenda_version(request.user, year=year, slug=slug)
        if version is None:
            raise Http404("No such workshop.")
        return page_cache.anonymous_page(
            request,
            "agenda",
            version.parts,
            lambda: _agenda_page(
                request, year, slug, language_links=page_cache.language_links(request)
            ),
            last_modified=version.published_at,
        )
    return page_cache.personal(_agenda_page(request, year, slug))


def _agenda_page(request, year, slug, **extra):
    workshop, release = _workshop_and_release(request, year, slug)
    context = {
        "workshop": workshop,
        "published": queries.PublishedAgenda(release=release) if release else None,
        # The delegations' published statements under their sessions, outside the cached
        # days.
        "statements": published_statements_by_session(workshop),
    }
    if release is not None:
        context["agenda_days"] = _agenda_days(workshop, release)
    return render(request, "workshops/agenda.html", {**context, **extra})


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
    workshop = workshop_or_404(year, slug, visible_to=request.user)
    published = _published_or_404(workshop)
    response = HttpResponse(
        calendar.agenda_calendar(workshop, published, agenda_url=_agenda_url(workshop)),
        content_type="text/calendar; charset=utf-8",
    )
    response["Content-Disposition"] = f'attachment; filename="{workshop.slug}.ics"'
    return response


@never_cache
def agenda_pdf(request, year, slug):
    workshop = workshop_or_404(year, slug, visible_to=request.user)
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
