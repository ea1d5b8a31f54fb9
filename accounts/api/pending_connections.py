"""`/api/v1/social-accounts/pending/<id>/`: the accounts a sign-in offered (the pages a person
manages, the organizations they administer, their own profile), and the owner's pick.

The OAuth callback redirects to the SPA with `?choose=<id>` when a network offered more than
one identity; the SPA reads the choices here and posts the ones to connect. Tokens never leave
the server: a choice is named by its `remote_id`.
"""

from uuid import UUID

from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts import selectors, services
from accounts.api.social_accounts import SocialAccountOutput
from accounts.models import PendingConnection, User
from socialtrend.api.schema import ERROR_RESPONSES, NOT_FOUND

TAG = ["social-accounts"]
MAX_CHOICES = 100


class ChoiceOutput(serializers.Serializer):
    remote_id = serializers.CharField(help_text="The network's id of the page, organization or person.")
    handle = serializers.CharField()
    display_name = serializers.CharField()
    avatar_url = serializers.CharField()
    kind = serializers.CharField(help_text='What it is, as the network calls it: "Page", "Organization", "Profile".')
    connected = serializers.BooleanField(help_text="Already one of your accounts (choosing it again reconnects it).")


class PendingConnectionOutput(serializers.Serializer):
    id = serializers.UUIDField()
    network = serializers.CharField()
    signed_in_as = serializers.CharField(help_text="Who signed in at the network.")
    expires_at = serializers.DateTimeField()
    choices = ChoiceOutput(many=True)


class ChooseInput(serializers.Serializer):
    remote_ids = serializers.ListField(
        child=serializers.CharField(max_length=255),
        min_length=1,
        max_length=MAX_CHOICES,
        help_text="The `remote_id`s of the choices to connect, each becoming an account.",
        error_messages={"min_length": "Choose at least one account to connect."},
    )


def _output(pending: PendingConnection, owner: User) -> dict:
    connected = selectors.connected_remote_ids(owner=owner, network=pending.network)
    choices = [
        {
            "remote_id": choice.remote_id,
            "handle": choice.identity.profile.handle,
            "display_name": choice.identity.profile.display_name,
            "avatar_url": choice.identity.profile.avatar_url,
            "kind": choice.identity.kind,
            "connected": choice.remote_id in connected,
        }
        for choice in selectors.pending_connection_choices(pending)
    ]
    data = {
        "id": pending.pk,
        "network": pending.network,
        "signed_in_as": pending.signed_in_as,
        "expires_at": pending.expires_at,
        "choices": choices,
    }
    return PendingConnectionOutput(data).data


class PendingConnectionView(APIView):
    @extend_schema(tags=TAG, responses={200: PendingConnectionOutput, **ERROR_RESPONSES, **NOT_FOUND})
    def get(self, request: Request, pk: UUID) -> Response:
        return Response(_output(selectors.pending_connection_get(owner=request.user, pk=pk), request.user))

    @extend_schema(
        tags=TAG,
        request=ChooseInput,
        responses={201: SocialAccountOutput(many=True), **ERROR_RESPONSES, **NOT_FOUND},
        description="Connect the chosen identities, each as an account; the choice is then used up.",
    )
    def post(self, request: Request, pk: UUID) -> Response:
        data = ChooseInput(data=request.data)
        data.is_valid(raise_exception=True)
        accounts = services.pending_connection_choose(
            owner=request.user, pending_id=pk, remote_ids=data.validated_data["remote_ids"]
        )
        return Response(SocialAccountOutput(accounts, many=True).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        tags=TAG,
        responses={204: OpenApiResponse(description="Nothing connected."), **ERROR_RESPONSES, **NOT_FOUND},
    )
    def delete(self, request: Request, pk: UUID) -> Response:
        services.pending_connection_cancel(owner=request.user, pending_id=pk)
        return Response(status=status.HTTP_204_NO_CONTENT)
