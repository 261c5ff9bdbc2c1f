"""The workshops of the demo world (IC/2009/5, paragraphs 2 and 7) with their agendas, and
synthetic ones for benchmarks. Adds only what is missing.

The seed names no speaker: every person here is plainly synthetic (names from
idm_portal.core.demo_data); the themes of the panels are those of paragraph 3."""

import datetime as dt

from django.db import transaction
from django.utils import timezone

from idm_portal.core.demo import fill_languages, synthetic_name
from workshops.models import AgendaRelease, Session, SessionSpeaker, Speaker, Workshop
from workshops.services.agenda import publish_agenda

WORKSHOPS_2009 = [
    {
        "ordinal": 1,
        "slug": "effective-respect-human-rights-migrants",
        "title": "Effective Respect for the Human Rights of Migrants: A Shared Responsibility",
        "start_date": dt.date(2009, 3, 25),
        "end_date": dt.date(2009, 3, 26),
        "venue": "Palais des Nations",
        "city": "Geneva",
        "status": Workshop.Status.HELD,
        "description": (
            "The panellists and participants shared local, regional and international "
            "experiences in protecting the human rights of migrants, with a focus on "
            "implementation and practical measures."
        ),
    },
    {
        "ordinal": 2,
        "slug": "trafficking-exploitation-migrants",
        "title": "Trafficking and Exploitation of Migrants: Ensuring Protection of Human Rights",
        "start_date": dt.date(2009, 7, 9),
        "end_date": dt.date(2009, 7, 10),
        "venue": "Palais des Nations",
        "city": "Geneva",
        "status": Workshop.Status.SUBJECT_TO_FUNDING,
        "description": (
            "The aim of this workshop is to situate trafficking and exploitation of migrants "
            "within a larger framework of migration governance guided by human rights "
            "principles."
        ),
    },
]


T = dt.time
# (day index, start, end, kind, title, [(speaker key, role), ...])
AGENDA_1 = [
    (0, T(9, 30), T(10, 0), "opening", "Opening and welcome remarks", [("dg", "chair")]),
    (0, T(10, 0), T(10, 45), "keynote",
     "Human rights and migration: a shared responsibility", [("keynote", "keynote")]),
    (0, T(10, 45), T(11, 0), "break", "Coffee break", []),
    (0, T(11, 0), T(13, 0), "panel",
     "Session I: National legislative and institutional frameworks",
     [("mod1", "moderator"), ("p1", "panellist"), ("p2", "panellist"), ("p3", "panellist")]),
    (0, T(13, 0), T(15, 0), "lunch", "Lunch break", []),
    (0, T(15, 0), T(17, 0), "panel",
     "Session II: Preventing and remedying discrimination",
     [("mod2", "moderator"), ("p4", "panellist"), ("p5", "panellist"), ("p6", "panellist")]),
    (0, T(17, 0), T(18, 0), "general_discussion", "General discussion", [("mod2", "chair")]),
    (1, T(10, 0), T(12, 0), "panel",
     "Session III: Labour mobility programmes that respect human rights",
     [("mod1", "moderator"), ("p7", "panellist"), ("p8", "panellist"), ("p2", "panellist")]),
    (1, T(12, 0), T(13, 0), "panel",
     "Session IV: Integration, combating racism and harmonizing relations with societies",
     [("mod3", "moderator"), ("p9", "panellist"), ("p10", "panellist")]),
    (1, T(13, 0), T(15, 0), "lunch", "Lunch break", []),
    (1, T(15, 0), T(16, 30), "panel",
     "Session V: Bilateral, regional, international and multi-stakeholder cooperation",
     [("mod3", "moderator"), ("p11", "panellist"), ("p12", "panellist")]),
    (1, T(16, 30), T(17, 0), "closing", "Summary by the rapporteur and closing remarks",
     [("rapporteur", "rapporteur"), ("dg", "chair")]),
]  # fmt: skip

AGENDA_2_DRAFT = [
    (0, T(10, 0), T(10, 30), "opening", "Opening remarks", [("dg", "chair")]),
    (0, T(10, 30), T(12, 30), "panel",
     "Session I: Trafficking within a framework of migration governance",
     [("mod1", "moderator"), ("p4", "panellist"), ("p9", "panellist")]),
    (0, T(12, 30), T(14, 30), "lunch", "Lunch break", []),
    (1, T(10, 0), T(12, 0), "panel",
     "Session II: Protecting the human rights of exploited migrants",
     [("mod3", "moderator"), ("p7", "panellist")]),
]  # fmt: skip

# key: (position, organization); names come from the synthetic pool.
SPEAKERS = {
    "dg": ("Deputy Director General", "International Organization for Migration"),
    "keynote": ("Special Rapporteur on the human rights of migrants (synthetic)", ""),
    "mod1": ("Director, Migration Policy and Research", "International Organization for Migration"),
    "mod2": ("Senior Legal Officer", "International Organization for Migration"),
    "mod3": ("Head, Labour Migration Division", "International Organization for Migration"),
    "rapporteur": ("Migration Policy Officer", "International Organization for Migration"),
    "p1": ("Director-General for Migration", "Government of Mexico"),
    "p2": ("Deputy Minister of Labour", "Government of the Philippines"),
    "p3": ("Ombudsperson for Migrants", "Government of Morocco"),
    "p4": ("Senior Human Rights Officer",
           "Office of the United Nations High Commissioner for Human Rights"),
    "p5": ("Head of Anti-Discrimination Unit", "Government of Switzerland"),
    "p6": ("Researcher", "Graduate Institute of International and Development Studies"),
    "p7": ("Migration Specialist", "International Labour Organization"),
    "p8": ("Head of Human Resources", "International Organisation of Employers"),
    "p9": ("Programme Director", "Caritas Internationalis"),
    "p10": ("Mayor's Adviser on Integration", "City of Geneva"),
    "p11": ("Secretary General", "International Centre for Migration Policy Development"),
    "p12": ("Director, Regional Consultative Process Secretariat", "Government of Senegal"),
}  # fmt: skip

# IOM's French and Spanish of what the demo's workshops say: {English: (French, Spanish)}.
# The theme, the titles of the two workshops and the places are IOM's; the first workshop's
# description is paragraph 3 of IC/2009/5 in French (consultations/seed/IC-2009-5.fr.md).
TRANSLATIONS = {
    "Effective Respect for the Human Rights of Migrants: A Shared Responsibility": (
        "Respect effectif des droits de l’homme des migrants : une responsabilité partagée",
        "Respeto efectivo de los derechos humanos de los migrantes: Una responsabilidad "
        "compartida",
    ),
    "Trafficking and Exploitation of Migrants: Ensuring Protection of Human Rights": (
        "Traite et exploitation des migrants : garantir la protection des droits de l’homme",
        "Trata y explotación de migrantes: Garantizar la protección de los derechos humanos",
    ),
    "Palais des Nations": ("Palais des Nations", "Palacio de las Naciones"),
    "Geneva": ("Genève", "Ginebra"),
    (
        "The panellists and participants shared local, regional and international "
        "experiences in protecting the human rights of migrants, with a focus on "
        "implementation and practical measures."
    ): (
        "Les intervenants et les participants ont fait part d’expériences locales, régionales"
        " et internationales en matière de protection des droits de l’homme des migrants, en "
        "mettant l’accent sur la mise en œuvre et les mesures concrètes.",
        "Los panelistas y participantes compartieron experiencias locales, regionales e "
        "internacionales en la protección de los derechos humanos de los migrantes, "
        "centrándose en la aplicación y en medidas prácticas.",
    ),
    (
        "The aim of this workshop is to situate trafficking and exploitation of migrants "
        "within a larger framework of migration governance guided by human rights "
        "principles."
    ): (
        "Cet atelier vise à situer la traite et l’exploitation des migrants dans le cadre plus "
        "large d’une gouvernance des migrations guidée par les principes des droits de "
        "l’homme.",
        "Este taller tiene por objeto situar la trata y la explotación de migrantes en un "
        "marco más amplio de gobernanza de la migración guiado por los principios de derechos "
        "humanos.",
    ),
    # Sessions
    "Opening and welcome remarks": ("Ouverture et allocutions de bienvenue",
                                    "Apertura y palabras de bienvenida"),
    "Opening remarks": ("Allocutions d’ouverture", "Palabras de apertura"),
    "Human rights and migration: a shared responsibility": (
        "Droits de l’homme et migration : une responsabilité partagée",
        "Derechos humanos y migración: una responsabilidad compartida",
    ),
    "Coffee break": ("Pause café", "Pausa café"),
    "Lunch break": ("Pause déjeuner", "Pausa para el almuerzo"),
    "Session I: National legislative and institutional frameworks": (
        "Séance I : Cadres législatifs et institutionnels nationaux",
        "Sesión I: Marcos legislativos e institucionales nacionales",
    ),
    "Session II: Preventing and remedying discrimination": (
        "Séance II : Prévenir la discrimination et y remédier",
        "Sesión II: Prevenir y remediar la discriminación",
    ),
    "General discussion": ("Débat général", "Debate general"),
    "Session III: Labour mobility programmes that respect human rights": (
        "Séance III : Des programmes de mobilité de main-d’œuvre respectueux des droits de "
        "l’homme",
        "Sesión III: Programas de movilidad laboral respetuosos de los derechos humanos",
    ),
    "Session IV: Integration, combating racism and harmonizing relations with societies": (
        "Séance IV : Intégration, lutte contre le racisme et harmonisation des relations avec "
        "les sociétés",
        "Sesión IV: Integración, lucha contra el racismo y armonización de las relaciones con "
        "las sociedades",
    ),
    "Session V: Bilateral, regional, international and multi-stakeholder cooperation": (
        "Séance V : Coopération bilatérale, régionale, internationale et multipartite",
        "Sesión V: Cooperación bilateral, regional, internacional y entre múltiples partes "
        "interesadas",
    ),
    "Summary by the rapporteur and closing remarks": (
        "Synthèse du rapporteur et allocutions de clôture",
        "Resumen del relator y palabras de clausura",
    ),
    "Session I: Trafficking within a framework of migration governance": (
        "Séance I : La traite dans le cadre de la gouvernance des migrations",
        "Sesión I: La trata en el marco de la gobernanza de la migración",
    ),
    "Session II: Protecting the human rights of exploited migrants": (
        "Séance II : Protéger les droits de l’homme des migrants exploités",
        "Sesión II: Proteger los derechos humanos de los migrantes explotados",
    ),
    # Speakers' positions
    "Deputy Director General": ("Directeur général adjoint", "Director General Adjunto"),
    "Special Rapporteur on the human rights of migrants (synthetic)": (
        "Rapporteur spécial sur les droits de l’homme des migrants (fictif)",
        "Relator Especial sobre los derechos humanos de los migrantes (ficticio)",
    ),
    "Director, Migration Policy and Research": (
        "Directeur, Politiques migratoires et recherche",
        "Director, Políticas migratorias e investigación",
    ),
    "Senior Legal Officer": ("Juriste principal", "Oficial jurídico superior"),
    "Head, Labour Migration Division": (
        "Chef, Division de la migration de main-d’œuvre",
        "Jefe, División de Migración Laboral",
    ),
    "Migration Policy Officer": (
        "Chargé des politiques migratoires",
        "Oficial de políticas migratorias",
    ),
    "Director-General for Migration": ("Directeur général des migrations",
                                       "Director General de Migración"),
    "Deputy Minister of Labour": ("Vice-ministre du Travail", "Viceministro de Trabajo"),
    "Ombudsperson for Migrants": ("Médiateur pour les migrants",
                                  "Defensor de los migrantes"),
    "Senior Human Rights Officer": ("Spécialiste principal des droits de l’homme",
                                    "Oficial superior de derechos humanos"),
    "Head of Anti-Discrimination Unit": ("Chef de l’Unité de lutte contre la discrimination",
                                         "Jefe de la Unidad contra la Discriminación"),
    "Researcher": ("Chercheur", "Investigador"),
    "Migration Specialist": ("Spécialiste des migrations", "Especialista en migración"),
    "Head of Human Resources": ("Responsable des ressources humaines",
                                "Jefe de Recursos Humanos"),
    "Programme Director": ("Directeur de programme", "Director de programa"),
    "Mayor's Adviser on Integration": ("Conseiller du maire pour l’intégration",
                                       "Asesor del alcalde para la integración"),
    "Secretary General": ("Secrétaire général", "Secretario General"),
    "Director, Regional Consultative Process Secretariat": (
        "Directeur, Secrétariat du processus consultatif régional",
        "Director, Secretaría del proceso consultivo regional",
    ),
    # Speakers' organizations (their own French and Spanish names)
    "International Organization for Migration": (
        "Organisation internationale pour les migrations",
        "Organización Internacional para las Migraciones",
    ),
    "Government of Mexico": ("Gouvernement du Mexique", "Gobierno de México"),
    "Government of the Philippines": ("Gouvernement des Philippines", "Gobierno de Filipinas"),
    "Government of Morocco": ("Gouvernement du Maroc", "Gobierno de Marruecos"),
    "Office of the United Nations High Commissioner for Human Rights": (
        "Haut-Commissariat des Nations Unies aux droits de l’homme",
        "Oficina del Alto Comisionado de las Naciones Unidas para los Derechos Humanos",
    ),
    "Government of Switzerland": ("Gouvernement de la Suisse", "Gobierno de Suiza"),
    "Graduate Institute of International and Development Studies": (
        "Institut de hautes études internationales et du développement",
        "Instituto de Altos Estudios Internacionales y del Desarrollo",
    ),
    "International Labour Organization": (
        "Organisation internationale du Travail",
        "Organización Internacional del Trabajo",
    ),
    "International Organisation of Employers": (
        "Organisation internationale des employeurs",
        "Organización Internacional de Empleadores",
    ),
    "Caritas Internationalis": ("Caritas Internationalis", "Caritas Internationalis"),
    "City of Geneva": ("Ville de Genève", "Ciudad de Ginebra"),
    "International Centre for Migration Policy Development": (
        "Centre international pour le développement des politiques migratoires",
        "Centro Internacional para el Desarrollo de Políticas Migratorias",
    ),
    "Government of Senegal": ("Gouvernement du Sénégal", "Gobierno de Senegal"),
}  # fmt: skip


def load_speakers():
    speakers = {}
    for index, (key, (position, organization)) in enumerate(SPEAKERS.items(), start=20):
        speakers[key], _created = Speaker.objects.get_or_create(
            name=synthetic_name(index),
            position=position,
            defaults={"organization": organization, "title": ("Ms", "Mr", "Dr")[index % 3]},
        )
        fill_languages(speakers[key], TRANSLATIONS)
    return speakers


def load_agenda(workshop, rows, speakers, *, room="Room XVII"):
    """The sessions of ``rows``, unless the workshop already has an agenda; the French and
    Spanish of their titles where empty."""
    if workshop.sessions.exists():
        for session in workshop.sessions.all():
            fill_languages(session, TRANSLATIONS)
        return
    for order, (day, start, end, kind, title, parts) in enumerate(rows, start=1):
        session = Session.objects.create(
            workshop=workshop,
            date=workshop.start_date + dt.timedelta(days=day),
            start_time=start,
            end_time=end,
            kind=kind,
            title=title,
            room=room,
            order=order,
        )
        fill_languages(session, TRANSLATIONS)
        SessionSpeaker.objects.bulk_create(
            SessionSpeaker(session=session, speaker=speakers[key], role=role, order=position)
            for position, (key, role) in enumerate(parts, start=1)
        )


def publish_once(workshop, actor, *, published_on=None):
    """Publish release 1 unless the workshop has a release; dated ``published_on`` (noon in
    the venue's time zone) for the 2009 demo, now otherwise."""
    if workshop.releases.exists():
        return
    release = publish_agenda(workshop, actor=actor, prerender_pdf=False)
    if published_on is not None:
        noon = dt.datetime.combine(published_on, dt.time(12), workshop.zone)
        AgendaRelease.objects.filter(pk=release.pk).update(published_at=noon)


@transaction.atomic
def load(idm_year, *, secretariat):
    """The two workshops of 2009: the first with a published agenda, the second with a
    draft one and, so that the demo can be tried, registration open for 90 days from the
    first load (120 seats, at most 3 per government delegation)."""
    workshops = []
    now = timezone.now()
    open_registration = {
        "registration_opens": now - dt.timedelta(days=1),
        "registration_closes": now + dt.timedelta(days=90),
        "capacity": 120,
        "quota_per_delegation": 3,
    }
    for row in WORKSHOPS_2009:
        fields = dict(row)
        slug = fields.pop("slug")
        if fields["ordinal"] == 2:
            fields.update(open_registration)
        workshop, _created = Workshop.objects.get_or_create(
            idm_year=idm_year,
            slug=slug,
            defaults={**fields, "time_zone": "Europe/Zurich", "is_published": True},
        )
        workshops.append(fill_languages(workshop, TRANSLATIONS))
    speakers = load_speakers()
    first, second = workshops
    load_agenda(first, AGENDA_1, speakers)
    publish_once(first, secretariat, published_on=dt.date(2009, 3, 20))
    load_agenda(second, AGENDA_2_DRAFT, speakers)
    load_suggestions(second)
    load_delegations(second)
    return workshops


@transaction.atomic
def load_synthetic(idm_year, count, *, secretariat):
    """``count`` synthetic published workshops with published agendas (for benchmarks),
    numbered after the real ones; a second run with the same count adds nothing."""
    first_day = dt.date(idm_year.year, 9, 1)
    speakers = load_speakers()
    for number in range(1, count + 1):
        start = first_day + dt.timedelta(days=number % 90)
        workshop, _created = Workshop.objects.get_or_create(
            idm_year=idm_year,
            slug=f"synthetic-workshop-{number}",
            defaults={
                "ordinal": 100 + number,
                "title": f"Synthetic workshop {number}",
                "start_date": start,
                "end_date": start + dt.timedelta(days=1),
                "city": "Geneva",
                "status": Workshop.Status.PLANNED,
                "is_published": True,
            },
        )
        load_agenda(workshop, AGENDA_1, speakers, room=f"Room {number % 20 + 1}")
        publish_once(workshop, secretariat)


PARTICIPANTS_2009 = 214  # "more than 200 participants" (IC/2009/5, paragraph 2)
PARTICIPANT_POSITIONS = (
    "Counsellor, Permanent Mission",
    "First Secretary, Permanent Mission",
    "Director, Migration Department",
    "Migration Policy Officer",
    "Programme Manager",
    "Researcher",
)


def _participant_organizations():
    """The demo world's organizations behind the seed's figures (and no others that the
    database may hold), governments first."""
    # Imported here: this part is appended to the module and leaves its imports as they were.
    from idm_portal.core import demo_data
    from idm_portal.core.models import Organization

    governments = list(
        Organization.objects.filter(
            kind=Organization.Kind.GOVERNMENT,
            country__in=[code for code, _status in demo_data.GOVERNMENTS],
        ).order_by("name")
    )
    names = [
        name
        for rows in (
            demo_data.INTERNATIONAL_ORGANIZATIONS,
            demo_data.NON_GOVERNMENTAL_ORGANIZATIONS,
            demo_data.PRIVATE_SECTOR,
            demo_data.ACADEMIA,
            demo_data.MEDIA,
        )
        for name, _acronym in rows
    ]
    others = list(Organization.objects.filter(name__in=names).order_by("kind", "name"))
    return governments + others


@transaction.atomic
def load_registrations(workshop, *, count=PARTICIPANTS_2009):
    """``count`` attended registrations of synthetic people for ``workshop`` (workshop 1 of
    2009), spread over every organization of the demo world, so that its statistics read as
    the seed does. Adds nothing when the workshop has registrations already."""
    from idm_portal.core.demo import DEMO_DOMAIN
    from idm_portal.core.models import User
    from workshops.models import Registration

    if workshop.registrations.exists():
        return 0
    organizations = _participant_organizations()
    emails = [f"participant.{number:03d}@{DEMO_DOMAIN}" for number in range(1, count + 1)]
    existing = {user.email: user for user in User.objects.filter(email__in=emails)}
    new_users = []
    for index, email in enumerate(emails):
        if email not in existing:
            user = User(email=email, name=synthetic_name(100 + index))
            user.set_unusable_password()  # demo participants never sign in
            new_users.append(user)
    User.objects.bulk_create(new_users)
    users = {user.email: user for user in User.objects.filter(email__in=emails)}
    zone = workshop.zone
    registrations = []
    for index, email in enumerate(emails):
        # Round robin: every organization has at least one participant, governments two.
        organization = organizations[index % len(organizations)]
        user = users[email]
        registered = dt.datetime(2009, 3, 1 + index % 20, 9 + index % 8, index % 60, tzinfo=zone)
        checked_in = dt.datetime.combine(
            workshop.start_date, dt.time(8, 30 + index % 30), tzinfo=zone
        )
        registrations.append(
            Registration(
                workshop=workshop,
                person=user,
                organization=organization,
                category=organization.kind,
                badge_name=user.name,
                title=("Ms", "Mr", "Dr")[index % 3],
                position=PARTICIPANT_POSITIONS[index % len(PARTICIPANT_POSITIONS)],
                email=email,
                consents_to_list=index % 10 != 0,
                status=Registration.Status.ATTENDED,
                created_at=registered,
                confirmed_at=registered,
                attended_at=checked_in,
            )
        )
    # Demo data of a workshop held in 2009: the rows are made directly, bypassing the
    # register and check_in services (no seats to guard, no e-mails to send).
    Registration.objects.bulk_create(registrations)
    return len(registrations)


# --- Suggestions of case studies and speakers for a workshop ---

DEMO_SUGGESTIONS = [
    # (focal point's country, kind, title, description, speaker fields, status, reason)
    ("PH", "speaker", "Protecting domestic workers abroad",
     "A director of the Philippine Overseas Employment Administration could present the "
     "**standard employment contract** for domestic workers and how it is enforced.",
     {"speaker_name": "Ms Maria Santos (synthetic)",
      "speaker_position": "Director, Welfare and Employment",
      "speaker_organization": "Philippine Overseas Employment Administration",
      "speaker_email": "m.santos@example.org", "speaker_phone": "+63 2 8722 1144"},
     "submitted", ""),
    ("MX", "case_study", "Victim identification at the southern border",
     "How consular staff and the migration institute work together to identify victims of "
     "trafficking among migrants in transit.", {}, "accepted",
     "A good fit for Session I; the Secretariat will be in touch."),
    ("CH", "other", "A side event on the role of employers",
     "A lunch-time side event with employers' organizations.", {}, "declined",
     "The programme of this workshop has no room for side events."),
]  # fmt: skip


def load_suggestions(workshop):
    """A few suggestions of the demo focal points for ``workshop`` (workshop 2 of 2009): one
    waiting, one accepted, one declined. Adds nothing when the workshop has suggestions.
    Made directly, as demo data: no e-mail is sent."""
    from idm_portal.core.demo import DEMO_DOMAIN, secretariat_account
    from idm_portal.core.markdown import safe_markdown
    from idm_portal.core.models import User
    from workshops.models import Suggestion, SuggestionEvent

    if workshop.suggestions.exists():
        return 0
    secretariat = secretariat_account()
    made = 0
    for code, kind, title, description, speaker, status, reason in DEMO_SUGGESTIONS:
        person = User.objects.filter(email=f"focal.{code.lower()}@{DEMO_DOMAIN}").first()
        link = person.focal_points.select_related("member_state").first() if person else None
        if link is None:
            continue
        decided = status != Suggestion.Status.SUBMITTED
        suggestion = Suggestion.objects.create(
            workshop=workshop,
            member_state=link.member_state,
            suggested_by=person,
            kind=kind,
            title=title,
            description=description,
            description_html=safe_markdown(description),
            status=status,
            decision_reason=reason,
            decided_at=timezone.now() if decided else None,
            decided_by=secretariat if decided else None,
            **speaker,
        )
        SuggestionEvent.objects.create(
            suggestion=suggestion, action=SuggestionEvent.Action.SUBMITTED, actor=person
        )
        if decided:
            SuggestionEvent.objects.create(
                suggestion=suggestion,
                action=status,
                actor=secretariat,
                by_secretariat=True,
                text=reason,
            )
        made += 1
    return made


# --- The day in the room: statements and a list of speakers ---

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


# --- Delegations ---

DEMO_DELEGATION = (
    # (title, position, head of delegation)
    ("H.E.", "Ambassador, Permanent Representative", True),
    ("Ms", "Counsellor, Permanent Mission", False),
)


def load_delegations(workshop):
    """A delegation of two (its head and a member) for the member state of each demo focal
    point at ``workshop`` (workshop 2 of 2009), registered on the focal point's behalf: one
    place of the quota of 3 is left to try the form. Adds a member state's delegation only
    when it has none. Made directly, as demo data: no e-mail is sent."""
    from idm_portal.core import demo_data
    from idm_portal.core.demo import DEMO_DOMAIN
    from idm_portal.core.models import User
    from workshops.models import Registration

    made = 0
    for offset, code in enumerate(demo_data.FOCAL_POINT_COUNTRIES):
        focal = User.objects.filter(email=f"focal.{code.lower()}@{DEMO_DOMAIN}").first()
        link = focal.focal_points.select_related("member_state").first() if focal else None
        if link is None:
            continue
        state = link.member_state
        if workshop.registrations.filter(organization=state).exists():
            continue
        for number, (title, position, head) in enumerate(DEMO_DELEGATION, start=1):
            email = f"delegation.{code.lower()}.{number}@{DEMO_DOMAIN}"
            person = User.objects.filter(email=email).first()
            if person is None:
                person = User(email=email, name=synthetic_name(400 + offset * 10 + number))
                person.set_unusable_password()  # demo delegates never sign in
                person.save()
            now = timezone.now()
            Registration.objects.create(
                workshop=workshop,
                person=person,
                organization=state,
                category=state.kind,
                badge_name=person.name,
                title=title,
                position=position,
                email=email,
                status=Registration.Status.CONFIRMED,
                confirmed_at=now,
                registered_by=focal,
                is_head_of_delegation=head,
            )
            made += 1
    return made
