"""The delivery state machine.

    pending -> queued -> publishing -> published | failed | unknown
       ^                     |
       +---- retryable ------+        pending/queued -> cancelled | failed (account, lateness)
    failed | unknown -> pending       (a person's explicit retry)

Every transition is a conditional UPDATE on the expected current status, so two
processes racing for the same delivery cannot both win; the loser sees 0 rows.
"""

import logging
import random
from datetime import datetime, timedelta

from django.conf import settings
from django.db import connection, transaction
from django.db.models import F, QuerySet
from django.utils import timezone

from accounts import services as account_services
from accounts.models import SocialAccount
from networks.publishing import PublishResult
from posts.changes import deliveries_changed, owners_changed
from posts.models import Delivery, DeliveryAttempt, NetworkAlert
from posts.signals import delivery_outcomes_committed
from socialtrend.errors import ConflictError

logger = logging.getLogger(__name__)

S = Delivery.Status
# Deliveries that have not reached a worker yet and can still be stopped.
NOT_STARTED = (S.PENDING, S.QUEUED)
# A success is recorded over `unknown` too: if the reaper gave up on a slow
# call that then succeeded, the truth wins.
RECORDABLE = (S.PUBLISHING, S.UNKNOWN)
# Columns a publish attempt never reads. Every timestamp costs a parse in
# Python, and a batch loads each delivery with its post and account; a
# test counts the queries of a batch, so a read of one of these (a query
# per delivery) would show.
NOT_READ_WHILE_PUBLISHING = (
    "due_at",
    "queued_at",
    "finished_at",
    "published_at",
    "remote_id",
    "remote_url",
    "last_error",
    "created_at",
    "updated_at",
    "post__scheduled_at",
    "post__created_at",
    "post__updated_at",
)


def deliveries_claim(
    deliveries: QuerySet[Delivery],
    *,
    expected: str,
    limit: int | None = None,
    skip_locked: bool = True,
    **changes,
) -> list[int]:
    """Apply `changes` to (at most `limit` of) those of `deliveries` still in the
    `expected` status, in the queryset's order; returns their ids.

    The rows are locked with `SELECT ... FOR UPDATE` where the database can
    (PostgreSQL) and one UPDATE moves them all. `skip_locked` suits claimers
    sharing a pool (dispatchers: each takes rows nobody holds). A claim of
    given ids must wait instead: a row is also held, briefly, by a dispatcher
    whose scan passed over it, and skipping it would strand it in `queued`.
    Waiters lock in the queryset's order (pass one by pk) so they cannot
    deadlock, and PostgreSQL re-checks the status after the wait.
    SQLite has no row locks, but its transactions here are IMMEDIATE (see
    settings): a transaction takes the database's write lock as it begins, so no
    other writer runs between the SELECT and the UPDATE. Either way, of two
    racing claimers one wins a row.
    """
    with transaction.atomic():
        candidates = deliveries.filter(status=expected).select_for_update(skip_locked=skip_locked, of=("self",))
        ids = list(candidates.values_list("pk", flat=True)[:limit])
        Delivery.objects.filter(pk__in=ids).update(**changes)
        deliveries_changed(ids)
        return ids


def deliveries_begin(*, delivery_ids: list[int]) -> list[Delivery]:
    """Claim queued deliveries for one publish attempt each, loaded with their account and post.

    Ids that another message already claimed (or that were cancelled) are left out.
    """
    now = timezone.now()
    claimed = deliveries_claim(
        Delivery.objects.filter(pk__in=delivery_ids).order_by("pk"),
        expected=S.QUEUED,
        skip_locked=False,
        status=S.PUBLISHING,
        started_at=now,
        attempts=F("attempts") + 1,
        updated_at=now,
    )
    return list(
        Delivery.objects.filter(pk__in=claimed).select_related("account", "post").defer(*NOT_READ_WHILE_PUBLISHING)
    )


def deliveries_mark_published(*, published: list[tuple[Delivery, PublishResult]]) -> list[Delivery]:
    """Record the successful calls of a batch at once (over `publishing` or `unknown`);
    returns the deliveries it moved. Every attempt is logged either way."""
    if not published:
        return []
    now = timezone.now()
    with transaction.atomic():
        DeliveryAttempt.objects.bulk_create(
            _attempt(delivery, DeliveryAttempt.Outcome.PUBLISHED, result.warning, result.http_status, now)
            for delivery, result in published
        )
        ids = set(
            Delivery.objects.filter(pk__in=[d.pk for d, _ in published], status__in=RECORDABLE)
            .select_for_update(of=("self",))
            .order_by("pk")
            .values_list("pk", flat=True)
        )
        moved = [(d, r) for d, r in published if d.pk in ids]
        _set_published([(d.pk, r.remote_id[:255], r.url[:1000], r.warning) for d, r in moved], now)
        # A network that publishes again is fixed: its alert, if any, goes.
        NetworkAlert.objects.filter(network__in={d.network for d, _ in moved}).delete()
        outcomes_announce([d for d, _ in moved])
    return [d for d, _ in moved]


def _set_published(rows: list[tuple[int, str, str, str]], now: datetime) -> None:
    """One UPDATE giving each row its own remote id, URL and warning (kept in `last_error`,
    where the user sees it; empty for a clean success).

    Raw SQL because the ORM's per-row form (Case/When, as in bulk_update)
    costs about a millisecond per row to build, more than the rest of a
    publication to the demo network. `UPDATE ... FROM` needs PostgreSQL or SQLite 3.33+.
    """
    if not rows:
        return
    table = connection.ops.quote_name(Delivery._meta.db_table)
    values = ", ".join(["(%s, %s, %s, %s)"] * len(rows))
    sql = (
        f"WITH published (id, remote_id, remote_url, warning) AS (VALUES {values}) "  # noqa: S608
        f"UPDATE {table} SET status = %s, remote_id = published.remote_id, remote_url = published.remote_url, "
        f"published_at = %s, finished_at = %s, last_error = published.warning, updated_at = %s "
        f"FROM published WHERE {table}.id = published.id AND {table}.status IN (%s, %s)"
    )
    stamp = connection.ops.adapt_datetimefield_value(now)  # as the ORM stores it (naive UTC on SQLite)
    with connection.cursor() as cursor:
        cursor.execute(sql, [*(v for row in rows for v in row), S.PUBLISHED, stamp, stamp, stamp, *RECORDABLE])


def delivery_mark_retryable(
    *, delivery: Delivery, error: str, retry_after: float | None, http_status: int | None, resume: dict | None = None
) -> str:
    """Schedule another attempt after max(Retry-After, backoff), or fail once attempts run out.
    `resume` is kept for the network's next attempt (`Delivery.network_state`).

    Returns the status the delivery moves to (`pending` or `failed`).
    """
    now = timezone.now()
    if delivery.attempts >= settings.PUBLISH_MAX_ATTEMPTS:
        reason = f"Gave up after {delivery.attempts} attempts: {error}"
        _end_attempt(delivery, S.FAILED, DeliveryAttempt.Outcome.FAILED, reason, http_status, now)
        return S.FAILED
    delay = max(retry_after or 0.0, backoff_seconds(delivery.attempts))
    with transaction.atomic():
        _log_attempt(delivery, DeliveryAttempt.Outcome.RETRY, error, http_status, now)
        updated = Delivery.objects.filter(pk=delivery.pk, status=S.PUBLISHING).update(
            status=S.PENDING,
            due_at=now + timedelta(seconds=delay),
            last_error=error,
            network_state=resume or {},
            updated_at=now,
        )
        owners_changed([delivery.post.owner_id])
    if not updated:
        logger.warning("delivery %s left publishing before its retry was scheduled", delivery.pk)
    return S.PENDING


def delivery_mark_failed(*, delivery: Delivery, error: str, http_status: int | None = None) -> bool:
    now = timezone.now()
    return _end_attempt(delivery, S.FAILED, DeliveryAttempt.Outcome.FAILED, error, http_status, now)


def delivery_mark_unknown(*, delivery: Delivery, error: str, http_status: int | None = None) -> bool:
    now = timezone.now()
    reason = f"The outcome is unknown ({error}); check the account before retrying."
    return _end_attempt(delivery, S.UNKNOWN, DeliveryAttempt.Outcome.UNKNOWN, reason, http_status, now)


def delivery_mark_auth_failed(*, delivery: Delivery, error: str, http_status: int | None = None) -> bool:
    """Fail this delivery and expire its account, which fails the account's other
    pending deliveries at once instead of letting each one hit the network."""
    now = timezone.now()
    account = delivery.account
    reason = f"{account} must be reconnected: {error}"
    with transaction.atomic():
        updated = _end_attempt(delivery, S.FAILED, DeliveryAttempt.Outcome.AUTH, reason, http_status, now)
        account_services.social_account_expire(account=account, reason=reason)
    return updated


def deliveries_fail_for_account(*, account: SocialAccount, reason: str) -> int:
    """Fail every delivery of the account that has not reached a worker yet.

    A queued delivery's task later finds nothing to claim, so nothing more is sent.
    """
    return deliveries_fail_not_started(Delivery.objects.filter(account=account), reason=reason)


def deliveries_fail_not_started(deliveries: QuerySet[Delivery], *, reason: str) -> int:
    """Fail those of `deliveries` still pending or queued, and announce each failure.

    The rows are locked first (in id order, so two callers cannot deadlock) and
    PostgreSQL re-checks their status after any wait, so exactly the rows that
    are failed here are announced.
    """
    now = timezone.now()
    with transaction.atomic():
        ending = list(
            deliveries.filter(status__in=NOT_STARTED)
            .select_for_update(of=("self",))
            .select_related("post")
            .order_by("pk")
        )
        Delivery.objects.filter(pk__in=[d.pk for d in ending]).update(
            status=S.FAILED, last_error=reason, finished_at=now, updated_at=now
        )
        outcomes_announce(ending)
    return len(ending)


def deliveries_cancel_for_account(*, account: SocialAccount, reason: str) -> int:
    return deliveries_cancel_not_started(Delivery.objects.filter(account=account), reason=reason)


def deliveries_cancel_not_started(deliveries: QuerySet[Delivery], *, reason: str) -> int:
    """Cancel those of `deliveries` still pending or queued; returns how many.

    The rows are locked in id order first, as the publish task's claim locks
    them, so a cancel racing a claim waits instead of deadlocking.
    """
    now = timezone.now()
    with transaction.atomic():
        ids = list(
            deliveries.filter(status__in=NOT_STARTED)
            .select_for_update(of=("self",))
            .order_by("pk")
            .values_list("pk", flat=True)
        )
        deliveries_changed(ids)
        return Delivery.objects.filter(pk__in=ids, status__in=NOT_STARTED).update(
            status=S.CANCELLED, last_error=reason, finished_at=now, updated_at=now
        )


def delivery_retry(*, delivery: Delivery) -> Delivery:
    """A person decided to try a failed or unknown delivery again, now."""
    if not delivery.account.is_active:
        raise ConflictError(f"{delivery.account} is {delivery.account.status}; reconnect it before retrying.")
    now = timezone.now()
    updated = Delivery.objects.filter(pk=delivery.pk, status__in=[S.FAILED, S.UNKNOWN]).update(
        status=S.PENDING, due_at=now, attempts=0, last_error="", finished_at=None, updated_at=now
    )
    if not updated:
        raise ConflictError("Only a failed or unknown delivery can be retried.")
    owners_changed([delivery.post.owner_id])
    delivery.refresh_from_db()
    return delivery


def delivery_cancel(*, delivery: Delivery, reason: str) -> bool:
    """Stop a delivery that has not reached a worker yet; False if it already had."""
    now = timezone.now()
    cancelled = Delivery.objects.filter(pk=delivery.pk, status__in=NOT_STARTED).update(
        status=S.CANCELLED, last_error=reason, finished_at=now, updated_at=now
    )
    owners_changed([delivery.post.owner_id] if cancelled else [])
    return bool(cancelled)


def delivery_mark_failed_by_person(*, delivery: Delivery, reason: str) -> bool:
    """Admin's decision on an `unknown` (or not yet started) delivery: it will not be published."""
    now = timezone.now()
    failed = Delivery.objects.filter(pk=delivery.pk, status__in=[*NOT_STARTED, S.UNKNOWN]).update(
        status=S.FAILED, last_error=reason, finished_at=now, updated_at=now
    )
    owners_changed([delivery.post.owner_id] if failed else [])
    return bool(failed)


def deliveries_reap_stuck(*, now: datetime | None = None) -> int:
    """Publishing for longer than PUBLISH_STUCK_TIMEOUT: the worker died mid-call.

    The network may or may not have published it, so it becomes `unknown` for
    a person to decide; it is never sent again on its own.
    """
    now = now or timezone.now()
    cutoff = now - timedelta(seconds=settings.PUBLISH_STUCK_TIMEOUT)
    reason = (
        f"No answer within {settings.PUBLISH_STUCK_TIMEOUT:.0f} s: the worker stopped during the call. "
        "It may or may not be published; check the account, then retry or mark it failed."
    )
    with transaction.atomic():
        stuck = list(
            Delivery.objects.select_for_update(skip_locked=True, of=("self",))
            .select_related("post")
            .filter(status=S.PUBLISHING, started_at__lt=cutoff)
            .order_by("started_at")  # the order of its partial index
        )
        Delivery.objects.filter(pk__in=[d.pk for d in stuck]).update(
            status=S.UNKNOWN, last_error=reason, finished_at=now, updated_at=now
        )
        # The dead worker never logged its attempt: log it, ending now, outcome unknown.
        DeliveryAttempt.objects.bulk_create(
            _attempt(d, DeliveryAttempt.Outcome.UNKNOWN, reason, None, now) for d in stuck
        )
        outcomes_announce(stuck)
    if stuck:
        logger.warning("reaped %d deliveries stuck in publishing: %s", len(stuck), [d.pk for d in stuck])
    return len(stuck)


def backoff_seconds(attempt: int) -> float:
    """Exponential backoff with jitter: half fixed, half random, so retries spread out."""
    ceiling = min(settings.PUBLISH_RETRY_MAX_SECONDS, settings.PUBLISH_RETRY_BASE_SECONDS * 2 ** (attempt - 1))
    return ceiling / 2 + random.uniform(0, ceiling / 2)  # noqa: S311 - jitter, not security


def _end_attempt(
    delivery: Delivery,
    status: str,
    outcome: str,
    reason: str,
    http_status: int | None,
    now: datetime,
) -> bool:
    with transaction.atomic():
        _log_attempt(delivery, outcome, reason, http_status, now)
        updated = Delivery.objects.filter(pk=delivery.pk, status=S.PUBLISHING).update(
            status=status, last_error=reason, finished_at=now, updated_at=now
        )
        if updated:
            outcomes_announce([delivery])
    if not updated:
        logger.warning("delivery %s left publishing before its outcome (%s) was recorded", delivery.pk, outcome)
    return bool(updated)


def _log_attempt(delivery: Delivery, outcome: str, error: str, http_status: int | None, now: datetime) -> None:
    _attempt(delivery, outcome, error, http_status, now).save()


def _attempt(delivery: Delivery, outcome: str, error: str, http_status: int | None, now: datetime) -> DeliveryAttempt:
    return DeliveryAttempt(
        delivery=delivery,
        started_at=delivery.started_at,
        finished_at=now,
        outcome=outcome,
        error=error,
        http_status=http_status,
    )


def outcomes_announce(changed: list[Delivery]) -> None:
    """Apps above (outgoing webhooks) hear about outcomes once they are committed, and
    the owners' polls see a change.

    The owners travel with the ids so that the common case, an owner with no
    webhooks, costs one indexed lookup and no re-read of the deliveries.
    """
    if changed:
        ids = [d.pk for d in changed]
        owner_ids = {d.post.owner_id for d in changed}
        owners_changed(owner_ids)
        transaction.on_commit(
            lambda: delivery_outcomes_committed.send(sender=Delivery, delivery_ids=ids, owner_ids=owner_ids)
        )


def network_alert_raise(*, network: str, message: str) -> None:
    """Tell operators that every post to `network` fails until they act (admin, /healthz, the log)."""
    now = timezone.now()
    logger.error("network %s refuses every post until an operator acts: %s", network, message)
    updated = NetworkAlert.objects.filter(network=network).update(
        message=message, last_seen_at=now, occurrences=F("occurrences") + 1
    )
    if not updated:
        NetworkAlert.objects.get_or_create(
            network=network, defaults={"message": message, "first_seen_at": now, "last_seen_at": now}
        )
