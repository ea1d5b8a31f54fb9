"""What the sandbox network "published": its own record, as a real network keeps its own.

Not unique per delivery on purpose: a duplicate publication shows up here as a
second row. The ids are plain numbers, not foreign keys, because a network
knows nothing of SocialTrend's tables (and a deleted post leaves the network's
record, as on a real network).
"""

from django.db import models


class SandboxPublication(models.Model):
    delivery_id = models.BigIntegerField(db_index=True)
    account_id = models.BigIntegerField()
    text = models.TextField(blank=True)
    media_count = models.PositiveSmallIntegerField(default=0)
    remote_id = models.CharField(max_length=64, unique=True)
    # When the publisher was called (before its simulated latency): the benchmark's lag.
    called_at = models.DateTimeField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return self.remote_id
