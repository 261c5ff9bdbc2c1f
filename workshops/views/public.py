"""Public pages of workshops."""

from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render

from idm_portal.core import queries as core_queries
from idm_portal.core.models import IdmYear
from workshops import queries


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


def workshop_detail(request, year, slug):
    workshop = get_object_or_404(
        queries.visible_workshops(request.user), idm_year__year=year, slug=slug
    )
    return render(request, "workshops/workshop_detail.html", {"workshop": workshop})


def agenda(request, year, slug):
    raise NotImplementedError  # issue 3: public agenda page (in progress)


def agenda_ics(request, year, slug):
    raise NotImplementedError  # issue 3: calendar file (in progress)


def agenda_pdf(request, year, slug):
    raise NotImplementedError  # issue 3: PDF (in progress)


def speaker(request, pk):
    raise NotImplementedError  # issue 3: speaker page (in progress)
