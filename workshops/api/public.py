"""Public, read-only endpoints: published workshops, their agenda releases and public
documents. No token needed; drafts never appear."""

from django.shortcuts import get_object_or_404
from rest_framework.exceptions import NotFound

from idm_portal.core.api.base import ListApiView, RetrieveApiView
from workshops import queries
from workshops.api.filters import WorkshopFilter
from workshops.api.serializers import (
    AgendaReleaseSerializer,
    AgendaReleaseSummarySerializer,
    DocumentSerializer,
    WorkshopSerializer,
)
from workshops.models import AgendaRelease, Document


def published_workshop(pk):
    return get_object_or_404(queries.published_workshops(), pk=pk)


class WorkshopList(ListApiView):
    """Published workshops, by date."""

    serializer_class = WorkshopSerializer
    queryset = queries.published_workshops()
    filterset_class = WorkshopFilter
    ordering_fields = ["start_date", "id"]
    ordering = ["start_date", "id"]


class WorkshopDetail(RetrieveApiView):
    """A published workshop."""

    serializer_class = WorkshopSerializer
    queryset = queries.published_workshops()


class ReleaseList(ListApiView):
    """The published releases of a workshop's agenda, newest first."""

    queryset = AgendaRelease.objects.none()  # for the schema; get_queryset gives the rows
    serializer_class = AgendaReleaseSummarySerializer
    ordering_fields = ["number"]
    ordering = ["-number"]

    def get_queryset(self):
        workshop = published_workshop(self.kwargs["workshop_pk"])
        return AgendaRelease.objects.filter(workshop=workshop).defer("sessions", "changes")


class ReleaseDetail(RetrieveApiView):
    """One release of a workshop's agenda: its sessions in agenda order, times with the
    venue's time zone, speakers by role."""

    serializer_class = AgendaReleaseSerializer
    lookup_field = "number"

    def get_queryset(self):
        workshop = published_workshop(self.kwargs["workshop_pk"])
        return AgendaRelease.objects.filter(workshop=workshop).select_related("workshop")


class LatestAgenda(RetrieveApiView):
    """What the public reads: the latest release of a workshop's agenda."""

    serializer_class = AgendaReleaseSerializer

    def get_object(self):
        workshop = published_workshop(self.kwargs["workshop_pk"])
        published = queries.published_agenda(workshop)
        if published is None:
            raise NotFound("The agenda has not been published yet.")
        return published.release


class DocumentList(ListApiView):
    """A published workshop's public documents."""

    queryset = Document.objects.none()  # for the schema; get_queryset gives the rows
    serializer_class = DocumentSerializer
    ordering_fields = ["kind", "title", "uploaded_at", "id"]
    ordering = ["kind", "title", "id"]
    filterset_fields = ["kind", "language"]

    def get_queryset(self):
        workshop = published_workshop(self.kwargs["workshop_pk"])
        return Document.objects.filter(workshop=workshop, is_public=True).select_related(
            "workshop__idm_year", "session"
        )
