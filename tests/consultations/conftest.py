"""Fixtures of the consultations tests: the two themes of IC/2009/5 and the member state of
the ``focal_point`` fixture."""

import pytest

from idm_portal.core.models import Organization
from tests.factories import ThemeProposalFactory


@pytest.fixture
def themes():
    """(a) South-South Migration and (b) Migration and Social Change, in ballot order."""
    return [
        ThemeProposalFactory(title="South-South Migration", order=1),
        ThemeProposalFactory(title="Migration and Social Change", order=2),
    ]


@pytest.fixture
def switzerland(focal_point):
    """The member state the ``focal_point`` fixture acts for."""
    return Organization.objects.get(country="CH", kind="government")
