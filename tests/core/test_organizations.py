"""Organizations proposed by registrants wait for the Secretariat's confirmation."""

import pytest
from django.core.exceptions import PermissionDenied

from idm_portal.core.models import Organization
from idm_portal.core.services.accounts import confirm_organizations

pytestmark = pytest.mark.django_db


def test_the_secretariat_confirms_proposed_organizations(secretariat, delegate):
    proposed = Organization.objects.create(
        name="Migrant Workers' Association of Geneva", kind="ngo", is_confirmed=False
    )
    with pytest.raises(PermissionDenied):
        confirm_organizations(Organization.objects.all(), actor=delegate)
    proposed.refresh_from_db()
    assert not proposed.is_confirmed
    assert confirm_organizations(Organization.objects.all(), actor=secretariat) == 1
    proposed.refresh_from_db()
    assert proposed.is_confirmed


def test_the_admin_lists_proposed_organizations_first_by_filter(client, secretariat):
    Organization.objects.create(name="Proposed NGO", kind="ngo", is_confirmed=False)
    Organization.objects.create(name="Known NGO", kind="ngo")
    client.force_login(secretariat)
    page = client.get("/en/admin/core/organization/", {"is_confirmed__exact": "0"}).content.decode()
    assert "Proposed NGO" in page
    assert "Known NGO" not in page
