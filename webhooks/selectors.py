"""Read queries for webhooks, scoped to their owner (someone else's endpoint is a 404)."""

from django.db.models import QuerySet

from accounts.models import User
from socialtrend.errors import NotFoundError
from webhooks.models import WebhookDelivery, WebhookEndpoint


def webhook_endpoints_of(*, user: User) -> QuerySet[WebhookEndpoint]:
    return WebhookEndpoint.objects.filter(owner=user)


def webhook_endpoint_get(*, user: User, endpoint_id: int) -> WebhookEndpoint:
    endpoint = webhook_endpoints_of(user=user).filter(pk=endpoint_id).first()
    if endpoint is None:
        raise NotFoundError("No such webhook.")
    return endpoint


def webhook_deliveries_of(*, endpoint: WebhookEndpoint) -> QuerySet[WebhookDelivery]:
    return endpoint.deliveries.select_related("event").prefetch_related("attempts")


def webhook_delivery_get(*, endpoint: WebhookEndpoint, delivery_id: int) -> WebhookDelivery:
    delivery = webhook_deliveries_of(endpoint=endpoint).filter(pk=delivery_id).first()
    if delivery is None:
        raise NotFoundError("No such delivery.")
    return delivery
