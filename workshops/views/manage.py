"""The Secretariat's pages of a workshop's life: the workshops of an IDM year with their
status, a new workshop, its edit page (with publication and the registration window), its
status (with a confirmation step that says who will be told) and its capacity and quotas.
Every change is a POST that calls a service of ``workshops.services.lifecycle``."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from idm_portal.core import roles
from idm_portal.core.forms import add_service_errors
from idm_portal.core.models import IdmYear
from idm_portal.core.roles import role_required
from workshops.lifecycle_forms import (
    CapacityForm,
    RegistrationWindowForm,
    StatusForm,
    WorkshopForm,
)
from workshops.models import Registration, Workshop
from workshops.queries import workshop_or_404
from workshops.services import lifecycle
from workshops.services.registration import TryAgain, registration_window_error

# How many of the people to be told the confirmation page names (the counts are complete).
NAMED_ON_CONFIRMATION = 50


def _url(name, workshop):
    return reverse(f"workshops:{name}", args=[workshop.idm_year.year, workshop.slug])


def _seat_counts():
    return {
        "seats_taken": Count(
            "registrations", filter=Q(registrations__status__in=Registration.HOLDS_SEAT)
        ),
        "wait_listed": Count(
            "registrations", filter=Q(registrations__status=Registration.Status.WAITLISTED)
        ),
    }


@role_required(roles.can_manage_workshop)
def workshop_list(request, year):
    idm_year = get_object_or_404(IdmYear, year=year)
    workshops = (
        Workshop.objects.filter(idm_year=idm_year)
        .annotate(**_seat_counts())
        .order_by("start_date", "ordinal")
    )
    return render(
        request,
        "workshops/manage/list.html",
        {
            "idm_year": idm_year,
            "workshops": workshops,
            "years": IdmYear.objects.order_by("-year"),
        },
    )


@role_required(roles.can_manage_workshop)
def workshop_new(request, year):
    idm_year = get_object_or_404(IdmYear, year=year)
    form = WorkshopForm(request.POST or None, idm_year=idm_year)
    if request.method == "POST" and form.is_valid():
        try:
            workshop = lifecycle.create_workshop(
                idm_year,
                actor=request.user,
                **{name: form.cleaned_data[name] for name in form.Meta.fields},
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Workshop created. It is a draft until you publish it."))
            return redirect(_url("manage", workshop))
    return render(request, "workshops/manage/new.html", {"idm_year": idm_year, "form": form})


def _manage_context(workshop):
    counts = Workshop.objects.filter(pk=workshop.pk).aggregate(**_seat_counts())
    return {
        "workshop": workshop,
        "quotas": list(workshop.quotas.all()),
        "registration_error": registration_window_error(workshop),
        **counts,
    }


@role_required(roles.can_manage_workshop)
def manage(request, year, slug):
    """The workshop's page for the Secretariat: edit it; publication, status, seats and the
    registration window at a glance, with their own forms."""
    workshop = workshop_or_404(year, slug)
    form = WorkshopForm(request.POST or None, instance=workshop, idm_year=workshop.idm_year)
    if request.method == "POST" and form.is_valid():
        try:
            workshop, changed = lifecycle.update_workshop(
                workshop,
                actor=request.user,
                **{name: form.cleaned_data[name] for name in form.Meta.fields},
            )
        except ValidationError as error:
            add_service_errors(form, error)
        except TryAgain:
            form.add_error(None, str(TryAgain.message))
        else:
            if changed:
                messages.success(request, _("The workshop is saved."))
            else:
                messages.info(request, _("Nothing to save: nothing was changed."))
            return redirect(_url("manage", workshop))
    if request.method == "POST":
        workshop.refresh_from_db()  # the form changed the instance; show what is stored
    return render(
        request,
        "workshops/manage/manage.html",
        {
            **_manage_context(workshop),
            "form": form,
            "window_form": RegistrationWindowForm(workshop=workshop),
        },
    )


@require_POST
@role_required(roles.can_manage_workshop)
def publish(request, year, slug):
    workshop = workshop_or_404(year, slug)
    published = request.POST.get("published") == "1"
    lifecycle.set_published(workshop, actor=request.user, published=published)
    if published:
        messages.success(request, _("The workshop is published: the public sees it."))
    else:
        messages.success(request, _("The workshop is a draft again: the public no longer sees it."))
    return redirect(_url("manage", workshop))


@require_POST
@role_required(roles.can_manage_workshop)
def registration_window(request, year, slug):
    """Open registration now, close it now, or set its window (in the venue's time zone)."""
    workshop = workshop_or_404(year, slug)
    action = request.POST.get("action")
    form = RegistrationWindowForm(request.POST, workshop=workshop)
    try:
        if action == "open":
            lifecycle.open_registration(workshop, actor=request.user)
            messages.success(request, _("Registration is open."))
        elif action == "close":
            lifecycle.close_registration(workshop, actor=request.user)
            messages.success(request, _("Registration is closed."))
        elif form.is_valid():
            lifecycle.set_registration_window(
                workshop,
                actor=request.user,
                opens=form.cleaned_data["registration_opens"],
                closes=form.cleaned_data["registration_closes"],
            )
            messages.success(request, _("The registration window is saved."))
        else:
            for errors in form.errors.values():
                messages.error(request, " ".join(errors))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    except TryAgain:
        messages.error(request, str(TryAgain.message))
    return redirect(_url("manage", workshop))


@role_required(roles.can_manage_workshop)
def status(request, year, slug):
    """Change the status. Cancelling or postponing first shows who will be told; the
    change is made by the second POST, which confirms."""
    workshop = workshop_or_404(year, slug)
    form = StatusForm(request.POST or None, initial={"status": workshop.status})
    context = {"workshop": workshop, "form": form}
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if data["status"] in lifecycle.TELLS_PEOPLE and not data["confirm"]:
            registrations, invitations = lifecycle.people_to_tell(workshop)
            confirm = StatusForm(initial={**data, "confirm": True})
            return render(
                request,
                "workshops/manage/status_confirm.html",
                {
                    **context,
                    "form": confirm,
                    "chosen": data,
                    "chosen_label": Workshop.Status(data["status"]).label,
                    "registration_count": registrations.count(),
                    "invitation_count": invitations.count(),
                    "registrations": registrations[:NAMED_ON_CONFIRMATION],
                    "invitations": invitations[:NAMED_ON_CONFIRMATION],
                    "named": NAMED_ON_CONFIRMATION,
                },
            )
        try:
            change = lifecycle.change_status(
                workshop,
                actor=request.user,
                status=data["status"],
                start_date=data["start_date"],
                end_date=data["end_date"],
                note=data["note"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        except TryAgain:
            form.add_error(None, str(TryAgain.message))
        else:
            _status_message(request, change)
            return redirect(_url("manage", workshop))
    return render(request, "workshops/manage/status.html", context)


def _status_message(request, change):
    if not change.changed:
        messages.info(request, _("The workshop's status was already that: nobody was told."))
        return
    text = _("The workshop is now “%(status)s”.") % {"status": change.workshop.get_status_display()}
    if change.workshop.status in lifecycle.TELLS_PEOPLE:
        text += " " + ngettext(
            "%(count)d person is being told by e-mail.",
            "%(count)d people are being told by e-mail.",
            change.told,
        ) % {"count": change.told}
    messages.success(request, text)


@role_required(roles.can_manage_workshop)
def capacity(request, year, slug):
    """The capacity, the most per government delegation and the quota of each category;
    new room promotes the waiting list."""
    workshop = workshop_or_404(year, slug)
    form = CapacityForm(request.POST or None, workshop=workshop)
    if request.method == "POST" and form.is_valid():
        try:
            change = lifecycle.change_capacity(
                workshop,
                actor=request.user,
                capacity=form.cleaned_data["capacity"],
                quota_per_delegation=form.cleaned_data["quota_per_delegation"],
                quotas=form.quotas(),
            )
        except ValidationError as error:
            add_service_errors(form, error)
        except TryAgain:
            form.add_error(None, str(TryAgain.message))
        else:
            text = _("The seats are saved.")
            if change.promoted:
                text += " " + ngettext(
                    "%(count)d person came off the waiting list and is being told.",
                    "%(count)d people came off the waiting list and are being told.",
                    len(change.promoted),
                ) % {"count": len(change.promoted)}
            messages.success(request, text)
            return redirect(_url("manage", workshop))
    return render(
        request, "workshops/manage/capacity.html", {**_manage_context(workshop), "form": form}
    )
