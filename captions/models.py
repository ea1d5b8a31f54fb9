"""Caption requests: what a user asked for, what the model answered, and what it cost.

Each row is one request, kept as the user's history and counted against the
daily quota. A row is created `pending` when the request is accepted (that is
how concurrent requests cannot overrun the quota); a worker then calls the
model and the row ends `succeeded` or `failed`.
"""

from django.conf import settings
from django.db import models
from django.utils.timezone import now


class Tone(models.TextChoices):
    FRIENDLY = "friendly", "Friendly"
    PROFESSIONAL = "professional", "Professional"
    PLAYFUL = "playful", "Playful"
    INSPIRATIONAL = "inspirational", "Inspirational"
    INFORMATIVE = "informative", "Informative"
    BOLD = "bold", "Bold"


class CaptionStatus(models.TextChoices):
    PENDING = "pending", "Pending"
    SUCCEEDED = "succeeded", "Succeeded"
    FAILED = "failed", "Failed"


class CaptionRequest(models.Model):
    Status = CaptionStatus

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="caption_requests")
    created_at = models.DateTimeField(default=now)
    status = models.CharField(max_length=16, choices=CaptionStatus.choices, default=CaptionStatus.PENDING)
    # The validated request as the API received it (topic or draft, networks, tone, ...).
    input = models.JSONField()
    # The variants returned: [{network, text, hashtags, length, limit, within_limit}].
    output = models.JSONField(default=list, blank=True)
    model = models.CharField(max_length=200, blank=True)
    offline = models.BooleanField(default=False)
    error = models.CharField(max_length=500, blank=True)
    prompt_tokens = models.PositiveIntegerField(default=0)
    completion_tokens = models.PositiveIntegerField(default=0)
    total_tokens = models.PositiveIntegerField(default=0)
    latency_ms = models.PositiveIntegerField(null=True, blank=True)
    # When a worker took it up: a second message for the same request finds it taken.
    started_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["user", "created_at"], name="caption_user_created")]
        constraints = [
            models.CheckConstraint(condition=models.Q(status__in=CaptionStatus.values), name="caption_status_valid"),
        ]

    def __str__(self) -> str:
        return f"caption request {self.pk} by {self.user_id} ({self.status})"
