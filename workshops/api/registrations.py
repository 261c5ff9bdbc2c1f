"""Registrations of a workshop, for a system with an API token: list (filter by status,
category, organization, changed since), detail (scope ``registrations:read``); register a
person, approve, decline, check in (scope ``registrations:write``) through the services of
``workshops.services.registration``: the same rules, locks and e-mails as the pages."""

from django.contrib.auth import get_user_model
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.response import Response

from idm_portal.core.api.base import ApiView, ListApiView, RetrieveApiView
from idm_portal.core.api.permissions import HasScope
from idm_portal.core.api.problems import problem
from idm_portal.core.models import ApiToken
from workshops import queries
from workshops.api.filters import RegistrationFilter
from workshops.api.serializers import (
    DeclineSerializer,
    NewRegistrationSerializer,
    RegistrationSerializer,
)
from workshops.models import Registration
from workshops.services import registration as services

READ = HasScope(ApiToken.Scope.READ_REGISTRATIONS)
WRITE = HasScope(ApiToken.Scope.WRITE_REGISTRATIONS)


def registrations_for(user):
    return Registration.objects.filter(
        workshop__in=queries.visible_workshops(user).values("pk")
    ).select_related("organization")


def _scoped(view, request):
    return [WRITE()] if request.method == "POST" else [READ()]


class WorkshopRegistrations(ListApiView):
    """A workshop's registrations (``registrations:read``); POST registers a person who has
    an account in the portal (``registrations:write``): confirmed, pending approval or
    wait-listed by the same rules as the registration page."""

    queryset = Registration.objects.none()  # for the schema; get_queryset gives the rows
    serializer_class = RegistrationSerializer
    filterset_class = RegistrationFilter
    ordering_fields = ["created_at", "updated_at", "id"]
    ordering = ["id"]

    def get_permissions(self):
        return _scoped(self, self.request)

    def workshop(self):
        return get_object_or_404(
            queries.visible_workshops(self.request.user), pk=self.kwargs["workshop_pk"]
        )

    def get_queryset(self):
        return Registration.objects.filter(workshop=self.workshop()).select_related("organization")

    @extend_schema(
        request=NewRegistrationSerializer,
        responses={201: RegistrationSerializer, 200: RegistrationSerializer},
    )
    def post(self, request, workshop_pk):
        workshop = self.workshop()
        given = NewRegistrationSerializer(data=request.data)
        given.is_valid(raise_exception=True)
        data = dict(given.validated_data)
        person = (
            get_user_model()
            .objects.filter(email__iexact=data.pop("person_email"), is_active=True)
            .first()
        )
        if person is None:
            raise serializers.ValidationError(
                {"person_email": ["No active account has this e-mail address."]}
            )
        try:
            registration, created = services.register(
                workshop,
                person=person,
                organization=data.pop("organization"),
                category=data.pop("category"),
                email=person.email,
                **data,
            )
        except services.TryAgain:
            return problem(
                status.HTTP_503_SERVICE_UNAVAILABLE,
                "Busy",
                str(services.TryAgain.message),
                headers={"Retry-After": "5"},
            )
        return Response(
            RegistrationSerializer(registration).data,
            status=status.HTTP_201_CREATED if created else status.HTTP_200_OK,
        )


class RegistrationDetail(RetrieveApiView):
    """One registration (``registrations:read``)."""

    serializer_class = RegistrationSerializer
    permission_classes = [READ]

    def get_queryset(self):
        return registrations_for(self.request.user)


class _RegistrationAction(ApiView):
    permission_classes = [WRITE]

    def registration(self, request, pk):
        return get_object_or_404(registrations_for(request.user), pk=pk)

    def answer(self, registration):
        return Response(RegistrationSerializer(registration).data)


class ApproveRegistration(_RegistrationAction):
    """Confirm a pending registration (as the Secretariat's Approve button)."""

    @extend_schema(request=None, responses=RegistrationSerializer)
    def post(self, request, pk):
        registration = self.registration(request, pk)
        return self.answer(services.approve(registration, actor=request.user))


class DeclineRegistration(_RegistrationAction):
    """Decline a pending, wait-listed or confirmed registration; a seat it held goes to the
    first on the waiting list."""

    @extend_schema(request=DeclineSerializer, responses=RegistrationSerializer)
    def post(self, request, pk):
        registration = self.registration(request, pk)
        given = DeclineSerializer(data=request.data)
        given.is_valid(raise_exception=True)
        declined = services.decline(
            registration, actor=request.user, reason=given.validated_data.get("reason", "")
        )
        return self.answer(declined)


class CheckInRegistration(_RegistrationAction):
    """Mark a confirmed participant as attended."""

    @extend_schema(request=None, responses=RegistrationSerializer)
    def post(self, request, pk):
        registration = self.registration(request, pk)
        return self.answer(services.check_in(registration, actor=request.user))
