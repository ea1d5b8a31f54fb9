"""Outgoing webhooks: endpoints a user registers, the events they receive, and every attempt to send one.

An event (`WebhookEvent`) fans out to one `WebhookDelivery` per subscribed
endpoint; each try to send it is a `WebhookAttempt` row (status, duration,
response code and an excerpt of the body): the answer to "what did we send,
and what came back".
"""

from django.db import models

from accounts.models import User
from socialtrend.crypto import EncryptedTextField


class Event(models.TextChoices):
    DELIVERY_PUBLISHED = "delivery.published", "A delivery was published"
    DELIVERY_FAILED = "delivery.failed", "A delivery failed"
    DELIVERY_UNKNOWN = "delivery.unknown", "A delivery's outcome is unknown"
    ACCOUNT_EXPIRED = "account.expired", "A connected account expired"
    WEBHOOK_TEST = "webhook.test", "A test sent from the API"


SUBSCRIBABLE_EVENTS = [e.value for e in Event if e != Event.WEBHOOK_TEST]


class WebhookEndpoint(models.Model):
    owner = models.ForeignKey(User, on_delete=models.CASCADE, related_name="webhook_endpoints")
    url = models.URLField(max_length=2000)
    events = models.JSONField(default=list)
    description = models.CharField(max_length=200, blank=True)
    # HMAC key: shown once when the endpoint is created, encrypted at rest, never serialized again.
    secret = EncryptedTextField()
    is_active = models.BooleanField(default=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.url


class WebhookEvent(models.Model):
    owner = models.ForeignKey(User, on_delete=models.CASCADE, related_name="webhook_events")
    event = models.CharField(max_length=32, choices=Event.choices)
    payload = models.JSONField(default=dict)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(condition=models.Q(event__in=Event.values), name="webhookevent_event_valid"),
        ]

    def __str__(self) -> str:
        return f"{self.event} #{self.pk}"


class WebhookDelivery(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", "Pending"
        SUCCEEDED = "succeeded", "Succeeded"
        FAILED = "failed", "Failed"

    event = models.ForeignKey(WebhookEvent, on_delete=models.CASCADE, related_name="deliveries")
    endpoint = models.ForeignKey(WebhookEndpoint, on_delete=models.CASCADE, related_name="deliveries")
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.PENDING)
    attempt_count = models.PositiveIntegerField(default=0)
    # When the next try is due; also a lease: a sender pushes it forward before sending.
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name_plural = "webhook deliveries"
        constraints = [
            models.UniqueConstraint(fields=["event", "endpoint"], name="webhookdelivery_once_per_endpoint"),
            models.CheckConstraint(
                condition=models.Q(status__in=["pending", "succeeded", "failed"]), name="webhookdelivery_status_valid"
            ),
        ]
        indexes = [models.Index(fields=["status", "next_attempt_at"], name="webhookdelivery_due")]

    def __str__(self) -> str:
        return f"{self.event} -> {self.endpoint}"


class WebhookAttempt(models.Model):
    delivery = models.ForeignKey(WebhookDelivery, on_delete=models.CASCADE, related_name="attempts")
    attempted_at = models.DateTimeField()
    duration_ms = models.PositiveIntegerField()
    succeeded = models.BooleanField()
    response_status = models.PositiveSmallIntegerField(null=True, blank=True)
    response_body = models.TextField(blank=True)
    error = models.TextField(blank=True)

    class Meta:
        ordering = ["attempted_at", "id"]

    def __str__(self) -> str:
        return f"attempt {self.pk} ({self.response_status or self.error[:40]})"
