"""Querysets of the ground floor that several views need."""

from django.db.models import Count

from idm_portal.core.models import IdmYear, Organization, OutgoingMail


def current_idm_year():
    """The IDM year in progress, else the latest one; None on an empty portal."""
    return (
        IdmYear.objects.filter(status=IdmYear.Status.CURRENT).first()
        or IdmYear.objects.order_by("-year").first()
    )


def outbox():
    return OutgoingMail.objects.defer("body_text", "body_html", "attachments").order_by(
        "-created_at", "-id"
    )


def governments():
    return Organization.objects.filter(kind=Organization.Kind.GOVERNMENT)


def member_states():
    return governments().filter(iom_status=Organization.IomStatus.MEMBER_STATE)


def outbox_counts():
    """Number of mails by status, every status present (zero when none)."""
    counts = dict.fromkeys(OutgoingMail.Status.values, 0)
    rows = OutgoingMail.objects.order_by().values("status").annotate(n=Count("id"))
    counts.update({row["status"]: row["n"] for row in rows})
    return counts
