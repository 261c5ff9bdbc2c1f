from rest_framework import serializers

from idm_portal.core.models import IdmYear


class IdmYearSerializer(serializers.ModelSerializer):
    status_label = serializers.CharField(source="get_status_display", read_only=True)

    class Meta:
        model = IdmYear
        fields = ["year", "overarching_theme", "status", "status_label"]


class OutboxStatusSerializer(serializers.Serializer):
    queued = serializers.IntegerField()
    sending = serializers.IntegerField()
    sent = serializers.IntegerField()
    failed = serializers.IntegerField()
    oldest_queued_at = serializers.DateTimeField(allow_null=True)
