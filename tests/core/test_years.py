"""Setting the overarching theme of an IDM year: once, by the Secretariat, creating the year
if need be."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from idm_portal.core.models import IdmYear
from idm_portal.core.services.years import set_overarching_theme

pytestmark = pytest.mark.django_db


def test_the_theme_of_a_new_year_creates_the_year(secretariat):
    year = set_overarching_theme(2010, theme="South-South Migration", actor=secretariat)
    assert (year.year, year.overarching_theme, year.status) == (
        2010,
        "South-South Migration",
        "planned",
    )


def test_the_theme_of_an_existing_year_without_theme_is_set(secretariat):
    IdmYear.objects.create(year=2010)
    set_overarching_theme(2010, theme="Migration and Social Change", actor=secretariat)
    assert IdmYear.objects.get(year=2010).overarching_theme == "Migration and Social Change"


def test_a_theme_is_adopted_once(secretariat):
    set_overarching_theme(2010, theme="South-South Migration", actor=secretariat)
    with pytest.raises(ValidationError) as refused:
        set_overarching_theme(2010, theme="Migration and Social Change", actor=secretariat)
    assert refused.value.messages == [
        "The overarching theme of IDM 2010 is already adopted: South-South Migration."
    ]
    assert IdmYear.objects.get(year=2010).overarching_theme == "South-South Migration"


def test_only_the_secretariat_sets_a_theme(focal_point):
    with pytest.raises(PermissionDenied):
        set_overarching_theme(2010, theme="X", actor=focal_point)
    assert not IdmYear.objects.exists()


def test_an_empty_theme_is_refused(secretariat):
    with pytest.raises(ValidationError, match="may not be empty"):
        set_overarching_theme(2010, theme="  ", actor=secretariat)
