"""Weekly posting slots per account, the queue of posts placed in them, and recurring posts.

A slot is a local wall time on a weekday in the owner's timezone (09:00 stays
09:00 across daylight-saving changes). A queued post is an ordinary post: the
queue only chose its time, so the publishing pipeline treats it like any other.
"""

from django.conf import settings
from django.db import models

from accounts.models import SocialAccount
from posts.models import Post


class PostingSlot(models.Model):
    class Weekday(models.IntegerChoices):
        MONDAY = 0
        TUESDAY = 1
        WEDNESDAY = 2
        THURSDAY = 3
        FRIDAY = 4
        SATURDAY = 5
        SUNDAY = 6

    account = models.ForeignKey(SocialAccount, on_delete=models.CASCADE, related_name="posting_slots")
    weekday = models.PositiveSmallIntegerField(choices=Weekday.choices)
    time = models.TimeField(help_text="Local wall time in the owner's timezone.")

    class Meta:
        ordering = ["account", "weekday", "time"]
        constraints = [
            models.UniqueConstraint(fields=["account", "weekday", "time"], name="postingslot_unique"),
            models.CheckConstraint(condition=models.Q(weekday__lte=6), name="postingslot_weekday_valid"),
        ]

    def __str__(self) -> str:
        return f"{self.get_weekday_display()} {self.time:%H:%M}"


class AccountQueue(models.Model):
    """An account's queue settings. Absent until the person changes something: the
    network's default slots apply until then."""

    account = models.OneToOneField(SocialAccount, on_delete=models.CASCADE, related_name="queue")
    # True once the person saved slots: from then on only the stored rows count (none means none).
    slots_saved = models.BooleanField(default=False)
    paused_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"Queue of {self.account}"

    @property
    def paused(self) -> bool:
        return self.paused_at is not None


class QueueEntry(models.Model):
    """A post placed by the queue. While a queue is paused its posts wait without a
    time; `order_at` keeps their order (the last slot time they held) for the resume."""

    post = models.OneToOneField(Post, on_delete=models.CASCADE, related_name="queue_entry")
    order_at = models.DateTimeField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["order_at", "id"]
        verbose_name_plural = "queue entries"

    def __str__(self) -> str:
        return f"{self.post} in the queue"


class Series(models.Model):
    """A post that repeats: an RFC 5545 rule on local wall times, and the content each occurrence copies.

    Each occurrence is its own post (its own deliveries, editable or cancelled alone), created
    ahead for a horizon by a beat task; `Occurrence` remembers every time already made, so a
    cancelled or deleted occurrence is never made again.
    """

    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="series")
    # e.g. "FREQ=WEEKLY;BYDAY=MO,WE;COUNT=10": no DTSTART (that is `starts_at`), no frequency under a day.
    rule = models.TextField()
    starts_at = models.DateTimeField(help_text="The first occurrence; the rule's wall times follow it.")
    timezone = models.CharField(max_length=64, help_text="Where the rule's wall times are read.")
    caption = models.TextField(blank=True)
    account_ids = models.JSONField(default=list)
    media_ids = models.JSONField(default=list, blank=True)
    variants = models.JSONField(default=dict, blank=True)
    options = models.JSONField(default=dict, blank=True)
    ended_at = models.DateTimeField(null=True, blank=True)
    # Why the last extension could not make an occurrence (an account disconnected, say).
    last_error = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name_plural = "series"

    def __str__(self) -> str:
        return f"Series {self.pk}: {self.rule}"


class Occurrence(models.Model):
    series = models.ForeignKey(Series, on_delete=models.CASCADE, related_name="occurrences")
    # Null once the person deleted that occurrence's post: the time stays taken.
    post = models.OneToOneField(Post, null=True, on_delete=models.SET_NULL, related_name="occurrence")
    at = models.DateTimeField()

    class Meta:
        ordering = ["at"]
        constraints = [models.UniqueConstraint(fields=["series", "at"], name="occurrence_unique_time")]

    def __str__(self) -> str:
        return f"{self.series} at {self.at:%Y-%m-%d %H:%M}"
