"""Invitations to a workshop (scope ``invitations``): list, add, send, through
``workshops.services.invitations``; and members' suggestions (scope ``suggestions``)."""

from drf_spectacular.utils import extend_schema
from rest_framework.response import Response

from idm_portal.core.api.base import ApiView, ListApiView
from idm_portal.core.api.permissions import HasScope
from idm_portal.core.models import ApiToken
from workshops import queries
from workshops.api.serializers import (
    InvitationsAddedSerializer,
    InvitationSerializer,
    InvitationsScheduledSerializer,
    NewInvitationSerializer,
    SendInvitationsSerializer,
    SuggestionSerializer,
)
from workshops.models import Invitation, Suggestion
from workshops.queries import workshop_or_404
from workshops.services import invitations as services

INVITATIONS = HasScope(ApiToken.Scope.INVITATIONS)
SUGGESTIONS = HasScope(ApiToken.Scope.SUGGESTIONS)


class WorkshopInvitations(ListApiView):
    """A workshop's invitations with their status (queued, sending, sent, failed, accepted,
    declined); POST adds invitees (an address already invited is updated, never doubled).
    Nothing is sent until ``send``."""

    queryset = Invitation.objects.none()  # for the schema; get_queryset gives the rows
    serializer_class = InvitationSerializer
    permission_classes = [INVITATIONS]
    ordering_fields = ["email", "created_at", "id"]
    ordering = ["id"]

    def get_queryset(self):
        return queries.invitations_with_status(
            workshop_or_404(pk=self.kwargs["workshop_pk"], visible_to=self.request.user)
        )

    @extend_schema(
        request=NewInvitationSerializer(many=True), responses={201: InvitationsAddedSerializer}
    )
    def post(self, request, workshop_pk):
        workshop = workshop_or_404(pk=workshop_pk, visible_to=request.user)
        given = NewInvitationSerializer(data=request.data, many=True)
        given.is_valid(raise_exception=True)
        recipients = [services.Recipient(**row) for row in given.validated_data]
        added, updated = services.invite(workshop, actor=request.user, recipients=recipients)
        return Response({"added": added, "updated": updated}, status=201)


class SendInvitations(ApiView):
    """Send every invitation of the workshop not yet sent: now, or at ``send_at``."""

    permission_classes = [INVITATIONS]

    @extend_schema(request=SendInvitationsSerializer, responses=InvitationsScheduledSerializer)
    def post(self, request, workshop_pk):
        workshop = workshop_or_404(pk=workshop_pk, visible_to=request.user)
        given = SendInvitationsSerializer(data=request.data)
        given.is_valid(raise_exception=True)
        count = services.send_invitations(
            workshop, actor=request.user, send_at=given.validated_data.get("send_at")
        )
        return Response({"scheduled": count})


class WorkshopSuggestions(ListApiView):
    """Member states' suggestions of case studies, speakers and other input for a workshop
    (the speakers' contact details are not given)."""

    queryset = Suggestion.objects.none()  # for the schema; get_queryset gives the rows
    serializer_class = SuggestionSerializer
    permission_classes = [SUGGESTIONS]
    ordering_fields = ["created_at", "id"]
    ordering = ["-created_at", "-id"]
    filterset_fields = ["status", "kind"]

    def get_queryset(self):
        return queries.workshop_suggestions(
            workshop_or_404(pk=self.kwargs["workshop_pk"], visible_to=self.request.user)
        )
