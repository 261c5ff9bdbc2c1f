"""Name badges and certificates of attendance, made by the worker through the stored-document
helper (``idm_portal.core.documents``), never in the request.

Badges: A6 (landscape), two to an A4 page with crop marks; the name as on the badge, the
organization or member state, a colour band for the category and the QR code of the
registration's check-in token (an SVG that WeasyPrint draws as vectors). Certificates of
attendance: one A4 page, in the participant's language, only for those checked in, once the
workshop is over; downloaded from "My registrations" or sent by e-mail on request."""

from functools import partial

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.storage import default_storage
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from idm_portal.core import documents, pdf, roles
from idm_portal.core.models import Organization
from idm_portal.core.queue import enqueue_on_commit
from workshops.models import Registration, Workshop

BADGES, CERTIFICATE = "badges", "certificate"
# Whose badge is printed: the confirmed (and those already checked in).
WITH_BADGE = (Registration.Status.CONFIRMED, Registration.Status.ATTENDED)
BAND_COLOURS = {
    Organization.Kind.GOVERNMENT: "#0033a0",
    Organization.Kind.INTERNATIONAL_ORGANIZATION: "#2e7d32",
    Organization.Kind.NGO: "#e65100",
    Organization.Kind.PRIVATE_SECTOR: "#6a1b9a",
    Organization.Kind.ACADEMIA: "#00796b",
    Organization.Kind.MEDIA: "#c62828",
    Organization.Kind.OTHER: "#546e7a",
}


def checkin_qr_svg(registration):
    """The registration's check-in token as a QR code, an SVG data URI."""
    import segno

    return segno.make(registration.checkin_token, error="m").svg_data_uri(scale=4, border=2)


def badge_registrations(workshop, registration_ids=None):
    """The registrations that get a badge (all confirmed, or those of ``registration_ids``
    among them), by name."""
    found = (
        Registration.objects.filter(workshop=workshop, status__in=WITH_BADGE)
        .select_related("organization")
        .order_by("badge_name", "pk")
    )
    if registration_ids:
        found = found.filter(pk__in=registration_ids)
    return found


def badges_html(workshop, registration_ids=None, *, language="en"):
    badges = []
    for registration in badge_registrations(workshop, registration_ids):
        badges.append(
            {
                "name": registration.badge_name,
                "organization": registration.organization.name,
                "category": registration.get_category_display(),
                "kind": registration.category,
                "qr_code": checkin_qr_svg(registration),
            }
        )
    sheets = [badges[index : index + 2] for index in range(0, len(badges), 2)]
    return pdf.render_html(
        "workshops/delegations/pdf/badges.html",
        {"workshop": workshop, "sheets": sheets, "colours": BAND_COLOURS.items()},
        language=language,
    )


def _badges_folder(workshop):
    return f"badges/{workshop.pk}"


def request_badges_pdf(workshop, registration_ids=None, *, language="en"):
    """The stored badges PDF as the registrations are now, or None after queuing its
    making (once)."""
    ids = sorted(registration_ids or [])
    return documents.request_html_pdf(
        BADGES,
        badges_html(workshop, ids, language=language),
        folder=_badges_folder(workshop),
        task="workshops.render_badges_pdf",
        args=[workshop.pk, ids, language],
    )


def render_badges_pdf(workshop, registration_ids=None, *, language="en"):
    """Make and store the badges PDF (unless stored); its path."""
    html = badges_html(workshop, sorted(registration_ids or []), language=language)
    return documents.make_html_pdf(BADGES, html, folder=_badges_folder(workshop))


# --- Certificates of attendance ---


def certificate_available(registration, *, today=None):
    """Checked in, and the workshop is over."""
    today = today or timezone.localdate()
    workshop = registration.workshop
    over = workshop.end_date < today or workshop.status == Workshop.Status.HELD
    return registration.status == Registration.Status.ATTENDED and over


def certificate_html(registration):
    language = registration.person.preferred_language
    return pdf.render_html(
        "workshops/delegations/pdf/certificate.html",
        {"registration": registration, "workshop": registration.workshop},
        language=language,
    )


def _certificate_folder(registration):
    return f"certificates/{registration.pk}"


def _check_certificate(registration):
    if not certificate_available(registration):
        raise ValidationError(
            _("A certificate of attendance is given to those checked in, after the workshop.")
        )


def request_certificate_pdf(registration):
    """The stored certificate, or None after queuing its making; ValidationError when the
    registration has none."""
    _check_certificate(registration)
    return documents.request_html_pdf(
        CERTIFICATE,
        certificate_html(registration),
        folder=_certificate_folder(registration),
        task="workshops.render_certificate_pdf",
        args=[registration.pk],
    )


def render_certificate_pdf(registration):
    """Make and store the certificate of attendance (unless stored); its path."""
    _check_certificate(registration)
    html = certificate_html(registration)
    return documents.make_html_pdf(CERTIFICATE, html, folder=_certificate_folder(registration))


def send_certificate(registration, *, actor):
    """Send the certificate of attendance to its holder by e-mail (the holder, or the
    Secretariat, asks): the worker makes the PDF and puts the e-mail, with the PDF attached,
    in the outbox. Nothing changes when the registration has no certificate (ValidationError)."""
    if registration.person_id != getattr(actor, "pk", None) and not roles.is_secretariat(actor):
        raise PermissionDenied
    _check_certificate(registration)
    # With the broker down, the mail is made in the request.
    enqueue_on_commit(
        "workshops.send_certificate",
        args=[registration.pk],
        fallback=partial(_mail_certificate_now, registration.pk),
    )


def _mail_certificate_now(registration_id):
    mail_certificate(
        Registration.objects.select_related("workshop", "person", "organization").get(
            pk=registration_id
        )
    )


def mail_certificate(registration):
    """Make the certificate (unless stored) and queue the e-mail that carries it, in the
    holder's language. Returns the OutgoingMail."""
    from idm_portal.core.services.outbox import queue_mail

    path = render_certificate_pdf(registration)
    with default_storage.open(path, "rb") as file:
        content = file.read()
    language = registration.person.preferred_language
    with translation.override(language):
        filename = _("certificate-of-attendance") + f"-{registration.workshop.slug}.pdf"
    return queue_mail(
        to=registration.email,
        template="workshops/delegations/email/certificate",
        language=language,
        context={"registration": registration, "workshop": registration.workshop},
        attachments=[(filename, content, "application/pdf")],
    )
