"""The Secretariat's lists (registrations, invitations, suggestions, the outbox): one page
of the filtered rows, the query string that keeps the filter in the page links, and the
rows counted by status for the filter's buttons."""

from django.core.paginator import Paginator
from django.db.models import Count


def count_by_status(rows, choices):
    """``[(value, label, count)]`` for every status of ``choices`` (a model's
    ``Status.choices``), zero where no row has it, and the total."""
    counts = dict(rows.values_list("status").annotate(count=Count("pk")).order_by())
    return [(value, label, counts.get(value, 0)) for value, label in choices], sum(counts.values())


def list_context(request, rows, *, page_size, counted=None, status_choices=None):
    """The context of a list page: ``page`` (the page of ``rows`` that ``?page=`` asks for,
    the last one past the end), ``query`` (the query string without the page, for the page
    links) and, given ``counted`` (the unfiltered rows) and ``status_choices``,
    ``status_counts`` and ``total``."""
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "page": Paginator(rows, page_size).get_page(request.GET.get("page")),
        "query": query.urlencode(),
    }
    if counted is not None:
        context["status_counts"], context["total"] = count_by_status(counted, status_choices)
    return context
