"""The text of an invitation: the Secretariat's message for a workshop and language (or the
portal's own), its placeholders, and the values they take for one invitee.

The Secretariat writes plain text. Placeholders are words in braces ({workshop}); any other
word in braces is refused by the form (``unknown_placeholders``). The text part of the e-mail
is the filled text as it is; the HTML part escapes it and only turns line breaks and links
into HTML (``|urlize|linebreaks`` in the template): no HTML of the Secretariat's ever reaches
a mail reader."""

import re

from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from idm_portal.core.links import absolute_url
from idm_portal.core.templatetags.idm import date_range, day
from workshops.models import InvitationMessage

PLACEHOLDER = re.compile(r"\{([^{}\s]*)\}")

# name: what it stands for (shown beside the editor).
PLACEHOLDERS = {
    "name": gettext_lazy("the invitee's name"),
    "workshop": gettext_lazy("the workshop's title"),
    "dates": gettext_lazy("the workshop's dates"),
    "venue": gettext_lazy("the venue and city"),
    "deadline": gettext_lazy("the day registration closes"),
    "answer_link": gettext_lazy("the invitee's personal link to accept or decline"),
}
REQUIRED = ("answer_link",)

# The portal's own text, written in each language (not a translation catalogue entry: it is
# the letter itself, which the Secretariat may rewrite per workshop).
DEFAULT_MESSAGES = {
    "en": (
        "Invitation: {workshop}",
        "Dear {name},\n\n"
        "The International Organization for Migration has the honour to invite you to "
        "“{workshop}”, an intersessional workshop of the International Dialogue on "
        "Migration, to be held on {dates} at {venue}.\n\n"
        "Please accept or decline this invitation with your personal link:\n"
        "{answer_link}\n\n"
        "Accepting opens the registration form, already filled in. Registration closes on "
        "{deadline}.\n\n"
        "The workshop's calendar file is attached.\n\n"
        "IDM Secretariat\nInternational Organization for Migration",
    ),
    "fr": (
        "Invitation\u00a0: {workshop}",
        "À l’attention de {name}\n\nMadame, Monsieur,\n\n"
        "L’Organisation internationale pour les migrations a l’honneur de vous inviter à "
        "«\u00a0{workshop}\u00a0», atelier intersessions du Dialogue international sur la "
        "migration, qui se tiendra le {dates} à {venue}.\n\n"
        "Veuillez accepter ou décliner cette invitation au moyen de votre lien personnel\u00a0:\n"
        "{answer_link}\n\n"
        "En acceptant, vous trouverez le formulaire d’inscription déjà rempli. Les "
        "inscriptions sont closes le {deadline}.\n\n"
        "Le fichier de calendrier de l’atelier est joint.\n\n"
        "Secrétariat de l’IDM\nOrganisation internationale pour les migrations",
    ),
    "es": (
        "Invitación: {workshop}",
        "Estimado/a {name}:\n\n"
        "La Organización Internacional para las Migraciones tiene el honor de invitarle a "
        "«{workshop}», taller entre reuniones del Diálogo Internacional sobre la Migración, "
        "que se celebrará el {dates} en {venue}.\n\n"
        "Le rogamos que acepte o decline esta invitación mediante su enlace personal:\n"
        "{answer_link}\n\n"
        "Al aceptar, encontrará el formulario de inscripción ya completado. La inscripción "
        "se cierra el {deadline}.\n\n"
        "Se adjunta el archivo de calendario del taller.\n\n"
        "Secretaría del IDM\nOrganización Internacional para las Migraciones",
    ),
}


def unknown_placeholders(text):
    """The words in braces that are not placeholders, in order of appearance, once each."""
    found = []
    for word in PLACEHOLDER.findall(text):
        if word not in PLACEHOLDERS and word not in found:
            found.append(word)
    return found


def fill(text, values):
    """Replace each known placeholder by its value; the rest of the text stays as written."""
    return PLACEHOLDER.sub(lambda match: str(values.get(match.group(1), match.group(0))), text)


def message_texts(workshop, language):
    """(subject, body) with placeholders: the workshop's own message, else the default."""
    saved = InvitationMessage.objects.filter(workshop=workshop, language=language).first()
    if saved is not None:
        return saved.subject, saved.body
    return DEFAULT_MESSAGES.get(language, DEFAULT_MESSAGES["en"])


def workshop_values(workshop, language):
    """The placeholders' values that all invitees of a workshop share, in ``language``."""
    with translation.override(language):
        closes = workshop.registration_closes
        deadline = day(closes, workshop) if closes is not None else _("a date to be announced")
        return {
            "workshop": workshop.title,
            "dates": date_range(workshop.start_date, workshop.end_date),
            "venue": ", ".join(part for part in (workshop.venue, workshop.city) if part),
            "deadline": deadline,
        }


def answer_link(invitation):
    """The invitee's absolute link, in their language."""
    with translation.override(invitation.language):
        return absolute_url(invitation.get_answer_url())


def invitee_values(invitation, shared):
    with translation.override(invitation.language):
        name = invitation.name or _("Madam, Sir")
    return {**shared, "name": name, "answer_link": answer_link(invitation)}


def render_invitation_text(invitation, *, texts, shared):
    """(subject, body) of one invitation, filled."""
    subject, body = texts
    values = invitee_values(invitation, shared)
    return " ".join(fill(subject, values).split()), fill(body, values)
