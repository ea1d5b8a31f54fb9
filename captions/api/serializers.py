import re

from django.core.exceptions import ValidationError
from rest_framework import serializers

import networks
from captions.models import CaptionRequest, Tone
from captions.services import DEFAULT_MAX_HASHTAGS
from socialtrend.api.fields import IdField

# BCP 47 language tags, well-formed (RFC 5646 section 2.1, without grandfathered tags):
# language[-extlang][-script][-region](-variant)*(-extension)*[-privateuse]
BCP47_RE = re.compile(
    r"^[a-z]{2,3}(-[a-z]{3}){0,3}"
    r"(-[a-z]{4})?"
    r"(-([a-z]{2}|[0-9]{3}))?"
    r"(-([a-z0-9]{5,8}|[0-9][a-z0-9]{3}))*"
    r"(-[0-9a-wy-z](-[a-z0-9]{2,8})+)*"
    r"(-x(-[a-z0-9]{1,8})+)?$",
    re.IGNORECASE,
)
HASHTAG_INPUT_RE = re.compile(r"^#?\w+$")


def validate_language_tag(value: str) -> None:
    if not BCP47_RE.match(value):
        raise ValidationError(f'"{value}" is not a BCP 47 language tag (for example "en", "de-AT", "pt-BR").')


def validate_hashtag(value: str) -> None:
    if not HASHTAG_INPUT_RE.match(value):
        raise ValidationError(f'"{value}" is not a hashtag: use letters, digits and underscores only.')


class HashtagsInputSerializer(serializers.Serializer):
    include = serializers.ListField(
        child=serializers.CharField(max_length=50, validators=[validate_hashtag]),
        max_length=30,
        required=False,
        default=list,
        help_text="Hashtags every variant carries (with or without '#').",
    )
    max = serializers.IntegerField(
        min_value=0,
        max_value=30,
        required=False,
        default=DEFAULT_MAX_HASHTAGS,
        help_text="Most hashtags per variant (also capped by the network's own limit).",
    )


class CaptionInputSerializer(serializers.Serializer):
    topic = serializers.CharField(max_length=500, required=False, default="", help_text="What to write about.")
    draft = serializers.CharField(
        max_length=10000, required=False, default="", help_text="A text to adapt, instead of a topic."
    )
    networks = serializers.ListField(
        child=serializers.ChoiceField(choices=networks.choices()), min_length=1, max_length=len(networks.choices())
    )
    tone = serializers.ChoiceField(choices=Tone.choices, required=False, default=Tone.FRIENDLY)
    language = serializers.CharField(
        max_length=35, required=False, default="en", validators=[validate_language_tag], help_text="BCP 47 tag."
    )
    count = serializers.IntegerField(
        min_value=1, max_value=5, required=False, default=1, help_text="Variants per network."
    )
    trend_ids = serializers.ListField(child=IdField(), max_length=10, required=False, default=list)
    ride_trends = serializers.BooleanField(
        required=False, default=False, help_text="Ground the captions on the current top trends."
    )
    hashtags = HashtagsInputSerializer(required=False)

    def validate_networks(self, value: list[str]) -> list[str]:
        if len(set(value)) != len(value):
            raise serializers.ValidationError("Each network may appear only once.")
        return value

    def validate(self, attrs: dict) -> dict:
        # topic xor draft, trend_ids xor ride_trends: checked by the service, which names the field.
        hashtags = attrs.pop("hashtags", None) or {"include": [], "max": DEFAULT_MAX_HASHTAGS}
        attrs["hashtags_include"] = hashtags["include"]
        attrs["hashtags_max"] = hashtags["max"]
        return attrs


class VariantSerializer(serializers.Serializer):
    network = serializers.ChoiceField(choices=networks.choices())
    text = serializers.CharField()
    hashtags = serializers.ListField(child=serializers.CharField())
    length = serializers.IntegerField(help_text="As the network counts it (X: URLs as 23, most emoji as 2).")
    limit = serializers.IntegerField()
    within_limit = serializers.BooleanField()


class UsageSerializer(serializers.Serializer):
    prompt_tokens = serializers.IntegerField()
    completion_tokens = serializers.IntegerField()
    total_tokens = serializers.IntegerField()


class TrendRefSerializer(serializers.Serializer):
    title = serializers.CharField()
    source = serializers.CharField()


class CaptionOutputSerializer(serializers.ModelSerializer):
    variants = VariantSerializer(many=True, source="output")
    usage = UsageSerializer(source="*")
    trends = TrendRefSerializer(many=True, source="input.trends", help_text="The trends the captions ride.")

    class Meta:
        model = CaptionRequest
        fields = ["id", "created_at", "model", "offline", "variants", "trends", "usage", "latency_ms"]


class CaptionHistorySerializer(CaptionOutputSerializer):
    class Meta(CaptionOutputSerializer.Meta):
        fields = [*CaptionOutputSerializer.Meta.fields, "status", "error", "input"]
