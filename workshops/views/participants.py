"""The Secretariat's registrations of a workshop: the list (filter, sort, bulk actions),
exports, the list of participants as a PDF (made by the worker), check-in at the door and attendance
statistics."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count, Q
from django.http import HttpResponse, QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from idm_portal.core import roles
from idm_portal.core.csv_stream import streaming_csv
from idm_portal.core.listing import list_context
from idm_portal.core.params import object_id, object_ids
from idm_portal.core.roles import role_required
from idm_portal.core.templatetags.idm import clock
from workshops import exports
from workshops.models import Registration
from workshops.queries import workshop_or_404
from workshops.services import registration as services
from workshops.services import registration_exports
from workshops.services.registration_pdfs import request_participants_pdf
from workshops.statistics import attendance_statistics
from workshops.views._serving import serve_workshop_document

PAGE_SIZE = 50
CHECK_IN_RESULTS = 30
PARTICIPATING = (Registration.Status.CONFIRMED, Registration.Status.ATTENDED)

# action: (service, the status it acts on, message)
BULK_ACTIONS = {
    "approve": (
        services.approve,
        (Registration.Status.PENDING,),
        lambda n: ngettext(
            "%(count)d registration approved.", "%(count)d registrations approved.", n
        ),
    ),
    "decline": (
        services.decline,
        (
            Registration.Status.PENDING,
            Registration.Status.WAITLISTED,
            Registration.Status.CONFIRMED,
        ),
        lambda n: ngettext(
            "%(count)d registration declined.", "%(count)d registrations declined.", n
        ),
    ),
    "move_off_waiting_list": (
        services.move_off_waiting_list,
        (Registration.Status.WAITLISTED,),
        lambda n: ngettext(
            "%(count)d registration moved off the waiting list.",
            "%(count)d registrations moved off the waiting list.",
            n,
        ),
    ),
}


def _url(name, workshop):
    return reverse(f"workshops:{name}", args=[workshop.idm_year.year, workshop.slug])


def _filtered(request, workshop):
    return registration_exports.filtered_registrations(workshop, request.GET)


@role_required(roles.can_manage_registrations)
def registrations(request, year, slug):
    workshop = workshop_or_404(year, slug)
    registration_filter, queryset = _filtered(request, workshop)
    listing = list_context(
        request,
        queryset,
        page_size=PAGE_SIZE,
        counted=Registration.objects.filter(workshop=workshop),
        status_choices=Registration.Status.choices,
    )
    unsorted = request.GET.copy()
    unsorted.pop("page", None)
    unsorted.pop("sort", None)
    current_sort = request.GET.get("sort", "")
    sort_links = {
        key: f"?{unsorted.urlencode()}&sort={'-' if current_sort == key else ''}{key}"
        for key in ("name", "organization", "status", "date")
    }
    return render(
        request,
        "workshops/participants/list.html",
        {
            "workshop": workshop,
            "filter": registration_filter,
            **listing,
            "sort_links": sort_links,
            "bulk_actions": [
                ("approve", _("Approve")),
                ("decline", _("Decline")),
                ("move_off_waiting_list", _("Move off the waiting list")),
            ],
        },
    )


@require_POST
@role_required(roles.can_manage_registrations)
def bulk(request, year, slug):
    workshop = workshop_or_404(year, slug)
    # Back to the list as it was filtered; QueryDict re-encodes, so nothing else gets in.
    back = _url("registrations", workshop)
    query = QueryDict(request.POST.get("query", "")).urlencode()
    if query:
        back = f"{back}?{query}"
    action = BULK_ACTIONS.get(request.POST.get("action"))
    ids = object_ids(request.POST.getlist("registration"))
    if action is None:
        messages.error(request, _("Choose an action."))
        return redirect(back)
    if not ids:
        messages.error(request, _("Tick the registrations to act on."))
        return redirect(back)
    service, acts_on, message = action
    done = skipped = 0
    for registration in Registration.objects.filter(workshop=workshop, pk__in=ids).select_related(
        "workshop"
    ):
        if registration.status not in acts_on:
            skipped += 1
            continue
        try:
            service(registration, actor=request.user)
        except services.TryAgain:
            messages.error(request, _(services.TryAgain.message))
            break
        done += 1
    messages.success(request, message(done) % {"count": done})
    if skipped:
        messages.warning(
            request,
            ngettext(
                "%(count)d registration was left as it was: its status does not allow it.",
                "%(count)d registrations were left as they were: their status does not allow it.",
                skipped,
            )
            % {"count": skipped},
        )
    return redirect(back)


def _export_name(workshop, extension):
    name = f"registrations-{workshop.idm_year.year}-{workshop.slug}.{extension}"
    return f'attachment; filename="{name}"'


def _export_filename(workshop, extension):
    return f"registrations-{workshop.idm_year.year}-{workshop.slug}.{extension}"


@role_required(roles.can_manage_registrations)
def export_csv(request, year, slug):
    """The filtered registrations as CSV, streamed row by row (any number of rows)."""
    workshop = workshop_or_404(year, slug)
    _filter, queryset = _filtered(request, workshop)
    return streaming_csv(
        exports.header(),
        exports.csv_rows(queryset, workshop),
        filename=_export_filename(workshop, "csv"),
    )


@never_cache
@role_required(roles.can_manage_registrations)
def export_xlsx(request, year, slug):
    """The filtered registrations as XLSX: made here for a short list, by the worker (the
    "being made" page meanwhile) beyond ROWS_IN_REQUEST rows."""
    workshop = workshop_or_404(year, slug)
    _filter, queryset = _filtered(request, workshop)
    filename = _export_filename(workshop, "xlsx")
    state = registration_exports.export_state(queryset)
    if state["count"] <= registration_exports.ROWS_IN_REQUEST:
        response = HttpResponse(
            exports.to_xlsx(queryset, workshop), content_type=registration_exports.XLSX_TYPE
        )
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
        return response
    query = request.GET.copy()
    query.pop("page", None)
    path = registration_exports.request_registrations_xlsx(
        workshop, language=get_language() or "en", query=query.urlencode(), state=state
    )
    return serve_workshop_document(
        request,
        path,
        workshop,
        name="registrations",
        extension="xlsx",
        content_type=registration_exports.XLSX_TYPE,
        title=_("Registrations as a spreadsheet: %(title)s"),
        back=("registrations", _("Back to the registrations")),
    )


@never_cache
@role_required(roles.can_manage_registrations)
def participants_pdf(request, year, slug):
    """The list of participants as it is now: made by the worker (seconds for two hundred
    people), so the request answers the "being made" page until the file is stored."""
    workshop = workshop_or_404(year, slug)
    path = request_participants_pdf(workshop, language=get_language() or "en")
    return serve_workshop_document(
        request,
        path,
        workshop,
        name="participants",
        title=_("List of participants: %(title)s"),
        back=("registrations", _("Back to the registrations")),
    )


def _check_in_one(request, workshop, registration):
    """Check one registration in, and say what happened."""
    name = registration.badge_name
    if registration.status == Registration.Status.ATTENDED:
        messages.warning(
            request,
            _("%(name)s was already checked in at %(time)s.")
            % {"name": name, "time": clock(registration.attended_at, workshop)},
        )
        return
    if registration.status == Registration.Status.WAITLISTED:
        messages.error(
            request,
            _("%(name)s is on the waiting list, not confirmed: do not check them in.")
            % {"name": name},
        )
        return
    try:
        services.check_in(registration, actor=request.user)
    except ValidationError as error:
        messages.error(request, f"{name}: {' '.join(error.messages)}")
        return
    messages.success(
        request,
        _("%(name)s (%(organization)s) is checked in.")
        % {"name": name, "organization": registration.organization.name},
    )


@role_required(roles.can_manage_registrations)
def check_in(request, year, slug):
    workshop = workshop_or_404(year, slug)
    registrations = Registration.objects.filter(workshop=workshop).select_related("organization")
    back = _url("check_in", workshop)
    if request.method == "POST":
        search = request.POST.get("q", "").strip()
        if search:
            query = QueryDict(mutable=True)
            query["q"] = search
            back = f"{back}?{query.urlencode()}"
        token = request.POST.get("token", "").strip()
        pk = object_id(request.POST.get("registration", ""))
        if token:
            registration = registrations.filter(checkin_token=token).first()
            if registration is None:
                messages.error(
                    request,
                    _("No registration for this workshop has the code “%(token)s”.")
                    % {"token": token[:60]},
                )
            else:
                _check_in_one(request, workshop, registration)
        elif pk is not None:
            _check_in_one(request, workshop, get_object_or_404(registrations, pk=pk))
        else:
            messages.error(request, _("Scan a code or choose a person to check in."))
        return redirect(back)

    search = request.GET.get("q", "").strip()
    found = registrations.filter(status__in=PARTICIPATING)
    if search:
        found = found.filter(
            Q(badge_name__icontains=search)
            | Q(email__icontains=search)
            | Q(organization__name__icontains=search)
            | Q(organization__acronym__iexact=search)
        )
    counts = Registration.objects.filter(workshop=workshop).aggregate(
        confirmed=Count("pk", filter=Q(status=Registration.Status.CONFIRMED)),
        attended=Count("pk", filter=Q(status=Registration.Status.ATTENDED)),
    )
    return render(
        request,
        "workshops/participants/check_in.html",
        {
            "workshop": workshop,
            "search": search,
            "found": found.order_by("badge_name", "pk")[:CHECK_IN_RESULTS] if search else [],
            "counts": counts,
        },
    )


@role_required(roles.can_manage_registrations)
def statistics(request, year, slug):
    workshop = workshop_or_404(year, slug)
    return render(
        request,
        "workshops/participants/statistics.html",
        {"workshop": workshop, "statistics": attendance_statistics(workshop)},
    )
