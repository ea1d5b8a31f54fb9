"""The dispatcher tick (celery beat, every PUBLISH_DISPATCH_INTERVAL seconds).

1. Deliveries due longer ago than the lateness window fail ("missed its window"),
   those waiting for their account's reconnect too.
2. Queued deliveries whose message never started are enqueued again (lost message).
3. Due deliveries are claimed, per network within its concurrency cap, moved to
   `queued`, and enqueued once the claim is committed.

The claim (`delivery_sql.deliveries_claim`) lets concurrent dispatchers take
disjoint rows. A publish message carries up to PUBLISH_MESSAGE_BATCH delivery
ids claimed together: Celery costs about a millisecond per message to send and
another to run, more than the rest of a publication to the demo network, so a burst of
thousands would be bound by the broker. Each delivery is still claimed on its
own terms (`queued -> publishing`), so a duplicate message publishes nothing.
"""

import logging
from collections import Counter
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import partial

from django.conf import settings
from django.db import transaction
from django.db.models import Count, QuerySet
from django.utils import timezone

import networks
from posts.models import Delivery
from posts.services import deliveries
from posts.services.delivery_sql import deliveries_claim

logger = logging.getLogger(__name__)

S = Delivery.Status
# Handed to a worker and not ended: what counts against a network's concurrency cap.
IN_FLIGHT = (S.QUEUED, S.PUBLISHING)


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


def _pending() -> QuerySet[Delivery]:
    """Pending deliveries of every network. Naming each network lets the
    (network, due_at) partial index serve a range of due times: one descent per network."""
    return Delivery.objects.filter(status=S.PENDING, network__in=networks.publishing_names())


def _fail_missed(now: datetime) -> int:
    waiting = Delivery.objects.filter(status=S.WAITING_FOR_RECONNECT)
    return deliveries.deliveries_fail_missed(_pending(), now=now) + deliveries.deliveries_fail_missed_while_waiting(
        waiting, now=now
    )


def _requeue_lost(now: datetime) -> int:
    cutoff = now - timedelta(seconds=settings.PUBLISH_QUEUED_TIMEOUT)
    lost = Delivery.objects.filter(status=S.QUEUED, queued_at__lt=cutoff).order_by("queued_at")
    requeued = deliveries_claim(lost, move="requeue", queued_at=now, updated_at=now)
    _enqueue_on_commit(requeued)
    if requeued:
        logger.warning("re-enqueued %d deliveries whose message was lost: %s", len(requeued), requeued)
    return len(requeued)


def _claim_limits(now: datetime) -> dict[str, int]:
    """How many due deliveries each network may take this tick (its cap minus those in flight)."""
    due = set(
        _pending()
        .filter(due_at__lte=now)
        .values_list("network", flat=True)
        .order_by()  # the model's ordering by id would make every row distinct
        .distinct()
    )
    if not due:
        return {}
    in_flight = Counter()
    for status in IN_FLIGHT:  # one query per status: each is served by its partial index
        counts = Delivery.objects.filter(status=status, network__in=due).values_list("network").annotate(n=Count("pk"))
        in_flight.update(dict(counts.order_by()))
    caps = settings.PUBLISH_CONCURRENCY
    limits = {net: min(settings.PUBLISH_DISPATCH_BATCH, caps.get(net, 1) - in_flight[net]) for net in due}
    return {net: limit for net, limit in limits.items() if limit > 0}


def _claim(network: str, limit: int, now: datetime) -> int:
    due = Delivery.objects.filter(status=S.PENDING, network=network, due_at__lte=now).order_by("due_at")
    claimed = deliveries_claim(due, move="claim", limit=limit, queued_at=now, updated_at=now)
    _enqueue_on_commit(claimed)
    return len(claimed)


def _enqueue_on_commit(ids: list[int]) -> None:
    """Send once the claim is committed, so a worker never receives an id it cannot claim yet."""
    if ids:
        transaction.on_commit(partial(_enqueue, ids))


def _enqueue(ids: list[int]) -> None:
    """Publish messages of up to PUBLISH_MESSAGE_BATCH ids, through one broker connection."""
    from posts.tasks import publish_deliveries  # tasks import the services they wrap

    size = settings.PUBLISH_MESSAGE_BATCH
    with publish_deliveries.app.producer_or_acquire() as producer:
        for start in range(0, len(ids), size):
            publish_deliveries.apply_async((ids[start : start + size],), producer=producer)
