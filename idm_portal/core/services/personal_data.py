"""Personal data, as IOM's data protection principles ask: a person downloads everything the
portal holds about them (``export_personal_data``) and closes their account
(``close_account``).

The ground floor holds the account, the e-mail addresses, the focal-point links and the
outbox; each app adds its own part with ``register_part`` from its ``AppConfig.ready`` (the
ground floor imports no app): a function that exports the app's data about a person, and
one that anonymises it when the account closes."""

import logging
import re
import secrets
from collections.abc import Callable

from allauth.account.models import EmailAddress
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from idm_portal.core.models import FocalPoint, OutgoingMail

logger = logging.getLogger(__name__)

EXPORT_FORMAT = 1
# name -> (export(user, addresses) -> dict, anonymise(user, addresses, *, placeholder) or None)
_PARTS: dict[str, tuple[Callable[..., dict], Callable[..., object] | None]] = {}


def register_part(name, *, export, anonymise=None):
    """An app's part of a person's data (called from the app's ``AppConfig.ready``)."""
    _PARTS[name] = (export, anonymise)


def export_personal_data(user, *, actor):
    """Everything the portal holds about ``user``, as a JSON-ready dict. Only the person
    themself may ask. Changes nothing."""
    if actor.pk != user.pk or not user.is_active:
        raise PermissionDenied
    addresses = addresses_of(user)
    data = {"format": EXPORT_FORMAT, "exported_at": timezone.now().isoformat()}
    data.update(export(user, addresses))
    for name in sorted(_PARTS):
        data.update(_PARTS[name][0](user, addresses))
    return data


def close_account(user, *, password, actor):
    """The person closes their own account, confirming with their password: the user is
    deactivated and anonymised (name, address, password, roles, focal-point links), the
    e-mails to them erased, and each app anonymises its part (workshops: registrations and
    invitations). Their member state's ballots stay untouched. One transaction. Returns the
    user."""
    if actor.pk != user.pk or not user.is_active:
        raise PermissionDenied
    if not user.check_password(password):
        raise ValidationError(_("The password is not right; your account stays open."))
    with transaction.atomic():
        addresses = addresses_of(user)
        close(user, addresses)
        changed = {
            name: anonymise(user, addresses, placeholder=user.email)
            for name, (_export, anonymise) in sorted(_PARTS.items())
            if anonymise is not None
        }
    logger.info("Account %s closed; anonymised: %s", user.pk, changed)
    return user


CLOSED_NAME = "Closed account"
LINK = re.compile(r"https?://\S+")
LINK_REMOVED = "[link removed]"


def _iso(moment):
    return moment.isoformat() if moment else None


def addresses_of(user):
    """Every e-mail address of ``user`` (lower case): the login and allauth's addresses."""
    addresses = {user.email.lower()}
    addresses.update(
        address.lower() for address in user.emailaddress_set.values_list("email", flat=True)
    )
    return sorted(addresses)


def mails_to(addresses):
    query = Q()
    for address in addresses:
        query |= Q(to__iexact=address)
    return OutgoingMail.objects.filter(query) if addresses else OutgoingMail.objects.none()


def export(user, addresses):
    """The ground floor's part of a person's data, as JSON-ready values. Mail bodies come
    without their links (a link may carry a one-time secret)."""
    return {
        "account": {
            "email": user.email,
            "name": user.name,
            "preferred_language": user.preferred_language,
            "date_joined": _iso(user.date_joined),
            "last_login": _iso(user.last_login),
            "is_active": user.is_active,
            "groups": sorted(user.groups.values_list("name", flat=True)),
        },
        "email_addresses": [
            {"email": address.email, "verified": address.verified, "primary": address.primary}
            for address in EmailAddress.objects.filter(user=user).order_by("email")
        ],
        "focal_point_of": [
            {"member_state": link.member_state.name, "since": link.since.isoformat()}
            for link in FocalPoint.objects.filter(user=user)
            .select_related("member_state")
            .order_by("member_state__name")
        ],
        "emails_sent_to_you": [
            {
                "to": mail.to,
                "subject": mail.subject,
                "status": mail.status,
                "created_at": _iso(mail.created_at),
                "sent_at": _iso(mail.sent_at),
                "body_text": LINK.sub(LINK_REMOVED, mail.body_text),
            }
            for mail in mails_to(addresses).order_by("created_at", "pk")
        ],
    }


def anonymised_address():
    """A unique address that reaches nobody (the .invalid domain is reserved)."""
    return f"closed-{secrets.token_hex(8)}@closed.invalid"


def close(user, addresses):
    """Erase the ground floor's part: the user is deactivated with no usable password, a
    placeholder name and address; their other addresses and focal-point links are deleted;
    the e-mails to them lose address and body (one still queued is not sent). Called inside
    ``close_account``'s transaction."""
    user.email = anonymised_address()
    user.name = CLOSED_NAME
    user.is_active = False
    user.is_staff = False
    user.is_superuser = False
    user.set_unusable_password()
    user.save()
    user.groups.clear()
    user.user_permissions.clear()
    EmailAddress.objects.filter(user=user).delete()
    FocalPoint.objects.filter(user=user).delete()
    mails = mails_to(addresses)
    mails.filter(status__in=[OutgoingMail.Status.QUEUED, OutgoingMail.Status.SENDING]).update(
        status=OutgoingMail.Status.FAILED,
        last_error=_("Not sent: the recipient closed their account."),
    )
    mails.update(
        to=user.email,
        body_text=_("[Erased: the recipient closed their account on %(date)s.]")
        % {"date": timezone.localdate().isoformat()},
        body_html="",
        attachments=[],
    )
    return user
