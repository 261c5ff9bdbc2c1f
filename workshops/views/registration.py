"""A delegate's registrations: register for a workshop, see, change and cancel them, and
download the confirmation and the visa support letter."""

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count, IntegerField, OuterRef, Q, Subquery, Value
from django.db.models.functions import Coalesce
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from idm_portal.core import documents, roles
from idm_portal.core.forms import add_service_errors, submit
from idm_portal.core.roles import role_required
from workshops.forms import PassportDetailsForm, RegistrationChangeForm, RegistrationForm
from workshops.models import Invitation, Registration
from workshops.queries import workshop_or_404
from workshops.services import registration as services
from workshops.services import registration_flow, registration_pdfs, visa_letters
from workshops.services.badges import certificate_available
from workshops.services.visa_letters import WITH_DOCUMENTS

# Where a proposed organization's errors show in the registration form.
ORGANIZATION_FIELDS = {
    "name": "new_organization_name",
    "kind": "new_organization_kind",
    "country": "new_organization_country",
}


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
    workshop = workshop_or_404(year, slug, visible_to=request.user)
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
    """Register (proposing the organization if need be, accepting the invitation), all or
    nothing. Returns a redirect, or the status of the form shown again with its errors."""
    proposed = form.proposed_organization()
    try:
        registration, created = registration_flow.register_with_organization(
            workshop,
            person=request.user,
            organization=form.cleaned_data["organization"],
            new_organization=proposed,
            category=form.cleaned_data["category"],
            invitation=invitation,
            **form.details(),
        )
    except registration_flow.OrganizationRefused as refused:
        add_service_errors(form, refused.error, ORGANIZATION_FIELDS)
        return 200
    except services.RegistrationClosed as error:
        form.add_error(None, error)
        return 200
    except services.TryAgain:
        form.add_error(None, _(services.TryAgain.message))
        return 503
    except ValidationError as error:
        add_service_errors(form, error)
        return 200
    if created:
        messages.success(request, _registered_message(registration))
    else:
        messages.info(request, _("You are already registered for this workshop."))
    return redirect("workshops:my_registrations")


def _mine(request):
    return Registration.objects.filter(person=request.user).select_related(
        "workshop__idm_year", "organization", "person", "passport_details"
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
        registration.has_certificate = certificate_available(registration)
        if registration.needs_visa_letter and not registration.is_over:
            registration.visa_letter_missing = visa_letters.missing_for_letter(registration)
            registration.may_enter_passport = visa_letters.may_enter_passport_details(registration)
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
    changed = submit(
        request,
        form,
        lambda: services.update_registration(
            Registration.objects.get(pk=registration.pk), actor=request.user, **form.changes()
        ),
        done=_("Your registration is changed."),
        to="workshops:my_registrations",
    )
    if changed:
        return changed
    return render(
        request,
        "workshops/registration/change.html",
        {
            "registration": registration,
            "workshop": registration.workshop,
            "form": form,
            "retention_days": settings.PASSPORT_RETENTION_DAYS,
        },
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


def _pending_context(title):
    return {
        "title": title,
        "back_url": reverse("workshops:my_registrations"),
        "back_label": _("Back to my registrations"),
    }


@never_cache
@role_required(roles.is_delegate)
def confirmation_pdf(request, pk):
    registration = _confirmed_of(request, pk)
    return documents.serve_document(
        request,
        registration_pdfs.request_confirmation_pdf(registration),
        filename=f"{registration.workshop.slug}-confirmation.pdf",
        pending_context=_pending_context(_("Confirmation of registration")),
    )


@never_cache
@role_required(roles.is_delegate)
def visa_letter_pdf(request, pk):
    registration = get_object_or_404(_mine(request), pk=pk)
    if not registration.needs_visa_letter or visa_letters.missing_for_letter(registration):
        raise Http404("No visa support letter to give.")
    return documents.serve_document(
        request,
        registration_pdfs.request_visa_letter_pdf(registration),
        filename=f"{registration.workshop.slug}-visa-support-letter.pdf",
        pending_context=_pending_context(_("Visa support letter")),
    )


@role_required(roles.is_delegate)
def passport_details(request, pk):
    """The delegate enters the passport details their visa support letter needs."""
    registration = get_object_or_404(_mine(request), pk=pk)
    if not visa_letters.may_enter_passport_details(registration):
        raise Http404("This registration takes no passport details.")
    passport = getattr(registration, "passport_details", None)
    form = PassportDetailsForm(request.POST or None, instance=passport)
    saved = submit(
        request,
        form,
        lambda: visa_letters.enter_passport_details(
            registration, actor=request.user, **form.cleaned_data
        ),
        done=_("Your passport details are saved."),
        to="workshops:my_registrations",
    )
    if saved:
        return saved
    return render(
        request,
        "workshops/registration/passport.html",
        {
            "registration": registration,
            "workshop": registration.workshop,
            "form": form,
            "retention_days": settings.PASSPORT_RETENTION_DAYS,
        },
    )
