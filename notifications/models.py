"""What a person is told (in the app, and by e-mail), and what they want to be told.

A notification is written once per event (`key` is unique per owner, so an
event heard twice, a retried task, a daily sweep, tells the person once).
"""

from django.conf import settings
from django.db import models
from django.db.models import Q


class Notification(models.Model):
    class Kind(models.TextChoices):
        DELIVERY_FAILED = "delivery_failed", "A post failed"
        DELIVERY_NEEDS_CHECK = "delivery_needs_check", "A post needs a check"
        ACCOUNT_EXPIRED = "account_expired", "An account must be reconnected"
        TOKEN_EXPIRING = "token_expiring", "An account's sign-in expires soon"
        PUBLISHED_LATE = "published_late", "A post went out late"
        WEEKLY_SUMMARY = "weekly_summary", "Weekly summary"

    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications")
    kind = models.CharField(max_length=32, choices=Kind.choices)
    title = models.CharField(max_length=200)
    body = models.TextField(blank=True)
    # Where in the app it leads (an SPA path such as /posts/12), if anywhere.
    link = models.CharField(max_length=200, blank=True)
    # One notification per event and owner ("delivery_failed:12", "weekly_summary:2026-W48").
    key = models.CharField(max_length=100)
    created_at = models.DateTimeField(auto_now_add=True)
    read_at = models.DateTimeField(null=True, blank=True)
    emailed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["owner", "key"], name="notification_once_per_event"),
            models.CheckConstraint(
                condition=Q(
                    kind__in=[
                        "delivery_failed",
                        "delivery_needs_check",
                        "account_expired",
                        "token_expiring",
                        "published_late",
                        "weekly_summary",
                    ]
                ),
                name="notification_kind_valid",
            ),
        ]
        indexes = [
            models.Index(fields=["owner", "-created_at"], name="notification_owner_newest"),
            models.Index(fields=["owner"], condition=Q(read_at__isnull=True), name="notification_owner_unread"),
        ]

    def __str__(self) -> str:
        return f"{self.kind} for {self.owner_id}: {self.title}"


def every_kind() -> list[str]:
    return list(Notification.Kind.values)


class NotificationPreference(models.Model):
    """Which kinds a person sees in the app and receives by e-mail (absent: every kind, both ways)."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notification_prefs")
    in_app = models.JSONField(default=every_kind)
    email = models.JSONField(default=every_kind)
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"Notification preferences of {self.user_id}"
