"""Delegations at a workshop, for a system with a token of scope ``delegations:read``:
every member state's live delegation (head first) and the member states not yet
registered, as the Secretariat's Delegations tab shows them
(``workshops.services.delegations``); one member state's delegation. Read-only: a
delegation is registered and changed by its focal points, on their page."""

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema
from rest_framework.response import Response

from idm_portal.core import roles
from idm_portal.core.api.base import ApiView
from idm_portal.core.api.permissions import HasScope
from idm_portal.core.models import ApiToken, Organization
from workshops import queries
from workshops.api.serializers import DelegationSerializer, DelegationsSerializer
from workshops.services import delegations as services

DELEGATIONS = HasScope(ApiToken.Scope.READ_DELEGATIONS)


def _workshop(request, pk):
    # The token acts as the Secretariat member who made it: one who has left the
    # Secretariat no longer reads delegations.
    if not roles.can_see_delegations(request.user):
        raise PermissionDenied
    return get_object_or_404(queries.visible_workshops(request.user), pk=pk)


def _delegation(workshop, state, members):
    quota = workshop.quota_per_delegation
    return {
        "member_state": state,
        "count": len(members),
        "quota": quota,
        # services.room_left's rule, on the members already read.
        "room_left": None if quota is None else max(0, quota - len(members)),
        "head": next((r.pk for r in members if r.is_head_of_delegation), None),
        "members": members,
    }


class WorkshopDelegations(ApiView):
    """Every member state's delegation to the workshop (its live registrations, head first,
    its count against the quota per delegation), by member state's name; then the member
    states that have registered no one."""

    permission_classes = [DELEGATIONS]

    @extend_schema(responses=DelegationsSerializer)
    def get(self, request, workshop_pk):
        workshop = _workshop(request, workshop_pk)
        registered, missing = services.delegations_overview(workshop)
        data = {
            "workshop": workshop.pk,
            "quota_per_delegation": workshop.quota_per_delegation,
            "delegations": [_delegation(workshop, state, state.delegates) for state in registered],
            "not_registered": missing,
        }
        return Response(DelegationsSerializer(data).data)


class MemberStateDelegation(ApiView):
    """One government's delegation to the workshop: its live registrations, head first
    (an empty list when it has registered no one)."""

    permission_classes = [DELEGATIONS]

    @extend_schema(
        operation_id="workshops_delegations_member_state_retrieve",
        responses=DelegationSerializer,
    )
    def get(self, request, workshop_pk, member_state_pk):
        workshop = _workshop(request, workshop_pk)
        state = get_object_or_404(
            Organization.objects.filter(kind=Organization.Kind.GOVERNMENT), pk=member_state_pk
        )
        members = list(services.delegation(workshop, state))
        return Response(DelegationSerializer(_delegation(workshop, state, members)).data)
