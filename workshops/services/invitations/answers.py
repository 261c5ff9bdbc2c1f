"""The invitee's answer: decline with the token, accept by registering through the link,
and the account the Secretariat allows to accept for the invited address."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from idm_portal.core import roles
from idm_portal.core.services import webhooks
from workshops.models import Invitation

from .sending import DECLINE_REASON_MAX, AlreadyAnswered, require_secretariat


def _tell_systems(invitation):
    """A webhook delivery for the answer (in the current transaction)."""
    webhooks.emit(
        "invitation.answered",
        object_key=f"invitation:{invitation.pk}",
        data={
            "id": invitation.pk,
            "workshop": invitation.workshop_id,
            "answer": invitation.answer,
            "registration": invitation.registration_id,
        },
    )


def decline_invitation(invitation, *, reason=""):
    """Record a "no" (the token is the invitee's credential: no account needed). Raises
    AlreadyAnswered when the invitation was answered before."""
    with transaction.atomic():
        invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
        if invitation.answer:
            raise AlreadyAnswered
        invitation.answer = Invitation.Answer.DECLINED
        invitation.answered_at = timezone.now()
        invitation.decline_reason = reason.strip()[:DECLINE_REASON_MAX]
        invitation.save(update_fields=["answer", "answered_at", "decline_reason", "updated_at"])
        _tell_systems(invitation)
    return invitation


def accept_invitation(invitation, *, registration):
    """The invitee registered through their link: the invitation is accepted and linked to
    the registration (in the caller's transaction, with the registration). Only the account
    of the invited address (or the one the Secretariat linked) may accept: PermissionDenied
    for any other. A declined invitation is left as it is and AlreadyAnswered raised."""
    with transaction.atomic():
        invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
        if not roles.can_accept_invitation(registration.person, invitation):
            raise PermissionDenied
        if invitation.answer == Invitation.Answer.DECLINED:
            raise AlreadyAnswered
        if invitation.answer == Invitation.Answer.ACCEPTED:
            return invitation
        invitation.answer = Invitation.Answer.ACCEPTED
        invitation.answered_at = timezone.now()
        invitation.registration = registration
        invitation.save(update_fields=["answer", "answered_at", "registration", "updated_at"])
        _tell_systems(invitation)
    return invitation


def link_account(invitation, *, actor, account):
    """Allow ``account`` (an account of another address than the invited one) to accept the
    invitation, or no other account with None; refused once the invitation is answered.
    Returns the invitation."""
    require_secretariat(actor, invitation.workshop)
    with transaction.atomic():
        invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
        if invitation.answer:
            raise ValidationError(_("This invitation is answered already; it cannot change."))
        invitation.account = account
        invitation.save(update_fields=["account", "updated_at"])
    return invitation
