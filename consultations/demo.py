"""The consultations of the demo world: the informal consultations of 28 April 2009, which
discussion note IC/2009/5 serves. Adds only what is missing."""

import datetime as dt

from consultations.models import Meeting

INFORMAL_CONSULTATIONS = "Informal Consultations on International Dialogue on Migration"


def load(idm_year):
    meeting, _created = Meeting.objects.get_or_create(
        title=INFORMAL_CONSULTATIONS,
        date=dt.date(2009, 4, 28),
        defaults={"idm_year": idm_year, "place": "Geneva"},
    )
    return meeting


# --- Theme consultations: proposals, suggestions, voting rounds, adoption (issue 6) ---


# --- Discussion notes (issue 7) ---
