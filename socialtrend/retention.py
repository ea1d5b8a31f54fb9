"""Retention: records that only grow (webhook events and their attempts, caption
history) are deleted once older than their kind's number of days.

Each app prunes its own records, in its services; its app config says so by
defining `retention_prune(*, older_than_days: int | None) -> dict[str, int]`
(None: the app's own retention setting; the answer counts what was deleted,
per kind). The core calls every app that has one, without importing any (as
/healthz gathers warnings), from the daily beat task `socialtrend.prune` and
from `manage.py prune`.
"""

from collections import Counter
from datetime import datetime, timedelta

from django.apps import apps
from django.db.models import Model, QuerySet
from django.utils import timezone

BATCH = 1000


def prune_all(*, older_than_days: int | None = None) -> dict[str, int]:
    deleted: dict[str, int] = {}
    for config in apps.get_app_configs():
        if hasattr(config, "retention_prune"):
            deleted.update(config.retention_prune(older_than_days=older_than_days))
    return deleted


def cutoff(days: int) -> datetime:
    return timezone.now() - timedelta(days=days)


def delete_in_batches(queryset: QuerySet[Model], *, batch: int = BATCH) -> Counter[str]:
    """Delete what `queryset` selects, `batch` rows (and what cascades from them) at a
    time, so that neither memory nor one transaction grows with the table.
    Returns the rows deleted per model label (`webhooks.WebhookAttempt`)."""
    deleted: Counter[str] = Counter()
    model = queryset.model
    while True:
        ids = list(queryset.values_list("pk", flat=True)[:batch])
        if not ids:
            return deleted
        _, per_model = model._default_manager.filter(pk__in=ids).delete()
        deleted.update(per_model)
