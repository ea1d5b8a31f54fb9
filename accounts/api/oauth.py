"""Connect a network account: get the authorize URL, and the callback the network redirects to.

The callback is reached by the browser coming back from the network, without
the SPA's bearer token: the signed `state` says which user started it. It
always answers with a redirect to the SPA's accounts page, saying what happened.
"""

from urllib.parse import urlencode

from django.conf import settings
from django.http import HttpResponseRedirect
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import serializers
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

import networks
from accounts import services
from socialtrend.api.schema import ERROR_RESPONSES, ErrorSerializer

TAG = ["social-accounts"]
# Holds the starting browser's nonce from connect to callback (see accounts.oauth_state).
BROWSER_COOKIE = "st_oauth_browser"
CALLBACK_COOKIE_PATH = "/api/v1/social-accounts/callback/"
NETWORK_PARAM = OpenApiParameter(
    "network",
    str,
    OpenApiParameter.PATH,
    enum=[spec.name for spec in networks.publishing_specs() if spec.connect == "oauth"],
    description="Network to connect.",
)
# What a person types before connecting, per network (`connect_fields` in GET /api/v1/networks/).
CONNECT_FIELD_PARAMS = [
    OpenApiParameter(
        option.name,
        str,
        OpenApiParameter.QUERY,
        required=False,
        description=f"{spec.label}: {option.label}. {option.help}".strip(),
    )
    for spec in networks.publishing_specs()
    for option in spec.connect_fields
]


class ConnectView(APIView):
    class OutputSerializer(serializers.Serializer):
        authorize_url = serializers.URLField(
            help_text="Send the browser here; the network redirects back to the callback."
        )

    @extend_schema(
        tags=TAG,
        parameters=[NETWORK_PARAM, *CONNECT_FIELD_PARAMS],
        responses={
            200: OutputSerializer,
            404: OpenApiResponse(ErrorSerializer, description="Unknown network."),
            409: OpenApiResponse(
                ErrorSerializer, description="The network has no client id/secret configured on this server."
            ),
            **ERROR_RESPONSES,
        },
    )
    def get(self, request: Request, network: str) -> Response:
        started = services.social_account_connect_start(
            user=request.user, network=network, fields=request.query_params.dict()
        )
        response = Response(self.OutputSerializer({"authorize_url": started.authorize_url}).data)
        response.set_cookie(
            BROWSER_COOKIE,
            started.browser_nonce,
            max_age=settings.OAUTH_STATE_MAX_AGE,
            path=CALLBACK_COOKIE_PATH,
            secure=settings.SESSION_COOKIE_SECURE,
            httponly=True,
            samesite="Lax",  # sent on the network's top-level redirect back to us
        )
        return response


class CallbackView(APIView):
    permission_classes = [AllowAny]
    authentication_classes = []

    @extend_schema(
        tags=TAG,
        auth=[],
        parameters=[
            NETWORK_PARAM,
            OpenApiParameter("code", str, description="Authorization code from the network."),
            OpenApiParameter("state", str, description="The signed state from the connect step."),
            OpenApiParameter("error", str, description="Set by the network when the user declined."),
            OpenApiParameter(
                "Location", str, OpenApiParameter.HEADER, response=[302], description="The SPA accounts page."
            ),
        ],
        responses={
            # A redirect with no body: where it goes is the Location header.
            302: OpenApiResponse(
                description="To the SPA accounts page with `?connected=<network>`, "
                "`?choose=<pending connection id>&network=<network>` when the sign-in offers several "
                "accounts to pick from (pages, organizations), or "
                "`?error=<code>&network=<network>&message=<text>`.",
            ),
            404: OpenApiResponse(ErrorSerializer, description="Unknown network."),
        },
    )
    def get(self, request: Request, network: str) -> HttpResponseRedirect:
        params = request.query_params
        try:
            outcome = services.social_account_connect_finish(
                network=network,
                state=params.get("state", ""),
                browser_nonce=request.COOKIES.get(BROWSER_COOKIE, ""),
                code=params.get("code", ""),
                error=params.get("error", ""),
            )
        except services.ConnectFailed as failure:
            return _to_spa({"error": failure.code, "network": network, "message": failure.message})
        if outcome.pending is not None:
            return _to_spa({"choose": str(outcome.pending.pk), "network": network})
        return _to_spa({"connected": network})


def _to_spa(query: dict[str, str]) -> HttpResponseRedirect:
    response = HttpResponseRedirect(f"{settings.SPA_ACCOUNTS_PATH}?{urlencode(query)}")
    response.delete_cookie(BROWSER_COOKIE, path=CALLBACK_COOKIE_PATH, samesite="Lax")
    return response
