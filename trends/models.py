"""Trend items seen at the sources, their scored history, and each refresh's outcome."""

from django.conf import settings
from django.db import models
from django.db.models.functions import Lower

from trends.sources import source_label

SCORE_RANGE = models.Q(score__gte=0) & models.Q(score__lte=100)


class TrendItem(models.Model):
    """One trend as a source names it: a search, a post, a tracked keyword.

    `latest_score` repeats the newest snapshot's score so that lists filter and
    sort on an indexed column instead of a subquery per row.
    """

    # A trend source's name: a network of the registry that has one.
    source = models.CharField(max_length=16)
    key = models.CharField(max_length=255, help_text="The source's own identifier for this trend.")
    title = models.CharField(max_length=300)
    url = models.URLField(max_length=1000, blank=True)
    region = models.CharField(max_length=16, blank=True, default="", help_text="Country code; empty means global.")
    category = models.CharField(max_length=100, blank=True)
    first_seen_at = models.DateTimeField()
    last_seen_at = models.DateTimeField()
    latest_score = models.FloatField(default=0)
    # Set when a moderator hides the item: it leaves every list, search and caption
    # grounding; refreshes keep it hidden.
    hidden_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-latest_score", "-last_seen_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["source", "key", "region"], name="trenditem_unique_per_source_region"),
            models.CheckConstraint(condition=~models.Q(source=""), name="trenditem_source_named"),
            models.CheckConstraint(
                condition=models.Q(latest_score__gte=0, latest_score__lte=100), name="trenditem_score_range"
            ),
        ]
        indexes = [
            models.Index(fields=["-latest_score", "-last_seen_at"], name="trenditem_by_score"),
            models.Index(fields=["source", "region"], name="trenditem_source_region"),
            models.Index(fields=["last_seen_at"], name="trenditem_last_seen"),
        ]

    def __str__(self) -> str:
        return f"{source_label(self.source)}: {self.title}"


class TrendSnapshot(models.Model):
    """One observation of an item: the source's raw numbers and the score they earned."""

    item = models.ForeignKey(TrendItem, on_delete=models.CASCADE, related_name="snapshots")
    captured_at = models.DateTimeField()
    value = models.FloatField(help_text="The source's main magnitude (traffic, engagement, posts, interest).")
    rank = models.PositiveIntegerField(help_text="Position within its source and region at that time, 1 = top.")
    score = models.FloatField()
    metrics = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["captured_at"]
        constraints = [
            models.UniqueConstraint(fields=["item", "captured_at"], name="trendsnapshot_one_per_item_time"),
            models.CheckConstraint(condition=SCORE_RANGE, name="trendsnapshot_score_range"),
        ]
        indexes = [models.Index(fields=["captured_at"], name="trendsnapshot_captured")]

    def __str__(self) -> str:
        return f"{self.item_id} @ {self.captured_at:%Y-%m-%d %H:%M} = {self.score}"


class RunStatus(models.TextChoices):
    RUNNING = "running", "Running"
    SUCCESS = "success", "Success"
    PARTIAL = "partial", "Partial (some parts failed)"
    FAILED = "failed", "Failed"


class SourceRun(models.Model):
    """One refresh of one source: what it stored, how long it took, what went wrong."""

    # A trend source's name: a network of the registry that has one.
    source = models.CharField(max_length=16)
    status = models.CharField(max_length=16, choices=RunStatus.choices, default=RunStatus.RUNNING)
    started_at = models.DateTimeField()
    finished_at = models.DateTimeField(null=True, blank=True)
    duration_ms = models.PositiveIntegerField(null=True, blank=True)
    items = models.PositiveIntegerField(default=0)
    error = models.TextField(blank=True)
    retry_after = models.DateTimeField(
        null=True, blank=True, help_text="Set after a 429: the source is skipped until then."
    )

    class Meta:
        ordering = ["-started_at", "-id"]
        constraints = [
            models.CheckConstraint(condition=~models.Q(source=""), name="sourcerun_source_named"),
            models.CheckConstraint(condition=models.Q(status__in=RunStatus.values), name="sourcerun_status_valid"),
        ]
        indexes = [models.Index(fields=["source", "-started_at"], name="sourcerun_latest")]

    def __str__(self) -> str:
        return f"{self.source} {self.status} at {self.started_at:%Y-%m-%d %H:%M:%S}"


class WatchKeyword(models.Model):
    """A keyword a user wants followed; every keyword-tracking source records its interest."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="watch_keywords")
    keyword = models.CharField(max_length=100, help_text="Stored lower-case with single spaces.")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["keyword"]
        constraints = [
            models.UniqueConstraint("user", Lower("keyword"), name="watchkeyword_unique_per_user"),
        ]

    def __str__(self) -> str:
        return self.keyword
