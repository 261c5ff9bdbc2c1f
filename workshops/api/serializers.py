import datetime as dt
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.cache import cache
from django.utils import translation
from django.utils.translation import get_language
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from idm_portal.core.api.base import wants_all_languages
from idm_portal.core.api.serializers import InEachLanguage
from idm_portal.core.links import absolute_url
from idm_portal.core.models import Organization
from workshops import queries
from workshops.models import (
    AgendaRelease,
    Document,
    Invitation,
    Registration,
    Session,
    SessionSpeaker,
    Suggestion,
    Workshop,
)

AGENDA_CACHE_SECONDS = 24 * 3600


class WorkshopSerializer(InEachLanguage, serializers.ModelSerializer):
    year = serializers.IntegerField(source="idm_year.year", read_only=True)
    ordinal_title = serializers.CharField(read_only=True)
    status_label = serializers.CharField(source="get_status_display", read_only=True)
    url = serializers.SerializerMethodField()

    class Meta:
        model = Workshop
        fields = [
            "id",
            "year",
            "ordinal",
            "ordinal_title",
            "title",
            "slug",
            "start_date",
            "end_date",
            "venue",
            "city",
            "time_zone",
            "status",
            "status_label",
            "capacity",
            "registration_opens",
            "registration_closes",
            "requires_approval",
            "description",
            "url",
        ]
        translated = [
            "ordinal_title",
            "title",
            "venue",
            "city",
            "status_label",
            "description",
            "url",
        ]

    def get_url(self, workshop) -> str:
        return absolute_url(workshop.get_absolute_url())


# The agenda's parts, for the schema (the sessions are given as agenda_sessions makes
# them): their ``Meta.translated`` are the texts that ?lang=all gives in each language.


class AgendaSpeakerSerializer(InEachLanguage, serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    position = serializers.CharField()
    organization = serializers.CharField()
    role = serializers.ChoiceField(choices=SessionSpeaker.Role.choices)
    role_label = serializers.CharField()

    class Meta:
        translated = ["position", "organization", "role_label"]


class AgendaSpeakerGroupSerializer(InEachLanguage, serializers.Serializer):
    role = serializers.ChoiceField(choices=SessionSpeaker.Role.choices)
    heading = serializers.CharField()
    headings = serializers.DictField(
        child=serializers.CharField(), help_text="The heading in English, French and Spanish."
    )
    speakers = AgendaSpeakerSerializer(many=True)

    class Meta:
        translated = ["heading"]


class AgendaSessionSerializer(InEachLanguage, serializers.Serializer):
    uid = serializers.UUIDField()
    date = serializers.DateField()
    start = serializers.DateTimeField(help_text="With the venue's UTC offset.")
    end = serializers.DateTimeField(help_text="With the venue's UTC offset.")
    time_zone = serializers.CharField()
    title = serializers.CharField()
    kind = serializers.ChoiceField(choices=Session.Kind.choices)
    kind_label = serializers.CharField()
    kind_labels = serializers.DictField(
        child=serializers.CharField(), help_text="The kind in English, French and Spanish."
    )
    room = serializers.CharField()
    description = serializers.CharField()
    speaker_groups = AgendaSpeakerGroupSerializer(many=True)

    class Meta:
        translated = ["title", "kind_label", "description"]


def local_moment(date_text, time_text, zone):
    day = dt.date.fromisoformat(date_text)
    hour, minute = (int(part) for part in time_text.split(":"))
    return dt.datetime(day.year, day.month, day.day, hour, minute, tzinfo=zone).isoformat()


def _in_each_language(label):
    """{"en": ..., "fr": ..., "es": ...}: a label in the three languages of the portal, for
    a client that shows them side by side."""
    words = {}
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            words[code] = str(label())
    return words


def agenda_sessions(release, time_zone):
    """A release's sessions as the API gives them: times with the venue's offset, speakers
    grouped by role (moderators and chairs first), labels in the active language."""
    zone = ZoneInfo(time_zone)
    sessions = []
    for _day, items in queries.agenda_days(release):
        for item in items:
            sessions.append(
                {
                    "uid": item["uid"],
                    "date": item["date"],
                    "start": local_moment(item["date"], item["start"], zone),
                    "end": local_moment(item["date"], item["end"], zone),
                    "time_zone": time_zone,
                    "title": item["title"],
                    "kind": item["kind"],
                    "kind_label": item["kind_label"],
                    "kind_labels": _in_each_language(
                        lambda item=item: queries.kind_label(item["kind"])
                    ),
                    "room": item["room"],
                    "description": item["description"] or "",
                    "speaker_groups": [
                        {
                            "role": group["role"],
                            "heading": str(group["heading"]),
                            "headings": _in_each_language(
                                lambda group=group: queries.role_heading(
                                    group["role"], len(group["speakers"])
                                )
                            ),
                            "speakers": [
                                {
                                    "id": speaker["id"],
                                    "name": speaker["name"],
                                    "position": speaker["position"],
                                    "organization": speaker["organization"],
                                    "role": speaker["role"],
                                    "role_label": str(queries.role_label(speaker["role"])),
                                }
                                for speaker in group["speakers"]
                            ],
                        }
                        for group in item["speaker_groups"]
                    ],
                }
            )
    return sessions


class AgendaReleaseSummarySerializer(serializers.ModelSerializer):
    class Meta:
        model = AgendaRelease
        fields = ["number", "published_at", "content_hash"]


class AgendaReleaseSerializer(serializers.ModelSerializer):
    workshop = serializers.IntegerField(source="workshop_id", read_only=True)
    time_zone = serializers.CharField(source="workshop.time_zone", read_only=True)
    sessions = serializers.SerializerMethodField()

    class Meta:
        model = AgendaRelease
        fields = ["workshop", "number", "published_at", "content_hash", "time_zone", "sessions"]

    @extend_schema_field(AgendaSessionSerializer(many=True))
    def get_sessions(self, release):
        if not wants_all_languages(self.context.get("request")):
            return self._sessions_in(release, get_language())
        return in_each_language(
            {code: self._sessions_in(release, code) for code, _name in settings.LANGUAGES}
        )

    @staticmethod
    def _sessions_in(release, language):
        # A release never changes: its sessions, as given in one language and time zone,
        # are kept in the cache (the time zone is the workshop's, which may change).
        time_zone = release.workshop.time_zone
        key = f"api-agenda:{release.pk}:{release.content_hash}:{language}:{time_zone}"
        with translation.override(language):
            return cache.get_or_set(
                key, lambda: agenda_sessions(release, time_zone), AGENDA_CACHE_SECONDS
            )


def _merge(by_language, translated):
    """One part of the agenda with its ``translated`` texts in each language."""
    merged = dict(by_language[settings.LANGUAGE_CODE])
    for name in translated:
        merged[name] = {code: part[name] for code, part in by_language.items()}
    return merged


def in_each_language(sessions_by_language):
    """A release's sessions (as agenda_sessions gives them, once per language: the same
    sessions in the same order) with each text in each language (?lang=all)."""
    codes = list(sessions_by_language)
    merged_sessions = []
    for versions in zip(*sessions_by_language.values(), strict=True):
        by_code = dict(zip(codes, versions, strict=True))
        session = _merge(by_code, AgendaSessionSerializer.Meta.translated)
        groups = []
        for group_versions in zip(*(v["speaker_groups"] for v in versions), strict=True):
            group_by_code = dict(zip(codes, group_versions, strict=True))
            group = _merge(group_by_code, AgendaSpeakerGroupSerializer.Meta.translated)
            group["speakers"] = [
                _merge(
                    dict(zip(codes, speaker_versions, strict=True)),
                    AgendaSpeakerSerializer.Meta.translated,
                )
                for speaker_versions in zip(*(g["speakers"] for g in group_versions), strict=True)
            ]
            groups.append(group)
        session["speaker_groups"] = groups
        merged_sessions.append(session)
    return merged_sessions


class DocumentSerializer(InEachLanguage, serializers.ModelSerializer):
    kind_label = serializers.CharField(source="get_kind_display", read_only=True)
    session = serializers.UUIDField(source="session.uid", read_only=True, allow_null=True)
    url = serializers.SerializerMethodField()

    class Meta:
        model = Document
        fields = [
            "id",
            "kind",
            "kind_label",
            "title",
            "language",
            "file_type",
            "size",
            "session",
            "uploaded_at",
            "url",
        ]
        translated = ["kind_label", "title", "url"]

    def get_url(self, document) -> str:
        return absolute_url(document.get_absolute_url())


class OrganizationSerializer(serializers.ModelSerializer):
    class Meta:
        model = Organization
        fields = ["id", "name", "acronym", "kind"]


class RegistrationSerializer(serializers.ModelSerializer):
    workshop = serializers.IntegerField(source="workshop_id", read_only=True)
    organization = OrganizationSerializer(read_only=True)
    status_label = serializers.CharField(source="get_status_display", read_only=True)

    class Meta:
        model = Registration
        fields = [
            "id",
            "workshop",
            "badge_name",
            "title",
            "position",
            "email",
            "organization",
            "category",
            "status",
            "status_label",
            "special_requirements",
            "needs_visa_letter",
            "consents_to_list",
            "created_at",
            "updated_at",
            "confirmed_at",
            "waitlisted_at",
            "declined_at",
            "cancelled_at",
            "attended_at",
        ]
        read_only_fields = fields


class NewRegistrationSerializer(serializers.Serializer):
    """A system registers a person who has an account in the portal (by e-mail)."""

    person_email = serializers.EmailField()
    organization = serializers.PrimaryKeyRelatedField(queryset=Organization.objects.all())
    category = serializers.ChoiceField(choices=Organization.Kind.choices)
    badge_name = serializers.CharField(max_length=120)
    title = serializers.CharField(max_length=40, required=False, allow_blank=True)
    position = serializers.CharField(max_length=200, required=False, allow_blank=True)
    special_requirements = serializers.CharField(required=False, allow_blank=True)
    needs_visa_letter = serializers.BooleanField(required=False)


class DeclineSerializer(serializers.Serializer):
    reason = serializers.CharField(required=False, allow_blank=True, max_length=2000)


class InvitationSerializer(serializers.ModelSerializer):
    workshop = serializers.IntegerField(source="workshop_id", read_only=True)
    status = serializers.ChoiceField(choices=Invitation.Status.choices, read_only=True)
    organization = serializers.PrimaryKeyRelatedField(read_only=True, allow_null=True)
    registration = serializers.PrimaryKeyRelatedField(read_only=True, allow_null=True)

    class Meta:
        model = Invitation
        fields = [
            "id",
            "workshop",
            "email",
            "name",
            "organization",
            "organization_name",
            "language",
            "status",
            "send_at",
            "answer",
            "answered_at",
            "registration",
            "created_at",
            "updated_at",
        ]
        read_only_fields = fields


class NewInvitationSerializer(serializers.Serializer):
    email = serializers.EmailField()
    name = serializers.CharField(max_length=200, required=False, allow_blank=True)
    organization = serializers.PrimaryKeyRelatedField(
        queryset=Organization.objects.all(), required=False, allow_null=True
    )
    organization_name = serializers.CharField(max_length=255, required=False, allow_blank=True)
    language = serializers.ChoiceField(choices=["en", "fr", "es"], required=False)


class InvitationsAddedSerializer(serializers.Serializer):
    added = serializers.IntegerField()
    updated = serializers.IntegerField()


class SendInvitationsSerializer(serializers.Serializer):
    send_at = serializers.DateTimeField(required=False, allow_null=True)


class InvitationsScheduledSerializer(serializers.Serializer):
    scheduled = serializers.IntegerField()


class SuggestionSerializer(serializers.ModelSerializer):
    workshop = serializers.IntegerField(source="workshop_id", read_only=True)
    member_state = OrganizationSerializer(read_only=True)
    kind_label = serializers.CharField(source="get_kind_display", read_only=True)
    status_label = serializers.CharField(source="get_status_display", read_only=True)
    comment_count = serializers.IntegerField(read_only=True)

    class Meta:
        model = Suggestion
        fields = [
            "id",
            "workshop",
            "member_state",
            "kind",
            "kind_label",
            "title",
            "description",
            "speaker_name",
            "speaker_position",
            "speaker_organization",
            "status",
            "status_label",
            "decision_reason",
            "decided_at",
            "comment_count",
            "created_at",
        ]
        read_only_fields = fields


class MemberStateSerializer(serializers.ModelSerializer):
    country = serializers.CharField(help_text="ISO 3166-1 alpha-2 code.")

    class Meta:
        model = Organization
        fields = ["id", "name", "acronym", "country", "iom_status"]


class DelegateSerializer(serializers.ModelSerializer):
    """A live registration of a delegation (the registration's id: read it whole with a
    token of scope registrations:read)."""

    status_label = serializers.CharField(source="get_status_display", read_only=True)

    class Meta:
        model = Registration
        fields = [
            "id",
            "badge_name",
            "title",
            "position",
            "email",
            "is_head_of_delegation",
            "status",
            "status_label",
            "needs_visa_letter",
            "created_at",
            "updated_at",
        ]
        read_only_fields = fields


class DelegationSerializer(serializers.Serializer):
    member_state = MemberStateSerializer()
    count = serializers.IntegerField(help_text="Its live registrations.")
    quota = serializers.IntegerField(
        allow_null=True, help_text="The most people per delegation (null: no quota)."
    )
    room_left = serializers.IntegerField(
        allow_null=True, help_text="How many more it may register (null: no quota)."
    )
    head = serializers.IntegerField(
        allow_null=True, help_text="The registration of its head of delegation."
    )
    members = DelegateSerializer(many=True, help_text="Head first, then by name on the badge.")


class DelegationsSerializer(serializers.Serializer):
    workshop = serializers.IntegerField()
    quota_per_delegation = serializers.IntegerField(allow_null=True)
    delegations = DelegationSerializer(
        many=True, help_text="The member states with a live delegation, by name."
    )
    not_registered = MemberStateSerializer(
        many=True, help_text="The member states that have registered no one, by name."
    )
