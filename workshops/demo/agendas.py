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

from .delegations import load_delegations
from .suggestions import load_suggestions

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
