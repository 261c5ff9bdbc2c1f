"""Public, read-only: published discussion notes (metadata, text, PDF link) and closed
voting rounds with their results. Drafts and open rounds never appear."""

from django.db.models import Prefetch
from django.utils import timezone
from drf_spectacular.utils import OpenApiParameter, extend_schema

from consultations import queries
from consultations.api.serializers import (
    NoteDetailSerializer,
    NoteSerializer,
    VotingRoundResultSerializer,
    VotingRoundSerializer,
)
from consultations.models import DiscussionNote, ThemeProposal, VotingRound
from idm_portal.core.api.base import ListApiView, RetrieveApiView

SYMBOL = r"^[A-Za-z0-9/.-]*$"


def published_notes():
    return queries.visible_notes(None).filter(status=DiscussionNote.Status.PUBLISHED)


@extend_schema(
    parameters=[
        OpenApiParameter(
            "symbol", str, description="The note's symbol, as IC/2009/5.", pattern=SYMBOL
        )
    ]
)
class NoteList(ListApiView):
    """Published discussion notes, each language version a note of its own."""

    serializer_class = NoteSerializer
    ordering_fields = ["issue_date", "symbol", "id"]
    ordering = ["-issue_date", "id"]
    filterset_fields = ["symbol", "language"]

    def get_queryset(self):
        return published_notes()


class NoteDetail(RetrieveApiView):
    """A published discussion note: metadata, its Markdown text, the text as HTML with
    numbered paragraphs, and the link to its PDF."""

    serializer_class = NoteDetailSerializer

    def get_queryset(self):
        return published_notes()


def closed_rounds():
    return VotingRound.objects.filter(closes_at__lte=timezone.now()).prefetch_related(
        Prefetch("proposals", queryset=ThemeProposal.objects.order_by("order", "pk"))
    )


class VotingRoundList(ListApiView):
    """Closed voting rounds (which proposals, when, how counted, the theme adopted)."""

    serializer_class = VotingRoundSerializer
    ordering_fields = ["closes_at", "id"]
    ordering = ["-closes_at", "-id"]
    filterset_fields = ["target_year"]

    def get_queryset(self):
        return closed_rounds()


class VotingRoundDetail(RetrieveApiView):
    """A closed voting round and its count: votes per proposal in each round of counting,
    the winner or the tie, participation and quorum."""

    serializer_class = VotingRoundResultSerializer

    def get_queryset(self):
        return closed_rounds()
