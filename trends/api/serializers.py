from rest_framework import serializers

from trends.models import RunStatus, SourceRun, TrendItem, TrendSnapshot, WatchKeyword
from trends.selectors import DEFAULT_ORDERING, ORDERINGS
from trends.sources import source_choices


class TrendListParams(serializers.Serializer):
    source = serializers.ChoiceField(choices=source_choices(), required=False, help_text="Only this source's trends.")
    region = serializers.RegexField(
        r"^[A-Za-z]{2}$", required=False, help_text="Two-letter country code; global items have no region."
    )
    q = serializers.CharField(max_length=100, required=False, help_text="Text in the title or category.")
    min_score = serializers.FloatField(min_value=0, max_value=100, required=False)
    ordering = serializers.ChoiceField(
        choices=list(ORDERINGS), default=DEFAULT_ORDERING, help_text="Default: newest score, highest first."
    )

    def validate_region(self, value: str) -> str:
        return value.upper()


class TrendItemOutput(serializers.ModelSerializer):
    score = serializers.FloatField(source="latest_score", help_text="The newest snapshot's score, 0-100.")

    class Meta:
        model = TrendItem
        fields = ["id", "source", "key", "title", "url", "region", "category", "score", "first_seen_at", "last_seen_at"]
        read_only_fields = fields


class TrendPointOutput(serializers.ModelSerializer):
    time = serializers.DateTimeField(source="captured_at")
    rank = serializers.IntegerField(help_text="Place in its source and region, 1 = top; 0 = no longer listed.")
    metrics = serializers.DictField(help_text="The source's raw numbers at that time.")

    class Meta:
        model = TrendSnapshot
        fields = ["time", "score", "value", "rank", "metrics"]
        read_only_fields = fields


class TrendDetailParams(serializers.Serializer):
    since = serializers.DateTimeField(required=False, help_text="Only history from this time on (ISO 8601).")


class TrendDetailOutput(TrendItemOutput):
    history = TrendPointOutput(many=True, help_text="Oldest first, ready for a time-series chart.")

    class Meta(TrendItemOutput.Meta):
        fields = [*TrendItemOutput.Meta.fields, "history"]
        read_only_fields = fields


class TrendSourceRunOutput(serializers.ModelSerializer):
    status = serializers.ChoiceField(choices=RunStatus.choices)
    error = serializers.CharField(
        read_only=True, help_text="What went wrong; empty unless you are a moderator or an admin."
    )

    class Meta:
        model = SourceRun
        fields = ["id", "status", "started_at", "finished_at", "duration_ms", "items", "error", "retry_after"]
        read_only_fields = fields

    def to_representation(self, run: SourceRun) -> dict:
        data = super().to_representation(run)
        if not self.context.get("show_errors"):
            data["error"] = ""  # a part's label names the keywords it asked about, watched ones too
        return data


class TrendSourceOutput(serializers.Serializer):
    name = serializers.ChoiceField(choices=source_choices())
    label = serializers.CharField()
    enabled = serializers.BooleanField()
    interval_seconds = serializers.IntegerField()
    methods = serializers.CharField(help_text="What the source calls.")
    backoff_until = serializers.DateTimeField(allow_null=True, help_text="Skipped until then after a 429.")
    last_run = TrendSourceRunOutput(allow_null=True)


class TrendRefreshInput(serializers.Serializer):
    source = serializers.ChoiceField(
        choices=source_choices(), required=False, help_text="One source; by default every enabled one."
    )


class TrendRefreshOutput(serializers.Serializer):
    queued = serializers.ListField(child=serializers.ChoiceField(choices=source_choices()))


class WatchKeywordInput(serializers.Serializer):
    keyword = serializers.CharField(max_length=100)


class WatchTrendOutput(serializers.ModelSerializer):
    score = serializers.FloatField(source="latest_score")

    class Meta:
        model = TrendItem
        fields = ["id", "source", "score", "last_seen_at"]
        read_only_fields = fields


class WatchKeywordOutput(serializers.ModelSerializer):
    trends = WatchTrendOutput(
        many=True, read_only=True, help_text="The items that record its interest (one per source); see their history."
    )

    class Meta:
        model = WatchKeyword
        fields = ["id", "keyword", "created_at", "trends"]
        read_only_fields = fields
