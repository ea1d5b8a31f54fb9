"""Webhook endpoints API: create (secret shown once), list, read, update, delete, test, deliveries."""

from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers, status
from rest_framework.generics import GenericAPIView
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from socialtrend.api.fields import HttpURLField
from socialtrend.api.schema import ERROR_RESPONSES, ErrorSerializer
from webhooks import selectors, services
from webhooks.models import SUBSCRIBABLE_EVENTS, WebhookAttempt, WebhookDelivery, WebhookEndpoint

TAG = ["webhooks"]
NOT_FOUND = {404: OpenApiResponse(ErrorSerializer, description="No such webhook (or not yours).")}
NOT_FOUND_OR_PAGE = {
    404: OpenApiResponse(ErrorSerializer, description="No such webhook (or not yours), or no such page.")
}


class EndpointSerializer(serializers.ModelSerializer):
    class Meta:
        model = WebhookEndpoint
        fields = ["id", "url", "events", "description", "is_active", "created_at", "updated_at"]


class CreatedEndpointSerializer(EndpointSerializer):
    secret = serializers.CharField(help_text="HMAC key for the signature header. Shown only in this response.")

    class Meta(EndpointSerializer.Meta):
        fields = [*EndpointSerializer.Meta.fields, "secret"]


class AttemptSerializer(serializers.ModelSerializer):
    class Meta:
        model = WebhookAttempt
        fields = ["id", "attempted_at", "succeeded", "response_status", "duration_ms", "response_body", "error"]


class DeliverySerializer(serializers.ModelSerializer):
    event = serializers.CharField(source="event.event")
    payload = serializers.JSONField(source="event.payload")
    attempts = AttemptSerializer(many=True)

    class Meta:
        model = WebhookDelivery
        fields = ["id", "event", "payload", "status", "attempt_count", "next_attempt_at", "created_at", "attempts"]


EVENTS_HELP = f"Any of: {', '.join(SUBSCRIBABLE_EVENTS)}."


class EndpointInputSerializer(serializers.Serializer):
    url = HttpURLField(max_length=2000)
    events = serializers.ListField(child=serializers.CharField(), help_text=EVENTS_HELP)
    description = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")


class EndpointUpdateSerializer(serializers.Serializer):
    url = HttpURLField(max_length=2000, required=False)
    events = serializers.ListField(child=serializers.CharField(), required=False, help_text=EVENTS_HELP)
    description = serializers.CharField(max_length=200, required=False, allow_blank=True)
    is_active = serializers.BooleanField(required=False)


class EndpointListView(GenericAPIView):
    serializer_class = EndpointSerializer

    @extend_schema(tags=TAG, responses={200: EndpointSerializer(many=True), **ERROR_RESPONSES})
    def get(self, request: Request) -> Response:
        page = self.paginate_queryset(selectors.webhook_endpoints_of(user=request.user))
        return self.get_paginated_response(EndpointSerializer(page, many=True).data)

    @extend_schema(
        tags=TAG, request=EndpointInputSerializer, responses={201: CreatedEndpointSerializer, **ERROR_RESPONSES}
    )
    def post(self, request: Request) -> Response:
        data = EndpointInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        endpoint, secret = services.webhook_endpoint_create(owner=request.user, **data.validated_data)
        endpoint.secret = secret
        return Response(CreatedEndpointSerializer(endpoint).data, status=status.HTTP_201_CREATED)


class EndpointDetailView(APIView):
    @extend_schema(tags=TAG, responses={200: EndpointSerializer, **NOT_FOUND, **ERROR_RESPONSES})
    def get(self, request: Request, endpoint_id: int) -> Response:
        endpoint = selectors.webhook_endpoint_get(user=request.user, endpoint_id=endpoint_id)
        return Response(EndpointSerializer(endpoint).data)

    @extend_schema(
        tags=TAG,
        request=EndpointUpdateSerializer,
        responses={200: EndpointSerializer, **NOT_FOUND, **ERROR_RESPONSES},
    )
    def patch(self, request: Request, endpoint_id: int) -> Response:
        endpoint = selectors.webhook_endpoint_get(user=request.user, endpoint_id=endpoint_id)
        data = EndpointUpdateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        endpoint = services.webhook_endpoint_update(endpoint=endpoint, **data.validated_data)
        return Response(EndpointSerializer(endpoint).data)

    @extend_schema(tags=TAG, responses={204: OpenApiResponse(description="Deleted."), **NOT_FOUND, **ERROR_RESPONSES})
    def delete(self, request: Request, endpoint_id: int) -> Response:
        endpoint = selectors.webhook_endpoint_get(user=request.user, endpoint_id=endpoint_id)
        services.webhook_endpoint_delete(endpoint=endpoint)
        return Response(status=status.HTTP_204_NO_CONTENT)


class EndpointTestView(APIView):
    @extend_schema(
        tags=TAG,
        request=None,
        responses={200: DeliverySerializer, **NOT_FOUND, **ERROR_RESPONSES},
        description="Send a `webhook.test` event now and return the delivery with its first attempt.",
    )
    def post(self, request: Request, endpoint_id: int) -> Response:
        endpoint = selectors.webhook_endpoint_get(user=request.user, endpoint_id=endpoint_id)
        delivery = services.webhook_endpoint_test(endpoint=endpoint)
        return Response(DeliverySerializer(delivery).data)


class EndpointDeliveriesView(GenericAPIView):
    serializer_class = DeliverySerializer

    @extend_schema(tags=TAG, responses={200: DeliverySerializer(many=True), **NOT_FOUND_OR_PAGE, **ERROR_RESPONSES})
    def get(self, request: Request, endpoint_id: int) -> Response:
        endpoint = selectors.webhook_endpoint_get(user=request.user, endpoint_id=endpoint_id)
        page = self.paginate_queryset(selectors.webhook_deliveries_of(endpoint=endpoint))
        return self.get_paginated_response(DeliverySerializer(page, many=True).data)
