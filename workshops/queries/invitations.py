"""Invitations of a workshop with their derived status, and counts by status."""

from django.db.models import Case, CharField, Count, F, Min, Q, Value, When


def invitations_with_status(workshop):
    """A workshop's invitations, each with ``status`` derived from its two sources of truth:
    the answer on the invitation (accepted, declined) and else the delivery on its outbox
    mail (queued, sending, sent, failed); no mail yet is queued. With the mail, the reminder,
    the organization and the registration selected (one query for a page)."""
    from workshops.models import Invitation

    return (
        Invitation.objects.filter(workshop=workshop)
        .select_related("mail", "reminder_mail", "organization", "registration", "account")
        .annotate(
            status=Case(
                When(answer="accepted", then=Value("accepted")),
                When(answer="declined", then=Value("declined")),
                When(mail__isnull=True, render_error="", then=Value("queued")),
                When(mail__isnull=True, then=Value("failed")),
                default=F("mail__status"),
                output_field=CharField(),
            )
        )
    )


def invitation_counts(workshop, now):
    """Counts by status, and the batch in flight: ``due`` (waiting for the worker: not
    rendered yet but due, or in the outbox queued or sending), ``scheduled`` (scheduled
    later), ``unscheduled`` (not sent yet) and ``done`` (sent, failed or answered), in one
    query."""
    from workshops.models import Invitation

    not_rendered = Q(mail__isnull=True, answer="", render_error="")
    render_failed = Q(answer="", mail__isnull=True) & ~Q(render_error="")
    in_outbox = Q(answer="", mail__status__in=["queued", "sending"])
    return Invitation.objects.filter(workshop=workshop).aggregate(
        total=Count("pk"),
        accepted=Count("pk", filter=Q(answer="accepted")),
        declined=Count("pk", filter=Q(answer="declined")),
        sent=Count("pk", filter=Q(answer="", mail__status="sent")),
        failed=Count("pk", filter=Q(answer="", mail__status="failed") | render_failed),
        sending=Count("pk", filter=Q(answer="", mail__status="sending")),
        queued=Count("pk", filter=not_rendered | Q(answer="", mail__status="queued")),
        due=Count("pk", filter=(not_rendered & Q(send_at__lte=now)) | in_outbox),
        scheduled=Count("pk", filter=not_rendered & Q(send_at__gt=now)),
        unscheduled=Count("pk", filter=not_rendered & Q(send_at__isnull=True)),
        reminded=Count("pk", filter=Q(reminded_at__isnull=False)),
        next_send_at=Min("send_at", filter=not_rendered & Q(send_at__gt=now)),
    )
