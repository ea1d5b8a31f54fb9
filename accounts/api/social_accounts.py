"""`/api/v1/social-accounts/`: list, connect an account of a network connected directly (a
handle and the network's connect fields, such as an app password: the demo network, Bluesky),
disconnect.

Other networks connect through their OAuth flow (connect/callback urls, in
their own include). Tokens and passwords are never serialized.
"""

from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

import networks
from accounts import selectors, services
from accounts.models import SocialAccount
from socialtrend.api.schema import ERROR_RESPONSES, NOT_FOUND, ErrorSerializer

TAG = ["social-accounts"]


class SocialAccountOutput(serializers.ModelSerializer):
    class Meta:
        model = SocialAccount
        fields = [
            "id",
            "network",
            "handle",
            "display_name",
            "avatar_url",
            "status",
            "status_reason",
            "token_expires_at",
            "scopes",
            "options",
            "created_at",
        ]
        read_only_fields = fields
        extra_kwargs = {
            "options": {"help_text": "What the network's calls need that is no secret (a Mastodon account's instance)."}
        }


DIRECT = [spec.name for spec in networks.publishing_specs() if spec.connect == "direct"]


class DirectConnectInput(serializers.Serializer):
    network = serializers.ChoiceField(
        choices=DIRECT,
        error_messages={
            "invalid_choice": '"{input}" connects through its authorization flow; only '
            + ", ".join(f'"{name}"' for name in DIRECT)
            + " here."
        },
    )
    # Each network's connector checks the handle's form (a sandbox name, a Bluesky handle or e-mail).
    handle = serializers.CharField(max_length=254, trim_whitespace=True)
    credentials = serializers.DictField(
        child=serializers.CharField(max_length=2000, allow_blank=True, trim_whitespace=True),
        required=False,
        default=dict,
        help_text="The network's connect fields (`connect_fields` in GET /api/v1/networks/), "
        "e.g. an app password and the server's URL; secrets are stored encrypted and never returned.",
    )

    def validate_handle(self, value: str) -> str:
        return value.removeprefix("@")


class SocialAccountListView(APIView):
    @extend_schema(tags=TAG, responses={200: SocialAccountOutput(many=True), **ERROR_RESPONSES})
    def get(self, request: Request) -> Response:
        return Response(SocialAccountOutput(selectors.social_account_list(owner=request.user), many=True).data)

    @extend_schema(
        tags=TAG,
        request=DirectConnectInput,
        responses={
            201: SocialAccountOutput,
            200: SocialAccountOutput,
            502: OpenApiResponse(ErrorSerializer, description="The network could not be reached."),
            **ERROR_RESPONSES,
        },
        description="Connect an account of a network connected directly, with its handle and the "
        "network's connect fields (201), or reconnect the same account (200). 502 when the network "
        "could not be reached.",
    )
    def post(self, request: Request) -> Response:
        data = DirectConnectInput(data=request.data)
        data.is_valid(raise_exception=True)
        account, created = services.social_account_connect_direct(owner=request.user, **data.validated_data)
        code = status.HTTP_201_CREATED if created else status.HTTP_200_OK
        return Response(SocialAccountOutput(account).data, status=code)


class SocialAccountDetailView(APIView):
    @extend_schema(tags=TAG, responses={200: SocialAccountOutput, **ERROR_RESPONSES, **NOT_FOUND})
    def get(self, request: Request, pk: int) -> Response:
        return Response(SocialAccountOutput(selectors.social_account_get(owner=request.user, pk=pk)).data)

    @extend_schema(
        tags=TAG,
        responses={204: OpenApiResponse(description="Disconnected."), **ERROR_RESPONSES, **NOT_FOUND},
        description="Disconnect: the tokens are forgotten and deliveries not yet started are cancelled.",
    )
    def delete(self, request: Request, pk: int) -> Response:
        services.social_account_disconnect(account=selectors.social_account_get(owner=request.user, pk=pk))
        return Response(status=status.HTTP_204_NO_CONTENT)
