"""Filters of the Secretariat's list of a workshop's registrations."""

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from idm_portal.core.models import Organization
from workshops.models import Registration


class RegistrationFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(method="search", label=_("Name or e-mail"))
    status = django_filters.ChoiceFilter(
        choices=Registration.Status.choices, empty_label=_("All statuses")
    )
    category = django_filters.ChoiceFilter(
        choices=Organization.Kind.choices, empty_label=_("All categories")
    )
    country = django_filters.ChoiceFilter(
        field_name="organization__country",
        choices=countries,
        label=_("Country"),
        empty_label=_("All countries"),
    )
    organization = django_filters.ModelChoiceFilter(
        queryset=Organization.objects.none(),
        label=_("Organization"),
        empty_label=_("All organizations"),
    )
    sort = django_filters.OrderingFilter(
        fields=(
            ("badge_name", "name"),
            ("organization__name", "organization"),
            ("status", "status"),
            ("created_at", "date"),
        ),
        field_labels={
            "badge_name": _("Name"),
            "organization__name": _("Organization"),
            "status": _("Status"),
            "created_at": _("Date of registration"),
        },
        label=_("Sort by"),
    )

    class Meta:
        model = Registration
        fields = ["q", "status", "category", "country", "organization"]

    def __init__(self, data=None, queryset=None, *, workshop, **kwargs):
        super().__init__(data, queryset, **kwargs)
        # Only the organizations registered for this workshop, by name.
        self.filters["organization"].queryset = Organization.objects.filter(
            pk__in=Registration.objects.filter(workshop=workshop).values("organization")
        ).order_by("name")

    def search(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(
            Q(badge_name__icontains=value)
            | Q(email__icontains=value)
            | Q(person__name__icontains=value)
        )
