"""The top floor's pages: the home page, which composes workshops and consultations, and
/healthz."""

from django.http import JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache

from consultations import queries as consultation_queries
from idm_portal.core import health
from idm_portal.core import queries as core_queries
from workshops import queries as workshop_queries


def home(request):
    idm_year = core_queries.current_idm_year()
    context = {
        "idm_year": idm_year,
        "workshops": [],
        "meetings": [],
        "open_rounds": list(consultation_queries.open_voting_rounds()),
    }
    if idm_year is not None:
        context["workshops"] = workshop_queries.workshops_of_year(idm_year, request.user)
        context["meetings"] = consultation_queries.meetings_of_year(idm_year)
    return render(request, "home.html", context)


@never_cache
def healthz(request):
    """Liveness by default (``/healthz``, ``/healthz?live``): never waits on a part.
    Readiness with ``/healthz?ready``: the state of the database, the broker and the
    workers, checked at most every HEALTH_CACHE_SECONDS, without details."""
    check = health.readiness if "ready" in request.GET else health.liveness
    healthy, report = check()
    return JsonResponse(report, status=200 if healthy else 503)


def csrf_failure(request, reason=""):
    """A refused form (its CSRF token is missing or stale, often an expired session) in the
    portal's layout: Django's own page carries an inline <style> that the
    Content-Security-Policy refuses."""
    return render(request, "403_csrf.html", {"reason": reason}, status=403)
