"""The dispatcher tick (celery beat, every PUBLISH_DISPATCH_INTERVAL seconds).

1. Deliveries due longer ago than the lateness window fail ("missed its window").
2. Queued deliveries whose message never started are enqueued again (lost message).
3. Due deliveries are claimed, per network within its concurrency cap, moved to
   `queued`, and one publish task each is enqueued once the claim is committed.

The claim is `SELECT ... FOR UPDATE SKIP LOCKED` where the database has it
(PostgreSQL), so concurrent dispatchers take disjoint rows; elsewhere (SQLite,
whose writers are serialized) a conditional UPDATE per row, checking its count.
"""

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import partial

from django.conf import settings
from django.db import connection, transaction
from django.db.models import Count
from django.utils import timezone

from posts.models import Delivery
from posts.services import deliveries

logger = logging.getLogger(__name__)

S = Delivery.Status


@dataclass(frozen=True)
class DispatchReport:
    claimed: int = 0
    requeued: int = 0
    missed: int = 0


def dispatch_due(*, now: datetime | None = None) -> DispatchReport:
    now = now or timezone.now()
    report = DispatchReport(
        missed=_fail_missed(now),
        requeued=_requeue_lost(now),
        claimed=sum(_claim(network, limit, now) for network, limit in _claim_limits(now).items()),
    )
    if report != DispatchReport():
        logger.info("dispatch: %s", report)
    return report


def _fail_missed(now: datetime) -> int:
    window = settings.PUBLISH_LATENESS_WINDOW
    reason = (
        f"Missed its window: it was still waiting more than {window:.0f} s after its time "
        "(the system was down or overloaded). Retry it to publish now."
    )
    late = Delivery.objects.filter(status=S.PENDING, due_at__lt=now - timedelta(seconds=window))
    return deliveries.deliveries_fail_not_started(late, reason=reason)


def _requeue_lost(now: datetime) -> int:
    cutoff = now - timedelta(seconds=settings.PUBLISH_QUEUED_TIMEOUT)
    with transaction.atomic():
        ids = _lock_ids(Delivery.objects.filter(status=S.QUEUED, queued_at__lt=cutoff).order_by("queued_at"))
        requeued = [pk for pk in ids if _transition(pk, S.QUEUED, now)]
        _enqueue_on_commit(requeued)
    if requeued:
        logger.warning("re-enqueued %d deliveries whose message was lost: %s", len(requeued), requeued)
    return len(requeued)


def _claim_limits(now: datetime) -> dict[str, int]:
    """How many due deliveries each network may take this tick (its cap minus those in flight)."""
    due = set(
        Delivery.objects.filter(status=S.PENDING, due_at__lte=now).values_list("account__network", flat=True).distinct()
    )
    if not due:
        return {}
    in_flight = dict(
        Delivery.objects.filter(status__in=[S.QUEUED, S.PUBLISHING], account__network__in=due)
        .values_list("account__network")
        .annotate(n=Count("pk"))
        .order_by()
    )
    caps = settings.PUBLISH_CONCURRENCY
    limits = {net: min(settings.PUBLISH_DISPATCH_BATCH, caps.get(net, 1) - in_flight.get(net, 0)) for net in due}
    return {net: limit for net, limit in limits.items() if limit > 0}


def _claim(network: str, limit: int, now: datetime) -> int:
    due = Delivery.objects.filter(status=S.PENDING, due_at__lte=now, account__network=network).order_by("due_at")
    with transaction.atomic():
        ids = _lock_ids(due[:limit])
        if connection.features.has_select_for_update_skip_locked:
            # The rows are locked by us: one UPDATE moves them all.
            Delivery.objects.filter(pk__in=ids).update(status=S.QUEUED, queued_at=now, updated_at=now)
            claimed = ids
        else:
            claimed = [pk for pk in ids if _transition(pk, S.PENDING, now)]
        _enqueue_on_commit(claimed)
    return len(claimed)


def _lock_ids(queryset) -> list[int]:
    return list(queryset.select_for_update(skip_locked=True, of=("self",)).values_list("pk", flat=True))


def _transition(pk: int, expected: str, now: datetime) -> bool:
    return Delivery.objects.filter(pk=pk, status=expected).update(status=S.QUEUED, queued_at=now, updated_at=now) == 1


def _enqueue_on_commit(ids: list[int]) -> None:
    if ids:
        transaction.on_commit(partial(_enqueue, ids))


def _enqueue(ids: list[int]) -> None:
    """One publish message per delivery, sent through one broker connection for the batch."""
    from posts.tasks import publish_delivery  # tasks import the services they wrap

    with publish_delivery.app.producer_or_acquire() as producer:
        for pk in ids:
            publish_delivery.apply_async((pk,), producer=producer)
