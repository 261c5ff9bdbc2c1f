"""A delegate's registration as the registration page makes it, all or nothing: propose the
organization when the delegate's is not listed yet, register, and accept the invitation the
delegate came with. (The registration itself, its seats and its lock, is
``workshops.services.registration``.)"""

import contextlib

from django.core.exceptions import ValidationError
from django.db import transaction

from idm_portal.core.services.organizations import propose_organization
from workshops.services.invitations import AlreadyAnswered, accept_invitation
from workshops.services.registration import register


class OrganizationRefused(Exception):
    """The proposed organization was refused; ``error`` is propose_organization's
    ValidationError (keyed by its fields: name, kind, country)."""

    def __init__(self, error):
        super().__init__(error)
        self.error = error


def register_with_organization(
    workshop,
    *,
    person,
    organization=None,
    new_organization=None,
    category="",
    invitation=None,
    **details,
):
    """Register ``person`` for ``workshop`` with ``organization``, or with the organization
    proposed now from ``new_organization`` (propose_organization's keyword arguments), in
    ``category`` (empty: the organization's kind); then accept ``invitation`` with the
    registration, unless it was answered meanwhile (the registration stands on its own).
    One transaction: a refused organization or registration leaves nothing behind. Returns
    (registration, created); raises OrganizationRefused, or what ``register`` raises."""
    # With nothing to do but register, the register service's own transaction is the whole:
    # no savepoint around it (two round trips fewer, one of them under the workshop's lock).
    alone = organization is not None and invitation is None
    with contextlib.nullcontext() if alone else transaction.atomic():
        if organization is None:
            try:
                organization = propose_organization(**new_organization, actor=person)
            except ValidationError as error:
                raise OrganizationRefused(error) from error
        registration, created = register(
            workshop,
            person=person,
            organization=organization,
            category=category or organization.kind,
            **details,
        )
        if invitation is not None:
            with contextlib.suppress(AlreadyAnswered):
                accept_invitation(invitation, registration=registration)
    return registration, created
