from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from consultations.models import DiscussionNote, ThemeProposal, VotingRound
from consultations.rendering import render_body
from consultations.services import voting
from idm_portal.core.api.serializers import InEachLanguage
from idm_portal.core.links import absolute_url


class NoteSerializer(InEachLanguage, serializers.ModelSerializer):
    """A note is in one language (its versions are notes of their own); the meeting's name
    and the links to the note's page (in the reader's language) are translated."""

    year = serializers.IntegerField(source="meeting.idm_year.year", read_only=True)
    meeting = serializers.CharField(source="meeting.title", read_only=True)
    url = serializers.SerializerMethodField()
    pdf_url = serializers.SerializerMethodField()

    class Meta:
        model = DiscussionNote
        fields = [
            "id",
            "symbol",
            "language",
            "original_language",
            "title",
            "subtitle",
            "year",
            "meeting",
            "meeting_heading",
            "meeting_date",
            "place",
            "issue_date",
            "published_at",
            "url",
            "pdf_url",
        ]
        translated = ["meeting", "url", "pdf_url"]

    def get_url(self, note) -> str:
        return absolute_url(note.get_absolute_url())

    def get_pdf_url(self, note) -> str:
        from django.urls import reverse

        return absolute_url(reverse("consultations:note_pdf", args=[note.slug, note.language]))


class NoteDetailSerializer(NoteSerializer):
    html = serializers.SerializerMethodField(
        help_text="The text as sanitized HTML, paragraphs numbered."
    )

    class Meta(NoteSerializer.Meta):
        fields = [*NoteSerializer.Meta.fields, "body", "html"]

    def get_html(self, note) -> str:
        return str(render_body(note.body, language=note.language).html)


class ProposalSerializer(InEachLanguage, serializers.ModelSerializer):
    class Meta:
        model = ThemeProposal
        fields = ["id", "title", "summary"]
        translated = ["title", "summary"]


class ProposalVotesSerializer(serializers.Serializer):
    proposal = serializers.IntegerField()
    votes = serializers.IntegerField()


class CountRoundSerializer(serializers.Serializer):
    number = serializers.IntegerField()
    votes = ProposalVotesSerializer(many=True)
    eliminated = serializers.ListField(child=serializers.IntegerField())
    exhausted = serializers.IntegerField()


class VotingResultSerializer(serializers.Serializer):
    ballots = serializers.IntegerField()
    abstentions = serializers.IntegerField()
    eligible = serializers.IntegerField()
    quorum_percent = serializers.IntegerField()
    quorum_met = serializers.BooleanField()
    winner = serializers.IntegerField(allow_null=True)
    tied = serializers.ListField(child=serializers.IntegerField())
    count_rounds = CountRoundSerializer(many=True)


class VotingRoundSerializer(InEachLanguage, serializers.ModelSerializer):
    proposals = ProposalSerializer(many=True, read_only=True)
    adopted_proposal = serializers.PrimaryKeyRelatedField(read_only=True, allow_null=True)

    class Meta:
        model = VotingRound
        fields = [
            "id",
            "target_year",
            "title",
            "opens_at",
            "closes_at",
            "method",
            "secrecy",
            "quorum_percent",
            "proposals",
            "adopted_proposal",
            "adopted_at",
        ]
        translated = ["title"]


class VotingRoundResultSerializer(VotingRoundSerializer):
    result = serializers.SerializerMethodField()

    class Meta(VotingRoundSerializer.Meta):
        fields = [*VotingRoundSerializer.Meta.fields, "result"]

    @extend_schema_field(VotingResultSerializer)
    def get_result(self, voting_round):
        result = voting.result_of(voting_round)
        return {
            "ballots": result.ballots,
            "abstentions": result.abstentions,
            "eligible": result.eligible,
            "quorum_percent": result.quorum_percent,
            "quorum_met": result.quorum_met,
            "winner": result.winner,
            "tied": list(result.tied) if result.is_tie else [],
            "count_rounds": [
                {
                    "number": number,
                    "votes": [
                        {"proposal": pk, "votes": votes} for pk, votes in count.votes.items()
                    ],
                    "eliminated": list(count.eliminated),
                    "exhausted": count.exhausted,
                }
                for number, count in enumerate(result.rounds, start=1)
            ],
        }
