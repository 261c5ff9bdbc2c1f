"""Querysets of consultations that several views need."""

from consultations.models import Meeting


def meetings_of_year(idm_year):
    return Meeting.objects.filter(idm_year=idm_year).order_by("date")
