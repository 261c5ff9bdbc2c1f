"""Querysets of consultations that several views need."""

from consultations.models import Meeting


def meetings_of_year(idm_year):
    return Meeting.objects.filter(idm_year=idm_year).order_by("date")


# --- Theme consultations: proposals, suggestions, voting rounds, adoption (issue 6) ---


# --- Discussion notes (issue 7) ---
