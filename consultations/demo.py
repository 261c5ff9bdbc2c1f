"""The consultations of the demo world: the informal consultations of 28 April 2009, which
discussion note IC/2009/5 serves. Adds only what is missing."""

import datetime as dt

from django.utils import timezone

from consultations.models import GENEVA, Meeting, ThemeProposal, VotingRound
from idm_portal.core.demo import fill_languages

INFORMAL_CONSULTATIONS = "Informal Consultations on International Dialogue on Migration"


def load(idm_year):
    meeting, _created = Meeting.objects.get_or_create(
        title=INFORMAL_CONSULTATIONS,
        date=dt.date(2009, 4, 28),
        defaults={"idm_year": idm_year, **GENEVA},
    )
    return fill_languages(meeting, TRANSLATIONS)


# --- Theme consultations: proposals, suggestions, voting rounds, adoption ---


# IC/2009/5, paragraphs 9 to 12 and 13 to 16: the rationale of the two themes proposed for
# IDM 2010, as the Administration wrote it.
SOUTH_SOUTH_RATIONALE = "\n\n".join(
    [
        (
            "While international policy debate and research on migration have focused primarily "
            "on South-North flows, it is important to realize that today approximately 50 per "
            "cent of migrants from developing countries in fact reside in other developing "
            "countries. According to World Bank estimates, South-South remittances may account "
            "for up to 30 per cent of developing country remittance receipts. Moreover, the "
            "unfolding economic crisis and its consequences on the developing world in particular"
            " are also likely to impact migration and remittance patterns. There is thus a strong"
            " rationale for focusing the IDM on South-South migration, as reflected in the "
            "significant interest which this theme attracted when it was first proposed for "
            "consideration but not selected last year."
        ),
        (
            "Within the framework of this proposed theme, IDM 2010 would explore the complexities"
            " of South-South migration, given that many developing countries are not only "
            "countries of origin, but also and increasingly countries of transit and destination."
            " There is a need to review the current trends, characteristics and driving factors "
            "of South-South migration and ways to improve the availability of migration data "
            "pertaining to this phenomenon. Income differentials, proximity, trade, networks, "
            "seasonal patterns and environmental factors are among the drivers of South-South "
            "migration and call for a variety of policy and programmatic actions. Some of the "
            "manifestations of South-South migration are “chain migration” or “replacement "
            "migration”, whereby skilled migrants from one developing country fill the gap left "
            "by professionals in other developing countries who have migrated to developed "
            "countries in search of work. Migration flows are often “mixed”, as migrant workers, "
            "refugees, trafficked persons, unaccompanied minors and others with specific needs "
            "form part of the pattern of movement, requiring special attention from policymakers "
            "and other stakeholders. Moreover, how migration is managed varies significantly "
            "between different regions. While in some, migration may take place largely in an "
            "irregular fashion, in others, States have established regimes to permit various "
            "degrees of free movement."
        ),
        (
            "A discussion of the migratory issues affecting developing countries would not be "
            "complete without consideration of internal migration, whether seasonal, temporary or"
            " permanent, as well as of its possible linkages with cross-border migration. "
            "Internal migration, essentially rural-urban, is a phenomenon of significant "
            "magnitude in many developing countries and can have repercussions on, for example, "
            "infrastructure, urban planning, public health and social stability. Sudden reversal "
            "of such movements, in response to downturns in the economy, may also raise complex "
            "policy issues."
        ),
        (
            "A number of policy areas are relevant to South-South migration, including, but not "
            "limited to, human rights, labour markets, migrant and public health, border "
            "management and travel documentation, and migrant-society relationships. Of "
            "particular importance is South-South migration and its connection with development. "
            "How does the development contribution of migrants, to home and host countries, play "
            "out in a South-South context? In what ways is internal or cross-border migration, "
            "often temporary, a livelihood strategy in the face of certain environmental "
            "conditions? Policy implications also arise in post-crisis and peace-building "
            "settings, where States may need to manage migration flows between neighbouring "
            "countries or the return of internally displaced persons. The need for capacity-"
            "building in respect of the legal, institutional and programmatic frameworks and the "
            "economic and human resources for effective migration management and practical "
            "implementation underlies any discussion on policymaking for South-South migration. "
            "One way to enhance capacity that would be featured under this theme is bilateral, "
            "subregional, regional and interregional cooperation, through regional economic "
            "processes that may be linked to free movement regimes, regional consultative "
            "processes specifically related to migration, and other mechanisms."
        ),
    ]
)

SOCIAL_CHANGE_RATIONALE = "\n\n".join(
    [
        (
            "Migration is a process of change, for migrants, their families and societies. The "
            "migration process creates a context in which migrants and communities of origin, "
            "transit and destination interact with one another and, in doing so, alter each "
            "other's behaviour and attitudes. Migration thus makes a significant contribution to "
            "shaping the world as it is today, not only in economic terms, but more importantly "
            "as a transnational social phenomenon connecting and transforming people and places. "
            "The relevance of such an analysis of the forces of globalization is further "
            "amplified by the consequences of the global economic crisis and, as protectionist "
            "tendencies grow, by an increasingly negative perception of migration and its "
            "implications."
        ),
        (
            "Migration brings about innovation and new ideas; it opens up opportunities for "
            "individuals and societies; it challenges established world views, facilitates "
            "cultural exchange and contributes to better understanding among peoples. But "
            "migration also raises many questions. How do societies manage change? How do they "
            "define themselves in the face of growing diversity, including, for example, "
            "religious pluralism? How do societies respond and adapt to such diversity? And not "
            "least, what impact does modern mobility have on the lives, choices and identities of"
            " individuals? The growing heterogeneity and increasingly transnational nature of "
            "modern societies, a consequence of migration, adds to the complexity of maintaining "
            "social cohesion and stability while harnessing the benefits of the "
            "transnationalization of societies. IDM 2010 would facilitate dialogue on the ways in"
            " which different protagonists view and experience migration as a vector of social "
            "change, and on the measures that can be taken at all stages of the migration process"
            " and by all stakeholders to make these changes as positive and beneficial as "
            "possible."
        ),
        (
            "Among the many facets of migration and social change, possible topics to explore "
            "include how to maintain social cohesion and shared values while accepting that "
            "individual and collective identities may be becoming more fluid. It may be necessary"
            " to tackle the potential sense of alienation and social exclusion felt by individual"
            " migrants by facilitating their integration and participation in their communities "
            "of destination, while at the same time enabling them to maintain their ties with "
            "societies of origin. In concrete terms, the IDM would be an opportunity to examine "
            "innovative policy tools which, going beyond the national framework, can help address"
            " transnational realities, for example through provisions for multiple citizenship, "
            "portability of pensions and health insurance, and transferability of educational "
            "credentials. Also relevant in this regard is the issue of transnational families, "
            "the positive potential and possible negative repercussions for families whose "
            "geographical separation may increase the vulnerability of some individuals, in "
            "particular women and children."
        ),
        (
            "Addressing the transnational dimension of social change would offer an opportunity "
            "to look not only at host societies, but also at consequences for the home country. "
            "For instance, recognition is growing of the potential contribution of diasporas and "
            "returning migrants to development and social change, by way of their financial and "
            "entrepreneurial input, cultural enrichment and the networks they may have forged "
            "abroad. In addition, migration plays a role in transforming societies in post-crisis"
            " and peace-building contexts, when return, resettlement and reconstruction require "
            "durable solutions for refugees, internally displaced persons, and members of the "
            "diaspora. The issue of migration as a factor of social transformation implies "
            "examining cooperative approaches among States and with other stakeholders, including"
            " migrants, to better grasp the opportunities migration offers and tackle the "
            "challenges experienced by changing societies."
        ),
    ]
)

THEMES_2010 = [
    (
        "South-South Migration",
        "Migration between developing countries, internal migration and their links with "
        "development.",
        SOUTH_SOUTH_RATIONALE,
    ),
    (
        "Migration and Social Change",
        "Migration as a vector of social change for migrants, their families and societies.",
        SOCIAL_CHANGE_RATIONALE,
    ),
]
ROUND_2010 = "Selection of the overarching theme for IDM 2010"

# The French and Spanish of the consultations' titles: {English: (French, Spanish)}. The
# meeting's French name is the heading of IC/2009/5 in French. The rationales have no IOM
# French or Spanish in the seed: they stay English (marked lang="en" on those pages).
TRANSLATIONS = {
    INFORMAL_CONSULTATIONS: (
        "Consultations informelles sur le Dialogue international sur la migration",
        "Consultas informales sobre el Diálogo Internacional sobre la Migración",
    ),
    "Geneva": ("Genève", "Ginebra"),
    "South-South Migration": ("Migration Sud-Sud", "Migración Sur-Sur"),
    THEMES_2010[0][1]: (
        "Les migrations entre pays en développement, les migrations internes et leurs liens "
        "avec le développement.",
        "La migración entre países en desarrollo, la migración interna y sus vínculos con el "
        "desarrollo.",
    ),
    "Migration and Social Change": ("Migration et changement social", "Migración y cambio social"),
    THEMES_2010[1][1]: (
        "La migration, vecteur de changement social pour les migrants, leurs familles et les "
        "sociétés.",
        "La migración como vector de cambio social para los migrantes, sus familias y las "
        "sociedades.",
    ),
    ROUND_2010: (
        "Choix du thème général de l’IDM 2010",
        "Selección del tema general del IDM 2010",
    ),
}


def load_theme_consultation(*, secretariat, now=None):
    """The two themes IC/2009/5 proposes for IDM 2010, by the Administration, and an open
    named, single-choice voting round on them (quorum 50 %) that closes 30 days after the
    first load. Adds only what is missing."""
    now = now or timezone.now()
    proposals = []
    for order, (title, summary, rationale) in enumerate(THEMES_2010, start=1):
        proposal, _created = ThemeProposal.objects.get_or_create(
            target_year=2010,
            title=title,
            defaults={
                "summary": summary,
                "rationale": rationale,
                "author": secretariat,
                "order": order,
                "status": ThemeProposal.Status.OPEN,
            },
        )
        proposals.append(fill_languages(proposal, TRANSLATIONS))
    voting_round = VotingRound.objects.filter(target_year=2010, title=ROUND_2010).first()
    if voting_round is None:
        voting_round = VotingRound.objects.create(
            target_year=2010,
            title=ROUND_2010,
            opens_at=now - dt.timedelta(hours=1),
            closes_at=now + dt.timedelta(days=30),
            method=VotingRound.Method.SINGLE,
            secrecy=VotingRound.Secrecy.NAMED,
            quorum_percent=50,
            allow_abstain=True,
        )
        voting_round.proposals.set(proposals)
    return fill_languages(voting_round, TRANSLATIONS)


# --- Discussion notes ---

# The demo's sources: IC/2009/5 as the Administration issued it (17 April 2009), and
# the first paragraphs of its French version (a draft: a translation in progress).
NOTE_SOURCES = ("IC-2009-5.en.md", "IC-2009-5.fr.md")


def load_notes():
    """Import discussion note IC/2009/5 (English, published; French, a draft) from
    consultations/seed/. Importing the same text again changes nothing."""
    from pathlib import Path

    from consultations.services.notes import import_note

    seed = Path(__file__).resolve().parent / "seed"
    return [import_note((seed / name).read_text(encoding="utf-8"))[0] for name in NOTE_SOURCES]
