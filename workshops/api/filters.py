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
        field_name="updated_at", lookup_expr="gte", label="Changed at or after (ISO 8601)"
    )

    class Meta:
        model = Registration
        fields = ["status", "category", "organization", "changed_since"]
