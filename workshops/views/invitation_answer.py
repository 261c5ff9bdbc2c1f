"""The invitee's answer link: the token is the credential. Opening a link never answers: the
answer page shows both choices, the accept and decline links show theirs with a button, and
only a POST records an answer. Declining needs no account; accepting asks to sign in (or
sign up) with the invited address (or the account the Secretariat linked), then opens the
registration form, filled in from the invitation."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from idm_portal.core import roles
from idm_portal.core.roles import role_required
from workshops.forms import DeclineInvitationForm, LinkInvitationAccountForm
from workshops.models import Invitation
from workshops.services import invitations as services
from workshops.services.registration import live_registration, registration_window_error


def _by_token(year, slug, token):
    """The invitation of this workshop with this token; 404 for any other token (wrong,
    changed, or another workshop's)."""
    return get_object_or_404(
        Invitation.objects.select_related("workshop__idm_year", "registration"),
        workshop__idm_year__year=year,
        workshop__slug=slug,
        token=token,
    )


def _answer_page(request, invitation, *, choice="", form=None, status=200, just_declined=False):
    """The invitation and its choices: both (``choice`` empty), or only "accept" or
    "decline"."""
    workshop = invitation.workshop
    may_accept = roles.can_accept_invitation(request.user, invitation)
    return render(
        request,
        "workshops/invitations/answer.html",
        {
            "invitation": invitation,
            "workshop": workshop,
            "choice": choice,
            "form": form or DeclineInvitationForm(),
            "window_error": registration_window_error(workshop),
            "just_declined": just_declined,
            "may_accept": may_accept,
            "registered": (may_accept and live_registration(workshop, request.user) is not None),
        },
        status=status,
    )


def answer(request, year, slug, token):
    return _answer_page(request, _by_token(year, slug, token))


@require_http_methods(["GET", "POST"])
def decline(request, year, slug, token):
    """GET: the decline form (an optional reason); POST: decline."""
    invitation = _by_token(year, slug, token)
    if request.method != "POST":
        return _answer_page(request, invitation, choice="decline")
    form = DeclineInvitationForm(request.POST)
    if not form.is_valid():
        return _answer_page(request, invitation, choice="decline", form=form)
    try:
        invitation = services.decline_invitation(invitation, reason=form.cleaned_data["reason"])
    except services.AlreadyAnswered:
        invitation.refresh_from_db()
        return _answer_page(request, invitation)
    return _answer_page(request, invitation, just_declined=True)


@login_required
@require_http_methods(["GET", "POST"])
def accept(request, year, slug, token):
    """Signed in (the log-in and sign-up pages bring the invitee back here). GET: the
    choice with its button, or why this account may not accept. POST: accepted at once when
    already registered, else on to the registration form, filled in from the invitation
    (registering accepts)."""
    invitation = _by_token(year, slug, token)
    workshop = invitation.workshop
    if request.method != "POST" or invitation.answer:
        return _answer_page(request, invitation, choice="accept")
    if not roles.can_accept_invitation(request.user, invitation):
        raise PermissionDenied  # the page (GET) says why and shows no button
    registration = live_registration(workshop, request.user)
    if registration is not None:
        try:
            services.accept_invitation(invitation, registration=registration)
        except (services.AlreadyAnswered, PermissionDenied):
            invitation.refresh_from_db()
            return _answer_page(request, invitation, choice="accept")
        messages.success(
            request,
            _("You have accepted the invitation; you are already registered for this workshop."),
        )
        return redirect("workshops:my_registrations")
    register_url = reverse("workshops:register", args=[workshop.idm_year.year, workshop.slug])
    return redirect(f"{register_url}?invitation={invitation.token}")


@require_POST
@role_required(roles.can_manage_invitations)
def link_account(request, year, slug, pk):
    """The Secretariat allows the account of another address to accept an invitation."""
    invitation = get_object_or_404(
        Invitation.objects.select_related("workshop__idm_year"),
        workshop__idm_year__year=year,
        workshop__slug=slug,
        pk=pk,
    )
    form = LinkInvitationAccountForm(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(form.errors.get("email", [])))
    else:
        try:
            services.link_account(invitation, actor=request.user, account=form.account)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(
                request,
                _("%(account)s may now accept the invitation of %(email)s.")
                % {"account": form.account.email, "email": invitation.email},
            )
    return redirect("workshops:invitation_detail", year=year, slug=slug, pk=invitation.pk)
