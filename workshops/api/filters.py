import datetime as dt

import django_filters

from idm_portal.core.models import Organization
from workshops.models import Registration, Workshop


class WorkshopFilter(django_filters.FilterSet):
    year = django_filters.NumberFilter(field_name="idm_year__year")

    class Meta:
        model = Workshop
        fields = ["year", "status"]


class RegistrationFilter(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(choices=Registration.Status.choices)
    category = django_filters.ChoiceFilter(choices=Organization.Kind.choices)
    organization = django_filters.NumberFilter(field_name="organization_id")
    changed_since = django_filters.IsoDateTimeFilter(
        method="filter_changed_since", label="Changed at or after (ISO 8601)"
    )

    def filter_changed_since(self, queryset, name, value):
        # In UTC: PostgreSQL refuses some offsets that ISO 8601 allows (-16:35).
        try:
            moment = value.astimezone(dt.UTC)
        except OverflowError:  # a moment before year 1 in UTC
            moment = dt.datetime.min.replace(tzinfo=dt.UTC)
        return queryset.filter(updated_at__gte=moment)

    class Meta:
        model = Registration
        fields = ["status", "category", "organization", "changed_since"]
