"""Querysets of the ground floor that several views need."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db.models import Count, QuerySet

from idm_portal.core.models import IdmYear, Organization, OutgoingMail

if TYPE_CHECKING:
    from idm_portal.core.models import RoleChange


def current_idm_year() -> IdmYear | None:
    """The IDM year in progress, else the latest one; None on an empty portal."""
    return (
        IdmYear.objects.filter(status=IdmYear.Status.CURRENT).first()
        or IdmYear.objects.order_by("-year").first()
    )


def outbox() -> QuerySet[OutgoingMail]:
    return OutgoingMail.objects.defer(
        "body_text", "body_html", "attachments", "sealed_secrets"
    ).order_by("-created_at", "-id")


def governments() -> QuerySet[Organization]:
    return Organization.objects.filter(kind=Organization.Kind.GOVERNMENT)


def member_states() -> QuerySet[Organization]:
    return governments().filter(iom_status=Organization.IomStatus.MEMBER_STATE)


def outbox_counts() -> dict[str, int]:
    """Number of mails by status, every status present (zero when none)."""
    counts = dict.fromkeys(OutgoingMail.Status.values, 0)
    rows = OutgoingMail.objects.order_by().values("status").annotate(n=Count("id"))
    counts.update({row["status"]: row["n"] for row in rows})
    return counts


# Accounts: who holds which Secretariat role


# Any: each row carries role_groups and authenticators (Prefetch to_attr), which the stubs
# cannot express on User.
def role_holders() -> QuerySet[Any]:
    """Users with a Secretariat role or superuser rights, with their role groups and
    authenticators (whether they have set up MFA) prefetched."""
    from allauth.mfa.models import Authenticator
    from django.contrib.auth.models import Group
    from django.db.models import Prefetch, Q

    from idm_portal.core.models import User
    from idm_portal.core.roles import SECRETARIAT_ROLES

    return (
        User.objects.filter(Q(groups__name__in=SECRETARIAT_ROLES) | Q(is_superuser=True))
        .distinct()
        .order_by("email")
        .prefetch_related(
            Prefetch(
                "groups",
                queryset=Group.objects.filter(name__in=SECRETARIAT_ROLES).order_by("name"),
                to_attr="role_groups",
            ),
            Prefetch(
                "authenticator_set",
                queryset=Authenticator.objects.only("id", "user_id", "type"),
                to_attr="authenticators",
            ),
        )
    )


def role_changes() -> QuerySet[RoleChange]:
    from idm_portal.core.models import RoleChange

    return RoleChange.objects.select_related("user", "actor").order_by("-at", "-id")
