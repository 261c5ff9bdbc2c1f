"""The invitee's answer link: the token is the credential. Declining needs no account;
accepting asks to sign in (or sign up) and opens the registration form, filled in from the
invitation."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from workshops.forms import DeclineInvitationForm
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


def _answer_page(request, invitation, *, form=None, status=200, just_declined=False):
    workshop = invitation.workshop
    return render(
        request,
        "workshops/invitations/answer.html",
        {
            "invitation": invitation,
            "workshop": workshop,
            "form": form or DeclineInvitationForm(),
            "window_error": registration_window_error(workshop),
            "just_declined": just_declined,
        },
        status=status,
    )


def answer(request, year, slug, token):
    return _answer_page(request, _by_token(year, slug, token))


@require_POST
def decline(request, year, slug, token):
    invitation = _by_token(year, slug, token)
    form = DeclineInvitationForm(request.POST)
    if not form.is_valid():
        return _answer_page(request, invitation, form=form)
    try:
        invitation = services.decline_invitation(invitation, reason=form.cleaned_data["reason"])
    except services.AlreadyAnswered:
        invitation.refresh_from_db()
        return _answer_page(request, invitation)
    return _answer_page(request, invitation, just_declined=True)


@login_required
def accept(request, year, slug, token):
    """Signed in (the log-in and sign-up pages bring the invitee back here): on to the
    registration form, filled in from the invitation."""
    invitation = _by_token(year, slug, token)
    workshop = invitation.workshop
    if invitation.answer == Invitation.Answer.DECLINED:
        return _answer_page(request, invitation)
    registration = live_registration(workshop, request.user)
    if registration is not None:
        try:
            services.accept_invitation(invitation, registration=registration)
        except services.AlreadyAnswered:
            return _answer_page(request, invitation)
        messages.info(request, _("You are already registered for this workshop."))
        return redirect("workshops:my_registrations")
    register_url = reverse("workshops:register", args=[workshop.idm_year.year, workshop.slug])
    return redirect(f"{register_url}?invitation={invitation.token}")
