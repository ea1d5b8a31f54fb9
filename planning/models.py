"""Weekly posting slots per account, and the queue of posts placed in them.

A slot is a local wall time on a weekday in the owner's timezone (09:00 stays
09:00 across daylight-saving changes). A queued post is an ordinary post: the
queue only chose its time, so the publishing pipeline treats it like any other.
"""

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
