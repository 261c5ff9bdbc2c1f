"""The day in the room of the demo: statements and a list of speakers."""

import datetime as dt

from django.db import transaction
from django.utils import timezone

from idm_portal.core.demo import fill_languages
from workshops.models import Session

from .agendas import TRANSLATIONS

DEMO_STATEMENTS = [
    # (session title, focal point's country, language, check against delivery)
    ("General discussion", "CH", "en", True),
    ("General discussion", "MX", "es", True),
    ("Session I: National legislative and institutional frameworks", "PH", "en", False),
    ("Session I: National legislative and institutional frameworks", "MA", "fr", True),
]  # fmt: skip


def tiny_pdf(*lines):
    """A one-page PDF showing ``lines`` (Helvetica, ASCII), written by hand: the demo needs
    a real PDF, not WeasyPrint's start-up time."""
    text = " ".join(
        f"({line.replace(chr(92), '').replace('(', '').replace(')', '')}) Tj 0 -18 Td"
        for line in lines
    )
    stream = f"BT /F1 12 Tf 72 760 Td {text} ET".encode("ascii", "replace")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
        b"/Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        b"<< /Length %d >>\nstream\n%s\nendstream" % (len(stream), stream),
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(out)


@transaction.atomic
def load_statements(workshop):
    """Published statements of the demo focal points' member states for two sessions of
    ``workshop`` (workshop 1 of 2009). Adds only those missing; made directly, as demo data
    of a workshop held in 2009."""
    from django.core.files.base import ContentFile

    from idm_portal.core.demo import DEMO_DOMAIN, secretariat_account
    from idm_portal.core.models import Organization, User
    from workshops.models import Statement

    secretariat = secretariat_account()
    made = 0
    for title, code, language, check_against_delivery in DEMO_STATEMENTS:
        session = workshop.sessions.filter(title=title).first()
        state = Organization.objects.filter(kind="government", country=code).first()
        if session is None or state is None:
            continue
        if Statement.objects.filter(session=session, member_state=state).exists():
            continue
        author = User.objects.filter(email=f"focal.{code.lower()}@{DEMO_DOMAIN}").first()
        content = tiny_pdf(
            f"Statement of {state.name}",
            f"{workshop.title}",
            f"{session.title}",
            "Check against delivery" if check_against_delivery else "As delivered",
            "(Demo data: a synthetic statement.)",
        )
        statement = Statement(
            session=session,
            member_state=state,
            language=language,
            check_against_delivery=check_against_delivery,
            file_type="pdf",
            size=len(content),
            uploaded_by=author,
            published_at=timezone.now(),
            published_by=secretariat,
        )
        statement.file.save(
            f"statement-{state.country.code.lower()}-{session.pk}.pdf",
            ContentFile(content),
            save=False,
        )
        statement.save()
        made += 1
    return made


@transaction.atomic
def load_speakers_list(workshop):
    """A general discussion on day 1 of ``workshop`` (workshop 2 of 2009) with its list of
    speakers open, the Philippines and UNHCR already waiting: focal.ch@ asks for the floor
    from a phone, secretariat@ chairs. Adds only what is missing."""
    from idm_portal.core.demo import secretariat_account
    from idm_portal.core.models import Organization
    from workshops.models import FloorRequest, SpeakersList

    session = workshop.sessions.filter(kind=Session.Kind.GENERAL_DISCUSSION).first()
    if session is None:
        session = Session.objects.create(
            workshop=workshop,
            date=workshop.start_date,
            start_time=dt.time(14, 30),
            end_time=dt.time(16, 0),
            kind=Session.Kind.GENERAL_DISCUSSION,
            title="General discussion",
            room="Room XVII",
            order=99,
        )
        fill_languages(session, TRANSLATIONS)
    speakers_list, created = SpeakersList.objects.get_or_create(
        session=session, defaults={"opened_by": secretariat_account(), "speaking_time": 180}
    )
    if created:
        waiting = [
            Organization.objects.filter(kind="government", country="PH").first(),
            Organization.objects.filter(acronym="UNHCR").first(),
        ]
        for position, organization in enumerate(filter(None, waiting), start=1):
            FloorRequest.objects.create(
                speakers_list=speakers_list, organization=organization, position=position
            )
    return speakers_list
