"""Webhook endpoints API: create (secret shown once), list, read, update, delete, test, deliveries."""

from django.conf import settings
from django.urls import reverse
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers, status, throttling
from rest_framework.generics import GenericAPIView
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from socialtrend.api.fields import HttpURLField
from socialtrend.api.schema import ERROR_RESPONSES, ErrorSerializer
from socialtrend.api.throttling import UserRateThrottle
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


class WebhookTestRateThrottle(throttling.UserRateThrottle):
    """Test sends per user: each one is a request to a server of the user's choosing."""

    scope = "webhook_test"

    def get_rate(self) -> str:
        return settings.WEBHOOK_TEST_RATE


class EndpointTestView(APIView):
    throttle_classes = [UserRateThrottle, WebhookTestRateThrottle]

    @extend_schema(
        tags=TAG,
        request=None,
        responses={202: DeliverySerializer, **NOT_FOUND, **ERROR_RESPONSES},
        description="Queue a `webhook.test` event; a worker sends it. The answer is the pending delivery; "
        "`Location` is where to poll it until its first attempt is recorded. Limited per user "
        "(`WEBHOOK_TEST_RATE`).",
    )
    def post(self, request: Request, endpoint_id: int) -> Response:
        endpoint = selectors.webhook_endpoint_get(user=request.user, endpoint_id=endpoint_id)
        delivery = services.webhook_endpoint_test(endpoint=endpoint)
        location = reverse("webhook-delivery", kwargs={"endpoint_id": endpoint.pk, "delivery_id": delivery.pk})
        body = DeliverySerializer(delivery).data
        return Response(body, status=status.HTTP_202_ACCEPTED, headers={"Location": location})


class DeliveryDetailView(APIView):
    @extend_schema(tags=TAG, responses={200: DeliverySerializer, **NOT_FOUND, **ERROR_RESPONSES})
    def get(self, request: Request, endpoint_id: int, delivery_id: int) -> Response:
        endpoint = selectors.webhook_endpoint_get(user=request.user, endpoint_id=endpoint_id)
        delivery = selectors.webhook_delivery_get(endpoint=endpoint, delivery_id=delivery_id)
        return Response(DeliverySerializer(delivery).data)


class EndpointDeliveriesView(GenericAPIView):
    serializer_class = DeliverySerializer

    @extend_schema(tags=TAG, responses={200: DeliverySerializer(many=True), **NOT_FOUND_OR_PAGE, **ERROR_RESPONSES})
    def get(self, request: Request, endpoint_id: int) -> Response:
        endpoint = selectors.webhook_endpoint_get(user=request.user, endpoint_id=endpoint_id)
        page = self.paginate_queryset(selectors.webhook_deliveries_of(endpoint=endpoint))
        return self.get_paginated_response(DeliverySerializer(page, many=True).data)
