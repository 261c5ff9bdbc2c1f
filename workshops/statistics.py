"""Attendance statistics of a workshop, and the sentence a discussion note makes of them:
"It was attended by more than 200 participants representing 71 governments, 22 international
organizations, 8 non-governmental organizations, the private sector, academia and the media."
(IC/2009/5, paragraph 2).

The sentence is written in English, French and Spanish from explicit per-language templates
below, not from the gettext catalogues: the Secretariat pastes all three into a note whatever
language the portal is shown in, and each language needs its own agreement (plural rules,
"Asistió"/"Asistieron") that a catalogue filled later could get wrong.
"""

from dataclasses import dataclass, field

from django.db.models import Count, Q

from idm_portal.core.models import Organization
from workshops.models import Registration, Workshop

Kind = Organization.Kind
SENTENCE_LANGUAGES = ("en", "fr", "es")

# Categories counted with their number ("71 governments"), then those named without one.
NUMBERED_KINDS = (Kind.GOVERNMENT, Kind.INTERNATIONAL_ORGANIZATION, Kind.NGO)
NAMED_KINDS = (Kind.PRIVATE_SECTOR, Kind.ACADEMIA, Kind.MEDIA)


@dataclass(frozen=True)
class SentenceLanguage:
    """How one language says the sentence."""

    # (one, many) with {number} and {represented}; then the same without organizations.
    sentence: tuple[str, str]
    sentence_alone: tuple[str, str]
    more_than: str
    numbered: dict = field(default_factory=dict)  # kind: (one, many) with {number}
    named: dict = field(default_factory=dict)  # kind: name
    conjunction: str = "and"
    # French says "0 participant" (singular below 2); English and Spanish "0 participants".
    singular_zero: bool = False

    def plural(self, pair, number, *, more_than=False):
        singular = number == 1 or (number == 0 and self.singular_zero)
        return pair[0] if singular and not more_than else pair[1]


SENTENCE_LANGUAGE = {
    "en": SentenceLanguage(
        sentence=(
            "It was attended by {number} participant representing {represented}.",
            "It was attended by {number} participants representing {represented}.",
        ),
        sentence_alone=(
            "It was attended by {number} participant.",
            "It was attended by {number} participants.",
        ),
        more_than="more than {number}",
        numbered={
            Kind.GOVERNMENT: ("{number} government", "{number} governments"),
            Kind.INTERNATIONAL_ORGANIZATION: (
                "{number} international organization",
                "{number} international organizations",
            ),
            Kind.NGO: (
                "{number} non-governmental organization",
                "{number} non-governmental organizations",
            ),
            Kind.OTHER: ("{number} other organization", "{number} other organizations"),
        },
        named={
            Kind.PRIVATE_SECTOR: "the private sector",
            Kind.ACADEMIA: "academia",
            Kind.MEDIA: "the media",
        },
        conjunction="and",
    ),
    "fr": SentenceLanguage(
        sentence=(
            "Il a réuni {number} participant représentant {represented}.",
            "Il a réuni {number} participants représentant {represented}.",
        ),
        sentence_alone=(
            "Il a réuni {number} participant.",
            "Il a réuni {number} participants.",
        ),
        more_than="plus de {number}",
        numbered={
            Kind.GOVERNMENT: ("{number} gouvernement", "{number} gouvernements"),
            Kind.INTERNATIONAL_ORGANIZATION: (
                "{number} organisation internationale",
                "{number} organisations internationales",
            ),
            Kind.NGO: (
                "{number} organisation non gouvernementale",
                "{number} organisations non gouvernementales",
            ),
            Kind.OTHER: ("{number} autre organisation", "{number} autres organisations"),
        },
        named={
            Kind.PRIVATE_SECTOR: "le secteur privé",
            Kind.ACADEMIA: "les milieux universitaires",
            Kind.MEDIA: "les médias",
        },
        conjunction="et",
        singular_zero=True,
    ),
    "es": SentenceLanguage(
        sentence=(
            "Asistió {number} participante en representación de {represented}.",
            "Asistieron {number} participantes en representación de {represented}.",
        ),
        sentence_alone=(
            "Asistió {number} participante.",
            "Asistieron {number} participantes.",
        ),
        more_than="más de {number}",
        numbered={
            Kind.GOVERNMENT: ("{number} gobierno", "{number} gobiernos"),
            Kind.INTERNATIONAL_ORGANIZATION: (
                "{number} organización internacional",
                "{number} organizaciones internacionales",
            ),
            Kind.NGO: (
                "{number} organización no gubernamental",
                "{number} organizaciones no gubernamentales",
            ),
            Kind.OTHER: ("{number} otra organización", "{number} otras organizaciones"),
        },
        named={
            Kind.PRIVATE_SECTOR: "el sector privado",
            Kind.ACADEMIA: "el ámbito académico",
            Kind.MEDIA: "los medios de comunicación",
        },
        conjunction="y",
    ),
}


def rounded_participants(count):
    """(number, more_than): 214 -> (200, True); 200 -> (200, False); 87 -> (87, False)."""
    if count > 100 and count % 100:
        return count // 100 * 100, True
    return count, False


def _join(items, conjunction):
    if len(items) <= 1:
        return "".join(items)
    return f"{', '.join(items[:-1])} {conjunction} {items[-1]}"


def attendance_sentence(participants, organizations_by_kind, language):
    """The seed's sentence in ``language`` (en, fr or es), from the number of participants
    and the number of distinct organizations of each kind."""
    words = SENTENCE_LANGUAGE[language]
    number, more_than = rounded_participants(participants)
    number_text = words.more_than.format(number=number) if more_than else str(number)
    represented = []
    for kind in (*NUMBERED_KINDS, *NAMED_KINDS, Kind.OTHER):
        count = organizations_by_kind.get(kind, 0)
        if not count:
            continue
        if kind in words.named:
            represented.append(words.named[kind])
        else:
            pair = words.numbered[kind]
            represented.append(words.plural(pair, count).format(number=count))
    pair = words.sentence if represented else words.sentence_alone
    sentence = words.plural(pair, number, more_than=more_than)
    sentence = sentence.format(
        number=number_text, represented=_join(represented, words.conjunction)
    )
    if language == "es":
        sentence = sentence.replace(" de el ", " del ")  # "en representación del sector privado"
    return sentence


def participating_statuses(workshop):
    """Who counts as a participant: those who attended a held workshop; before it, those
    confirmed too."""
    if workshop.status == Workshop.Status.HELD:
        return (Registration.Status.ATTENDED,)
    return (Registration.Status.CONFIRMED, Registration.Status.ATTENDED)


@dataclass
class AttendanceStatistics:
    workshop: Workshop
    by_status: list  # [(value, label, count)] for every status
    by_category: list  # [(value, label, count)] of participants, for every category
    participants: int
    governments: int
    organizations: int
    countries: int
    organizations_by_kind: dict

    @property
    def sentences(self):
        """{language: sentence} in English, French and Spanish."""
        return {
            language: attendance_sentence(self.participants, self.organizations_by_kind, language)
            for language in SENTENCE_LANGUAGES
        }

    CHART_ROW = 10  # height of a bar's row, in SVG units
    CHART_BAR = 220  # length of the longest bar

    @property
    def chart(self):
        """Bars of participants by category for a server-made SVG chart: dicts of label,
        count, y (top of the row) and length of the bar."""
        largest = max((count for _value, _label, count in self.by_category), default=0)
        return [
            {
                "label": label,
                "count": count,
                "y": index * self.CHART_ROW,
                "length": round(self.CHART_BAR * count / largest, 1) if largest else 0,
            }
            for index, (_value, label, count) in enumerate(self.by_category)
        ]

    @property
    def chart_height(self):
        return len(self.by_category) * self.CHART_ROW


def attendance_statistics(workshop):
    """The counts of a workshop's registrations, in four queries."""
    registrations = Registration.objects.filter(workshop=workshop)
    statuses = dict(registrations.values_list("status").annotate(count=Count("pk")).order_by())
    participants = registrations.filter(status__in=participating_statuses(workshop))
    categories = dict(participants.values_list("category").annotate(count=Count("pk")).order_by())
    organizations_by_kind = dict(
        participants.values_list("organization__kind")
        .annotate(count=Count("organization", distinct=True))
        .order_by()
    )
    totals = participants.aggregate(
        participants=Count("pk"),
        organizations=Count("organization", distinct=True),
        countries=Count(
            "organization__country", distinct=True, filter=~Q(organization__country="")
        ),
    )
    return AttendanceStatistics(
        workshop=workshop,
        by_status=[
            (value, label, statuses.get(value, 0)) for value, label in Registration.Status.choices
        ],
        by_category=[(value, label, categories.get(value, 0)) for value, label in Kind.choices],
        participants=totals["participants"],
        governments=organizations_by_kind.get(Kind.GOVERNMENT, 0),
        organizations=totals["organizations"],
        countries=totals["countries"],
        organizations_by_kind=organizations_by_kind,
    )
