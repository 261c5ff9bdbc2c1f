"""A delegate's registrations: register for a workshop, see, change and cancel them, and
download the confirmation and the visa support letter."""

import base64
import contextlib

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, IntegerField, OuterRef, Q, Subquery, Value
from django.db.models.functions import Coalesce
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from idm_portal.core import roles
from idm_portal.core.pdf import render_pdf
from idm_portal.core.roles import role_required
from idm_portal.core.services.organizations import propose_organization
from workshops import queries
from workshops.forms import RegistrationChangeForm, RegistrationForm
from workshops.models import Invitation, Registration
from workshops.services import registration as services
from workshops.services.invitations import AlreadyAnswered, accept_invitation
from workshops.services.registration_mail import checkin_qr_png

# Where a proposed organization's errors show in the registration form.
ORGANIZATION_FIELDS = {
    "name": "new_organization_name",
    "kind": "new_organization_kind",
    "country": "new_organization_country",
}
# The registrations whose confirmation and visa letter may be downloaded.
WITH_DOCUMENTS = (Registration.Status.CONFIRMED, Registration.Status.ATTENDED)


def _add_errors(form, error, field_names=None):
    """Show a service's ValidationError under the form's fields (or above the form)."""
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    for name, errors in error.error_dict.items():
        field = (field_names or {}).get(name, name)
        form.add_error(field if field in form.fields else None, errors)


def _registered_message(registration):
    if registration.status == Registration.Status.WAITLISTED:
        return _(
            "The workshop is full: you are on the waiting list. "
            "You are number %(position)d on the waiting list."
        ) % {"position": services.waiting_list_position(registration)}
    if registration.status == Registration.Status.PENDING:
        return _(
            "Your registration is received; it awaits the Secretariat's approval. "
            "We will write to you."
        )
    return _("You are registered: your registration is confirmed.")


@role_required(roles.is_delegate)
def register(request, year, slug):
    workshop = get_object_or_404(
        queries.visible_workshops(request.user), idm_year__year=year, slug=slug
    )
    if services.live_registration(workshop, request.user) is not None:
        messages.info(request, _("You are already registered for this workshop."))
        return redirect("workshops:my_registrations")
    closed = services.registration_window_error(workshop)
    if closed:
        return render(
            request,
            "workshops/registration/register.html",
            {"workshop": workshop, "closed": closed},
        )
    invitation = _invitation_of(request, workshop)
    status = 200
    if request.method == "POST":
        form = RegistrationForm(request.POST)
        if form.is_valid():
            result = _register(request, workshop, form, invitation=invitation)
            if isinstance(result, HttpResponse):
                return result
            status = result
    else:
        initial = {"email": request.user.email, "badge_name": request.user.name}
        if invitation is not None:
            initial.update(
                email=invitation.email,
                badge_name=invitation.name or request.user.name,
                organization=invitation.organization,
            )
        form = RegistrationForm(initial=initial)
    return render(
        request,
        "workshops/registration/register.html",
        {"workshop": workshop, "form": form, "invitation": invitation},
        status=status,
    )


def _invitation_of(request, workshop):
    """The invitation this registration answers (``?invitation=<token>``, kept in the
    form's address), unless it was declined or is not this account's to accept; None
    without one."""
    token = request.GET.get("invitation", "")
    if not token:
        return None
    invitation = (
        Invitation.objects.filter(workshop=workshop, token=token)
        .exclude(answer=Invitation.Answer.DECLINED)
        .select_related("organization")
        .first()
    )
    if invitation is None or not roles.can_accept_invitation(request.user, invitation):
        return None  # only the invitee's account registers with the invitation
    return invitation


def _register(request, workshop, form, *, invitation=None):
    """Propose the organization if need be and register, all or nothing. Returns a redirect,
    or the status of the form shown again with its errors."""
    try:
        with transaction.atomic():
            organization = form.cleaned_data["organization"]
            proposed = form.proposed_organization()
            if proposed is not None:
                try:
                    organization = propose_organization(**proposed, actor=request.user)
                except ValidationError as error:
                    _add_errors(form, error, ORGANIZATION_FIELDS)
                    return 200
            registration, created = services.register(
                workshop,
                person=request.user,
                organization=organization,
                category=form.category_for(organization),
                **form.details(),
            )
            if invitation is not None:
                # Declined meanwhile: the registration stands on its own.
                with contextlib.suppress(AlreadyAnswered):
                    accept_invitation(invitation, registration=registration)
    except services.RegistrationClosed as error:
        form.add_error(None, error)
        return 200
    except services.TryAgain:
        form.add_error(None, _(services.TryAgain.message))
        return 503
    except ValidationError as error:
        _add_errors(form, error)
        return 200
    if created:
        messages.success(request, _registered_message(registration))
    else:
        messages.info(request, _("You are already registered for this workshop."))
    return redirect("workshops:my_registrations")


def _mine(request):
    return Registration.objects.filter(person=request.user).select_related(
        "workshop__idm_year", "organization", "person"
    )


def _with_waiting_list_position(registrations):
    """Annotate ``position``: 1 for the first on its workshop's waiting list (in the same
    query); None when not wait-listed."""
    ahead = (
        Registration.objects.filter(
            workshop=OuterRef("workshop"), status=Registration.Status.WAITLISTED
        )
        .filter(
            Q(waitlisted_at__lt=OuterRef("waitlisted_at"))
            | Q(waitlisted_at=OuterRef("waitlisted_at"), pk__lt=OuterRef("pk"))
        )
        .order_by()
        .values("workshop")
        .annotate(count=Count("pk"))
        .values("count")
    )
    return registrations.annotate(
        ahead=Coalesce(Subquery(ahead, output_field=IntegerField()), Value(0))
    )


@role_required(roles.is_delegate)
def my_registrations(request):
    registrations = list(
        _with_waiting_list_position(_mine(request)).order_by("-workshop__start_date", "-pk")
    )
    for registration in registrations:
        registration.position = (
            registration.ahead + 1
            if registration.status == Registration.Status.WAITLISTED
            else None
        )
        registration.is_over = registration.status in Registration.ENDED
        registration.can_cancel = not registration.is_over and (
            registration.status != Registration.Status.ATTENDED
        )
        registration.has_documents = registration.status in WITH_DOCUMENTS
    return render(
        request,
        "workshops/registration/my_registrations.html",
        {"registrations": registrations},
    )


@role_required(roles.is_delegate)
def change(request, pk):
    registration = get_object_or_404(_mine(request), pk=pk)
    if registration.status in Registration.ENDED:
        messages.error(request, _("This registration is over and can no longer be changed."))
        return redirect("workshops:my_registrations")
    form = RegistrationChangeForm(request.POST or None, instance=registration)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_registration(
                Registration.objects.get(pk=registration.pk),
                actor=request.user,
                **form.changes(),
            )
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("Your registration is changed."))
            return redirect("workshops:my_registrations")
    return render(
        request,
        "workshops/registration/change.html",
        {"registration": registration, "workshop": registration.workshop, "form": form},
    )


@require_POST
@role_required(roles.is_delegate)
def cancel(request, pk):
    registration = get_object_or_404(_mine(request), pk=pk)
    try:
        services.cancel_registration(registration, actor=request.user)
    except services.TryAgain:
        messages.error(request, _(services.TryAgain.message))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Your registration is cancelled."))
    return redirect("workshops:my_registrations")


def _confirmed_of(request, pk):
    registration = get_object_or_404(_mine(request), pk=pk)
    if registration.status not in WITH_DOCUMENTS:
        raise Http404("Not confirmed.")
    return registration


def _pdf_response(content, filename):
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


@role_required(roles.is_delegate)
def confirmation_pdf(request, pk):
    registration = _confirmed_of(request, pk)
    qr_code = base64.b64encode(checkin_qr_png(registration)).decode("ascii")
    content = render_pdf(
        "workshops/pdf/confirmation.html",
        {
            "registration": registration,
            "workshop": registration.workshop,
            "qr_code": f"data:image/png;base64,{qr_code}",
        },
        language=registration.person.preferred_language,
    )
    return _pdf_response(content, f"{registration.workshop.slug}-confirmation.pdf")


@role_required(roles.is_delegate)
def visa_letter_pdf(request, pk):
    registration = _confirmed_of(request, pk)
    if not registration.needs_visa_letter:
        raise Http404("No visa support letter was asked for.")
    workshop = registration.workshop
    language = registration.person.preferred_language
    with translation.override(language):
        dates = {
            "start": date_format(workshop.start_date, "DATE_FORMAT"),
            "end": date_format(workshop.end_date, "DATE_FORMAT"),
        }
        where = f"{workshop.venue}, {workshop.city}" if workshop.venue else workshop.city
        context = {
            "place": workshop.city or "Geneva",
            "date": timezone.localdate(),
            "recipient": _("To whom it may concern"),
            "subject": _("Visa support letter: %(workshop)s") % {"workshop": workshop.title},
            "paragraphs": [
                _(
                    "The International Organization for Migration (IOM) confirms that "
                    "%(name)s, %(organization)s, is registered to take part in the workshop "
                    "“%(workshop)s” of the International Dialogue on Migration, to be held "
                    "from %(start)s to %(end)s at %(venue)s."
                )
                % {
                    "name": registration.person.name or registration.badge_name,
                    "organization": registration.organization.name,
                    "workshop": workshop.title,
                    "venue": where,
                    **dates,
                },
                _(
                    "We would be grateful for any assistance that the authorities may give "
                    "%(name)s in obtaining a visa to attend this meeting."
                )
                % {"name": registration.person.name or registration.badge_name},
            ],
            "signature": _("IDM Secretariat\nInternational Organization for Migration"),
        }
    content = render_pdf("workshops/pdf/visa_letter.html", context, language=language)
    return _pdf_response(content, f"{workshop.slug}-visa-support-letter.pdf")
