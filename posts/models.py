"""Media, posts, one delivery per (post, account), and the log of every attempt.

A post's status is not stored: it is derived from its deliveries by one SQL
expression (`posts.selectors.posts_with_status`), so it can never disagree
with them. A delivery carries its own due time (`due_at`), which makes the
dispatcher's claim one indexed range scan.
"""

import uuid
from pathlib import PurePath

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone

from accounts.models import SocialAccount

# As long as the most generous network takes (Mastodon's default description limit); a network
# with a lower limit refuses a longer one at publishing, saying so.
ALT_TEXT_MAX_LENGTH = 1500


def media_upload_to(instance: "Media", filename: str) -> str:
    # The stored name is random: the user's file name never reaches the file system.
    suffix = PurePath(filename).suffix.lower()[:8]
    return f"uploads/{instance.owner_id}/{timezone.now():%Y/%m}/{uuid.uuid4().hex}{suffix}"


class Media(models.Model):
    class Kind(models.TextChoices):
        IMAGE = "image", "Image"
        VIDEO = "video", "Video"

    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="media")
    file = models.FileField(upload_to=media_upload_to, max_length=255)
    original_name = models.CharField(max_length=255, blank=True)
    kind = models.CharField(max_length=8, choices=Kind.choices)
    mime_type = models.CharField(max_length=64)
    size = models.PositiveBigIntegerField()
    width = models.PositiveIntegerField(null=True, blank=True)
    height = models.PositiveIntegerField(null=True, blank=True)
    checksum = models.CharField(max_length=64, help_text="SHA-256 of the content, hex.")
    # The text alternative screen readers speak; networks that take one receive it (Mastodon's description).
    alt_text = models.TextField(max_length=ALT_TEXT_MAX_LENGTH, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name_plural = "media"
        constraints = [
            models.CheckConstraint(condition=Q(kind__in=["image", "video"]), name="media_kind_valid"),
        ]

    def __str__(self) -> str:
        return self.original_name or self.file.name


class Post(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        SCHEDULED = "scheduled", "Scheduled"
        PUBLISHING = "publishing", "Publishing"
        PUBLISHED = "published", "Published"
        PARTIALLY_FAILED = "partially_failed", "Partially failed"
        # A delivery's outcome is unknown and no lookup could settle it: a person checks.
        NEEDS_CHECK = "needs_check", "Needs a check"
        # A delivery waits for its account to be reconnected.
        WAITING_FOR_RECONNECT = "waiting_for_reconnect", "Waiting for reconnect"
        FAILED = "failed", "Failed"
        CANCELLED = "cancelled", "Cancelled"

    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="posts")
    caption = models.TextField(blank=True)
    # Null while the post is a draft.
    scheduled_at = models.DateTimeField(null=True, blank=True, db_index=True)
    media = models.ManyToManyField(Media, through="PostMedia", related_name="posts", blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["scheduled_at", "id"]
        indexes = [models.Index(fields=["owner", "scheduled_at"], name="post_owner_scheduled")]

    def __str__(self) -> str:
        return f"Post {self.pk}"


class PostMedia(models.Model):
    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="post_media")
    media = models.ForeignKey(Media, on_delete=models.CASCADE, related_name="post_media")
    position = models.PositiveSmallIntegerField()

    class Meta:
        ordering = ["position"]
        constraints = [
            models.UniqueConstraint(fields=["post", "position"], name="postmedia_unique_position"),
            models.UniqueConstraint(fields=["post", "media"], name="postmedia_unique_media"),
        ]

    def __str__(self) -> str:
        return f"{self.media} at {self.position}"


class Delivery(models.Model):
    """One post to one account. Moves pending -> queued -> publishing -> an end state."""

    class Status(models.TextChoices):
        PENDING = "pending", "Pending"
        QUEUED = "queued", "Queued"
        PUBLISHING = "publishing", "Publishing"
        PUBLISHED = "published", "Published"
        FAILED = "failed", "Failed"
        CANCELLED = "cancelled", "Cancelled"
        UNKNOWN = "unknown", "Unknown"
        # The account expired: nothing is sent until it is reconnected (or its window passes).
        WAITING_FOR_RECONNECT = "waiting_for_reconnect", "Waiting for reconnect"

    class Verification(models.TextChoices):
        """Whether the network shows the publication (or, for `unknown`, whether it went out)."""

        NONE = "", "Not checked"
        PENDING = "pending", "To be checked"
        VERIFIED = "verified", "Seen on the network"
        MISSING = "missing", "Not shown by the network"
        UNDECIDABLE = "undecidable", "Cannot be checked"

    ACTIVE = (Status.PENDING, Status.QUEUED, Status.PUBLISHING)
    ENDED = (Status.PUBLISHED, Status.FAILED, Status.CANCELLED, Status.UNKNOWN)

    # No index of its own: the (post, account) unique constraint's index leads with it.
    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="deliveries", db_index=False)
    # RESTRICT: an account with history is disconnected (revoked), never deleted
    # alone; deleting its owner still removes both.
    account = models.ForeignKey(SocialAccount, on_delete=models.RESTRICT, related_name="deliveries")
    # The account's network, copied at creation (an account never changes
    # network), so the dispatcher's per-network claim reads one table.
    network = models.CharField(max_length=16, editable=False)
    # Caption variant for this account; empty means the post's caption.
    caption = models.TextField(blank=True)
    # Per-network options validated at creation against the network's spec (a title, a visibility, ...).
    options = models.JSONField(default=dict, blank=True)
    status = models.CharField(max_length=24, choices=Status.choices, default=Status.PENDING)
    # When the next attempt is due: the scheduled time, then the retry time. Null for drafts.
    due_at = models.DateTimeField(null=True, blank=True)
    # Attempts since the schedule or the last manual retry (bounded by PUBLISH_MAX_ATTEMPTS).
    attempts = models.PositiveSmallIntegerField(default=0)
    queued_at = models.DateTimeField(null=True, blank=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    published_at = models.DateTimeField(null=True, blank=True)
    remote_id = models.CharField(max_length=255, blank=True)
    remote_url = models.URLField(max_length=1000, blank=True)
    last_error = models.TextField(blank=True)
    # What the network asked to keep between attempts (a media container still being
    # processed, say), handed back to it on the next attempt so nothing is made twice.
    network_state = models.JSONField(default=dict, blank=True)
    # Reading the publication back (posts.services.verification): due once the
    # network's `visible_after` has passed since `finished_at`.
    verification = models.CharField(max_length=16, choices=Verification.choices, default="", blank=True)
    verified_at = models.DateTimeField(null=True, blank=True)
    checked_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["id"]
        verbose_name_plural = "deliveries"
        constraints = [
            models.UniqueConstraint(fields=["post", "account"], name="delivery_unique_per_account"),
            models.CheckConstraint(
                condition=Q(
                    status__in=[
                        "pending",
                        "queued",
                        "publishing",
                        "published",
                        "failed",
                        "cancelled",
                        "unknown",
                        "waiting_for_reconnect",
                    ]
                ),
                name="delivery_status_valid",
            ),
            models.CheckConstraint(condition=~Q(network=""), name="delivery_network_named"),
            models.CheckConstraint(
                condition=~Q(status="queued") | Q(queued_at__isnull=False), name="delivery_queued_has_time"
            ),
            models.CheckConstraint(
                condition=~Q(status="publishing") | Q(started_at__isnull=False), name="delivery_publishing_has_start"
            ),
            models.CheckConstraint(
                condition=~Q(status="published") | Q(published_at__isnull=False),
                name="delivery_published_has_time",
            ),
            models.CheckConstraint(
                condition=~Q(status__in=["failed", "unknown"]) | ~Q(last_error=""),
                name="delivery_failure_has_reason",
            ),
        ]
        # Partial indexes: the dispatcher's claim (pending, by network and due
        # time; no join, so its plan stays right when a burst of new rows has
        # made the table's statistics stale), and the in-flight count and the
        # lost and stuck sweeps (queued, publishing). Each holds only the rows
        # in its status, so it stays small. A status change still adds an
        # entry to each full index (id, post and account), but of these only
        # to the one the row enters.
        indexes = [
            models.Index(fields=["network", "due_at"], condition=Q(status="pending"), name="delivery_pending_due"),
            models.Index(fields=["queued_at"], condition=Q(status="queued"), name="delivery_queued_since"),
            models.Index(fields=["started_at"], condition=Q(status="publishing"), name="delivery_publishing_since"),
            # The lateness sweep of paused deliveries, and the verification sweep.
            models.Index(fields=["due_at"], condition=Q(status="waiting_for_reconnect"), name="delivery_waiting_due"),
            models.Index(
                fields=["network", "finished_at"], condition=Q(verification="pending"), name="delivery_to_verify"
            ),
        ]

    def __str__(self) -> str:
        return f"Delivery {self.pk} ({self.status})"

    @property
    def text(self) -> str:
        return self.caption or self.post.caption


class DeliveryAttempt(models.Model):
    """One call to a publisher: when, and what came back. Written once, with the outcome."""

    class Outcome(models.TextChoices):
        PUBLISHED = "published", "Published"
        RETRY = "retry", "Will retry"
        FAILED = "failed", "Failed"
        AUTH = "auth", "Authorization failed"
        UNKNOWN = "unknown", "Outcome unknown"
        VERIFIED = "verified", "Seen on the network"
        MISSING = "missing", "Not on the network"

    delivery = models.ForeignKey(Delivery, on_delete=models.CASCADE, related_name="attempt_log")
    started_at = models.DateTimeField()
    # When the outcome was recorded (for a worker that died mid-call: when the reaper gave up).
    finished_at = models.DateTimeField()
    outcome = models.CharField(max_length=16, choices=Outcome.choices)
    error = models.TextField(blank=True)
    http_status = models.PositiveSmallIntegerField(null=True, blank=True)

    class Meta:
        ordering = ["started_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(outcome__in=["published", "retry", "failed", "auth", "unknown", "verified", "missing"]),
                name="attempt_outcome_valid",
            ),
            models.CheckConstraint(condition=Q(finished_at__gte=F("started_at")), name="attempt_ends_after_start"),
        ]

    def __str__(self) -> str:
        return f"Attempt {self.pk} on delivery {self.delivery_id}: {self.outcome}"


class NetworkAlert(models.Model):
    """A network that refuses every post for a reason only an operator can fix (a retired
    API version, the app's plan or credits). Shown in admin and on /healthz; it goes away
    when the network publishes again."""

    network = models.CharField(max_length=16, unique=True)
    message = models.TextField()
    first_seen_at = models.DateTimeField()
    last_seen_at = models.DateTimeField()
    # Deliveries that met it since it was first seen.
    occurrences = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["network"]

    def __str__(self) -> str:
        return f"{self.network}: {self.message[:60]}"
