import django_filters
from django.utils.translation import gettext_lazy as _

from idm_portal.core.models import OutgoingMail


class OutboxFilter(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(
        choices=OutgoingMail.Status.choices, empty_label=_("All statuses")
    )
    to = django_filters.CharFilter(lookup_expr="icontains", label=_("Recipient"))

    class Meta:
        model = OutgoingMail
        fields = ["status", "to"]
