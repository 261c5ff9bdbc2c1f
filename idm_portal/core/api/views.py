"""The core's endpoints: IDM years and their overarching themes (public), the outbox's
status (scope ``outbox``)."""

from django.db.models import Min
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework.exceptions import NotFound
from rest_framework.response import Response

from idm_portal.core import queries
from idm_portal.core.api.base import ApiView, ListApiView
from idm_portal.core.api.permissions import HasScope
from idm_portal.core.api.serializers import IdmYearSerializer, OutboxStatusSerializer
from idm_portal.core.models import ApiToken, IdmYear, OutgoingMail


class IdmYearList(ListApiView):
    """IDM years and their overarching themes, latest first."""

    serializer_class = IdmYearSerializer
    queryset = IdmYear.objects.all()
    ordering_fields = ["year"]
    ordering = ["-year"]
    filterset_fields = ["status"]


class OutboxStatus(ApiView):
    """How many e-mails of the outbox wait, are being sent, were sent, failed."""

    permission_classes = [HasScope(ApiToken.Scope.OUTBOX)]

    @extend_schema(responses=OutboxStatusSerializer)
    def get(self, request):
        counts = queries.outbox_counts()
        oldest = OutgoingMail.objects.filter(status=OutgoingMail.Status.QUEUED).aggregate(
            oldest=Min("created_at")
        )["oldest"]
        return Response(OutboxStatusSerializer({**counts, "oldest_queued_at": oldest}).data)


@extend_schema(exclude=True)
class NoSuchEndpoint(ApiView):
    """Any other path under /api/v1/: a 404 problem (not the HTML page)."""

    def initial(self, request, *args, **kwargs):
        raise NotFound(_("There is no such endpoint."))
