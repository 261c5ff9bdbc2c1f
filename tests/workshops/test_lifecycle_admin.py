"""The admin can no longer break a seat rule: a workshop's status, capacity, quotas and
registration window, and a registration's category, are read-only there, and registrations
cannot be deleted. Tried through the admin's own pages."""

import pytest
from django.urls import reverse

from tests.workshops.lifecycle_fixtures import add_registrations, open_workshop
from workshops.models import CategoryQuota, Registration, Workshop

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff(client, secretariat):
    client.force_login(secretariat)
    return client


def admin_form_data(response):
    """The values the admin's change form would send back as it stands."""
    form = response.context["adminform"].form
    data = {}
    for name in form.fields:
        value = form[name].value()
        if value is None:
            continue
        if isinstance(value, bool):
            if value:
                data[name] = "on"
            continue
        data[name] = value
    for formset in response.context["inline_admin_formsets"]:
        management = formset.formset.management_form
        for name in management.fields:
            data[f"{formset.formset.prefix}-{name}"] = management[name].value()
        for index, form in enumerate(formset.formset.forms):
            for name in form.fields:
                value = form[name].value()
                if value is not None:
                    data[f"{formset.formset.prefix}-{index}-{name}"] = value
    return data


def test_the_workshop_admin_does_not_change_status_capacity_quotas_or_window(staff):
    workshop = open_workshop(capacity=10, status="confirmed")
    CategoryQuota.objects.create(workshop=workshop, category="ngo", limit=4)
    before = Workshop.objects.values(
        "status", "capacity", "quota_per_delegation", "registration_opens", "registration_closes"
    ).get(pk=workshop.pk)
    change_url = reverse("admin:workshops_workshop_change", args=[workshop.pk])
    page = staff.get(change_url)
    data = admin_form_data(page)
    assert "status" not in data
    assert "capacity" not in data

    response = staff.post(
        change_url,
        {
            **data,
            "title_en": "A new title",
            "status": "cancelled",
            "capacity": "1",
            "quota_per_delegation": "1",
            "registration_closes_0": "2000-01-01",
            "registration_closes_1": "00:00:00",
            "quotas-0-limit": "1",
            "quotas-TOTAL_FORMS": "2",
            "quotas-1-category": "media",
            "quotas-1-limit": "1",
        },
    )

    assert response.status_code == 302, response.context["adminform"].form.errors
    assert Workshop.objects.get(pk=workshop.pk).title == "A new title"  # the rest is editable
    after = Workshop.objects.values(*before).get(pk=workshop.pk)
    assert after == before
    assert list(CategoryQuota.objects.values_list("category", "limit")) == [("ngo", 4)]
    assert staff.get(reverse("admin:workshops_workshop_add")).status_code == 403


def test_a_registration_cannot_be_deleted_or_moved_to_another_category_in_the_admin(staff):
    workshop = open_workshop(capacity=1)
    (seat,) = add_registrations(workshop, 1, Registration.Status.CONFIRMED)
    add_registrations(workshop, 1, Registration.Status.WAITLISTED)
    change_url = reverse("admin:workshops_registration_change", args=[seat.pk])
    data = admin_form_data(staff.get(change_url))

    staff.post(change_url, {**data, "category": "media", "badge_name": "Badge Changed"})
    seat.refresh_from_db()
    assert (seat.category, seat.badge_name) == ("ngo", "Badge Changed")

    delete_url = reverse("admin:workshops_registration_delete", args=[seat.pk])
    assert staff.get(delete_url).status_code == 403
    assert staff.post(delete_url, {"post": "yes"}).status_code == 403
    changelist = reverse("admin:workshops_registration_changelist")
    staff.post(
        changelist, {"action": "delete_selected", "_selected_action": [seat.pk], "post": "yes"}
    )
    assert Registration.objects.filter(pk=seat.pk, status="confirmed").exists()
    assert Registration.objects.filter(workshop=workshop).count() == 2
