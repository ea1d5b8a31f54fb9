"""`GET /api/v1/networks/`: every network's spec, as the SPA needs it to compose and connect.

The SPA copies no limit or rule: counters, composer options, connect buttons
and labels all come from here. The answer is the same for every user; what
differs per server is `configured` (the operator set the network's app).
"""

from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

import networks
from networks.spec import COUNTING_METHODS, NetworkSpec, Option
from socialtrend.api.schema import ERROR_RESPONSES


class NetworkChoiceOutput(serializers.Serializer):
    value = serializers.CharField()
    label = serializers.CharField()


class NetworkOptionOutput(serializers.Serializer):
    name = serializers.CharField()
    label = serializers.CharField()
    kind = serializers.ChoiceField(choices=["text", "url", "textarea", "choice"])
    required = serializers.BooleanField()
    default = serializers.CharField()
    help = serializers.CharField()
    max_length = serializers.IntegerField(allow_null=True)
    choices = NetworkChoiceOutput(many=True, allow_null=True)


class NetworkConnectFieldOutput(serializers.Serializer):
    name = serializers.CharField()
    label = serializers.CharField()
    kind = serializers.ChoiceField(choices=["text", "password", "url"])
    required = serializers.BooleanField()
    default = serializers.CharField()
    help = serializers.CharField()
    max_length = serializers.IntegerField()


class NetworkTextOutput(serializers.Serializer):
    max_length = serializers.IntegerField()
    counting = serializers.ChoiceField(choices=list(COUNTING_METHODS))
    max_hashtags = serializers.IntegerField(allow_null=True)


class NetworkTitleOutput(serializers.Serializer):
    max_length = serializers.IntegerField()


class NetworkMediaOutput(serializers.Serializer):
    required = serializers.BooleanField()
    max_items = serializers.IntegerField()
    kinds = serializers.ListField(child=serializers.CharField())
    video_alone = serializers.BooleanField()


class NetworkFeaturesOutput(serializers.Serializer):
    first_comment = serializers.BooleanField()
    threads = serializers.BooleanField()
    link_posts = serializers.BooleanField()
    analytics = serializers.BooleanField()


class NetworkTrendsOutput(serializers.Serializer):
    label = serializers.CharField()


class NetworkOutput(serializers.Serializer):
    name = serializers.CharField()
    label = serializers.CharField()
    publishes = serializers.BooleanField()
    connect = serializers.ChoiceField(choices=["oauth", "direct"], allow_null=True)
    connect_fields = NetworkConnectFieldOutput(
        many=True, help_text="What a direct connect asks for besides the handle (`credentials` of the connect call)."
    )
    configured = serializers.BooleanField()
    configure_hint = serializers.CharField(help_text="What an operator must set; empty when configured.")
    text = NetworkTextOutput(allow_null=True)
    title = NetworkTitleOutput(allow_null=True)
    media = NetworkMediaOutput(allow_null=True)
    options = NetworkOptionOutput(many=True)
    features = NetworkFeaturesOutput()
    captions = serializers.BooleanField(help_text="Whether captions can be written for it.")
    trends = NetworkTrendsOutput(allow_null=True)


def network_representation(spec: NetworkSpec) -> dict:
    configured = networks.is_configured(spec.name)
    return {
        "name": spec.name,
        "label": spec.label,
        "publishes": spec.publishes,
        "connect": spec.connect,
        "connect_fields": [vars(field) for field in spec.connect_fields],
        "configured": configured,
        "configure_hint": "" if configured else f"Set {' and '.join(spec.required_settings)}.",
        "text": vars(spec.text) if spec.publishes else None,
        "title": {"max_length": spec.title_max_length} if spec.title_max_length else None,
        "media": {**vars(spec.media), "kinds": list(spec.media.kinds)} if spec.publishes else None,
        "options": [_option(option) for option in spec.options],
        "features": vars(spec.features),
        "captions": spec.captions,
        "trends": {"label": spec.trends.label} if spec.trends else None,
    }


def _option(option: Option) -> dict:
    choices = [{"value": value, "label": label} for value, label in option.choices] or None
    return {**vars(option), "choices": choices}


class NetworkListView(APIView):
    @extend_schema(tags=["networks"], responses={200: NetworkOutput(many=True), **ERROR_RESPONSES})
    def get(self, request: Request) -> Response:
        """Every network in display order, with its rules, options and features."""
        return Response(NetworkOutput([network_representation(spec) for spec in networks.all_specs()], many=True).data)
