"""Invitations: the Secretariat's pages of a workshop (add recipients, the message in each
language with its preview, send now or later, follow the sending, each recipient's history,
CSV export, resend failed). The invitee's answer link is in ``invitation_answer``."""

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from idm_portal.core import roles
from idm_portal.core.csv_stream import streaming_csv
from idm_portal.core.forms import add_service_errors
from idm_portal.core.listing import list_context
from idm_portal.core.roles import role_required
from idm_portal.core.templatetags.idm import moment
from workshops import queries
from workshops.forms import (
    InvitationCsvForm,
    InvitationFilterForm,
    InvitationMessageForm,
    InviteAddressForm,
    InviteFocalPointsForm,
    SendInvitationsForm,
)
from workshops.models import Invitation
from workshops.queries import workshop_or_404
from workshops.services import invitation_messages
from workshops.services import invitations as services
from workshops.services.invitation_import import import_csv

PAGE_SIZE = 50
LANGUAGE_NAMES = dict(settings.LANGUAGES)


def _url(name, workshop, *args):
    return reverse(f"workshops:{name}", args=[workshop.idm_year.year, workshop.slug, *args])


def _progress_context(workshop):
    counts = queries.invitation_counts(workshop, timezone.now())
    in_batch = counts["total"] - counts["unscheduled"] - counts["scheduled"]
    done = in_batch - counts["due"]
    counts["percent"] = round(100 * done / in_batch) if in_batch else 100
    counts["done"] = done
    counts["in_batch"] = in_batch
    return {"workshop": workshop, "counts": counts, "polling": counts["due"] > 0}


@role_required(roles.can_manage_invitations)
def invitations(request, year, slug):
    workshop = workshop_or_404(year, slug)
    filter_form = InvitationFilterForm(request.GET or None)
    found = filter_form.filter(queries.invitations_with_status(workshop)).order_by("email", "pk")
    return render(
        request,
        "workshops/invitations/list.html",
        {
            **_progress_context(workshop),
            "filter_form": filter_form,
            **list_context(request, found, page_size=PAGE_SIZE),
            "send_form": SendInvitationsForm(time_zone=workshop.zone),
            "languages": settings.LANGUAGES,
        },
    )


@role_required(roles.can_manage_invitations)
def progress(request, year, slug):
    """The counts and the progress bar (htmx polls it while a batch is being sent)."""
    workshop = workshop_or_404(year, slug)
    return render(
        request, "workshops/partials/invitation_progress.html", _progress_context(workshop)
    )


def _added_message(request, added, updated):
    text = ngettext(
        "%(count)d invitation added to the list.",
        "%(count)d invitations added to the list.",
        added,
    ) % {"count": added}
    if updated:
        text += " " + ngettext(
            "%(count)d address was already invited: updated.",
            "%(count)d addresses were already invited: updated.",
            updated,
        ) % {"count": updated}
    messages.success(request, text)


@role_required(roles.can_manage_invitations)
def add(request, year, slug):
    """Add recipients: the focal points of organizations, one address, or a CSV file.
    Nothing is sent yet."""
    workshop = workshop_or_404(year, slug)
    source = request.POST.get("source") if request.method == "POST" else None
    forms = {
        "focal_points": InviteFocalPointsForm(
            request.POST if source == "focal_points" else None, prefix="fp"
        ),
        "address": InviteAddressForm(request.POST if source == "address" else None, prefix="one"),
        "csv": InvitationCsvForm(
            request.POST if source == "csv" else None,
            request.FILES if source == "csv" else None,
            prefix="csv",
        ),
    }
    imported = None
    if source in forms and forms[source].is_valid():
        data = forms[source].cleaned_data
        if source == "focal_points":
            recipients = services.focal_point_recipients(
                member_states=data["member_states"],
                observer_states=data["observer_states"],
                organizations=data["organizations"],
            )
            if not recipients:
                forms[source].add_error(None, _("These organizations have no focal point."))
            else:
                _added_message(
                    request, *services.invite(workshop, actor=request.user, recipients=recipients)
                )
                return redirect(_url("invitations", workshop))
        elif source == "address":
            recipient = services.Recipient(
                email=data["email"],
                name=data["name"],
                organization=data["organization"],
                organization_name=data["organization_name"],
                language=data["language"],
            )
            _added_message(
                request, *services.invite(workshop, actor=request.user, recipients=[recipient])
            )
            return redirect(_url("invitations", workshop))
        else:
            imported = import_csv(workshop, actor=request.user, data=data["file"].read())
            if imported.refused_file:
                forms["csv"].add_error("file", imported.refused_file)
                imported = None
            elif not imported.errors:
                _added_message(request, imported.added, imported.updated)
                return redirect(_url("invitations", workshop))
    return render(
        request,
        "workshops/invitations/add.html",
        {"workshop": workshop, "forms": forms, "imported": imported},
    )


@require_POST
@role_required(roles.can_manage_invitations)
def send(request, year, slug):
    workshop = workshop_or_404(year, slug)
    form = SendInvitationsForm(request.POST, time_zone=workshop.zone)
    if not form.is_valid():
        for errors in form.errors.values():
            messages.error(request, " ".join(errors))
        return redirect(_url("invitations", workshop))
    send_at = form.cleaned_data["send_at"]
    count = services.send_invitations(workshop, actor=request.user, send_at=send_at)
    if not count:
        messages.info(request, _("Every invitation on the list has been sent already."))
    elif send_at is None:
        messages.success(
            request,
            ngettext(
                "%(count)d invitation is being sent.",
                "%(count)d invitations are being sent.",
                count,
            )
            % {"count": count},
        )
    else:
        messages.success(
            request,
            ngettext(
                "%(count)d invitation will be sent on %(when)s.",
                "%(count)d invitations will be sent on %(when)s.",
                count,
            )
            % {"count": count, "when": moment(send_at, workshop)},
        )
    return redirect(_url("invitations", workshop))


@require_POST
@role_required(roles.can_manage_invitations)
def resend_failed(request, year, slug):
    workshop = workshop_or_404(year, slug)
    count = services.resend_failed(workshop, actor=request.user)
    messages.success(
        request,
        ngettext(
            "%(count)d failed invitation is queued again.",
            "%(count)d failed invitations are queued again.",
            count,
        )
        % {"count": count},
    )
    return redirect(_url("invitations", workshop))


@require_POST
@role_required(roles.can_manage_invitations)
def resend_one(request, year, slug, pk):
    workshop = workshop_or_404(year, slug)
    invitation = get_object_or_404(Invitation, workshop=workshop, pk=pk)
    if services.resend_failed(workshop, actor=request.user, invitation=invitation):
        messages.success(request, _("The invitation is queued again, with the same Message-ID."))
    else:
        messages.error(request, _("This invitation has not failed: there is nothing to resend."))
    return redirect(_url("invitation_detail", workshop, invitation.pk))


def _preview(workshop, language, subject, body):
    """The message as a sample invitee reads it: the first on the list in that language, or
    an example."""
    sample = Invitation.objects.filter(workshop=workshop, language=language).order_by("pk").first()
    if sample is None:
        # A made-up invitee (not saved): its token is random, its link answers 404.
        sample = Invitation(workshop=workshop, language=language, name="Ms Jane Example")
    shared = invitation_messages.workshop_values(workshop, language)
    subject, body = invitation_messages.render_invitation_text(
        sample, texts=(subject, body), shared=shared
    )
    return {"to": sample.email or "jane.example@example.org", "subject": subject, "body": body}


@role_required(roles.can_manage_invitations)
def message(request, year, slug, language):
    """The invitation's text in one language: edit, preview, save, or go back to the
    portal's own text."""
    workshop = workshop_or_404(year, slug)
    if language not in LANGUAGE_NAMES:
        raise Http404("No such language.")
    subject, body = invitation_messages.message_texts(workshop, language)
    is_custom = workshop.invitation_messages.filter(language=language).exists()
    action = request.POST.get("action") if request.method == "POST" else None
    if action == "reset":
        services.reset_message(workshop, actor=request.user, language=language)
        messages.success(request, _("The portal's own text is used again."))
        return redirect(_url("invitation_message", workshop, language))
    form = InvitationMessageForm(
        request.POST if action else None, initial={"subject": subject, "body": body}
    )
    preview = None
    if action and form.is_valid():
        subject, body = form.cleaned_data["subject"], form.cleaned_data["body"]
        if action == "save":
            try:
                services.save_message(
                    workshop, actor=request.user, language=language, subject=subject, body=body
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("The message is saved."))
                return redirect(_url("invitation_message", workshop, language))
    if not form.errors:
        preview = _preview(workshop, language, subject, body)
    return render(
        request,
        "workshops/invitations/message.html",
        {
            "workshop": workshop,
            "language": language,
            "language_name": LANGUAGE_NAMES[language],
            "languages": settings.LANGUAGES,
            "form": form,
            "preview": preview,
            "is_custom": is_custom,
            "placeholders": invitation_messages.PLACEHOLDERS.items(),
        },
    )


@role_required(roles.can_manage_invitations)
def export_csv(request, year, slug):
    workshop = workshop_or_404(year, slug)
    filter_form = InvitationFilterForm(request.GET or None)
    found = filter_form.filter(queries.invitations_with_status(workshop)).order_by("email", "pk")
    zone = workshop.zone
    statuses = dict(Invitation.Status.choices)

    def moment(value):
        return value.astimezone(zone).strftime("%Y-%m-%d %H:%M") if value else ""

    header = [
        _("Name"),
        _("E-mail address"),
        _("Organization"),
        _("Language"),
        _("Status"),
        _("Attempts"),
        _("Last error"),
        _("Sent at"),
        _("Answered at"),
        _("Reason for declining"),
        _("Reminded at"),
    ]

    def rows():
        for invitation in found.iterator(chunk_size=2000):
            mail = invitation.mail
            yield [
                invitation.name,
                invitation.email,
                invitation.organization_name,
                invitation.language,
                statuses.get(invitation.status, invitation.status),
                mail.attempts if mail else 0,
                mail.last_error if mail else invitation.render_error,
                moment(mail.sent_at if mail else None),
                moment(invitation.answered_at),
                invitation.decline_reason,
                moment(invitation.reminded_at),
            ]

    # Streamed: ten thousand invitations leave row by row, never all in memory.
    return streaming_csv(
        header, rows(), filename=f"invitations-{workshop.idm_year.year}-{workshop.slug}.csv"
    )


def _history(invitation):
    """What happened to one invitation, in time order: (when, what, detail, tone)."""
    events = [(invitation.created_at, _("Added to the list"), "", "secondary")]
    mail = invitation.mail
    if invitation.send_at and (mail is None or invitation.send_at < mail.created_at):
        events.append((invitation.send_at, _("Scheduled"), "", "secondary"))
    if mail is not None:
        events.append((mail.created_at, _("Queued in the outbox"), mail.message_id, "secondary"))
        if mail.claimed_at:
            detail = ngettext("%(count)d attempt", "%(count)d attempts", mail.attempts) % {
                "count": mail.attempts
            }
            events.append((mail.claimed_at, _("Last sending attempt"), detail, "info"))
        if mail.status == "sent":
            events.append((mail.sent_at, _("Sent"), "", "success"))
        elif mail.status == "failed":
            events.append((mail.claimed_at, _("Failed"), mail.last_error, "danger"))
        elif mail.last_error:
            events.append((mail.next_attempt_at, _("To be retried"), mail.last_error, "warning"))
    elif invitation.render_error:
        events.append((invitation.updated_at, _("Failed"), invitation.render_error, "danger"))
    reminder = invitation.reminder_mail
    if invitation.reminded_at:
        state = reminder.get_status_display() if reminder else ""
        events.append((invitation.reminded_at, _("Reminder"), state, "info"))
    if invitation.answered_at:
        if invitation.answer == Invitation.Answer.ACCEPTED:
            events.append((invitation.answered_at, _("Accepted: registered"), "", "success"))
        else:
            events.append(
                (invitation.answered_at, _("Declined"), invitation.decline_reason, "secondary")
            )
    return sorted((event for event in events if event[0] is not None), key=lambda event: event[0])


@role_required(roles.can_manage_invitations)
def detail(request, year, slug, pk):
    workshop = workshop_or_404(year, slug)
    invitation = get_object_or_404(queries.invitations_with_status(workshop), pk=pk)
    return render(
        request,
        "workshops/invitations/detail.html",
        {"workshop": workshop, "invitation": invitation, "history": _history(invitation)},
    )
