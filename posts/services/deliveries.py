"""The delivery state machine's entry points: each a named move of `transitions.TRANSITIONS`.

The table and the one function that moves deliveries are in `transitions`; the
publishing hot path's SQL (claims, a batch's successes) is in `delivery_sql`.
"""

import logging
import random
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import DateTimeField, F, OuterRef, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce, Greatest
from django.utils import timezone

from accounts import services as account_services
from accounts.models import SocialAccount
from networks.publishing import PublishResult
from posts.models import Delivery, DeliveryAttempt, NetworkAlert, Post
from posts.services.delivery_sql import deliveries_claim, deliveries_set_published
from posts.services.transitions import (
    TRANSITIONS,
    WAITING,
    attempt_row,
    deliveries_move,
    delivery_move,
    outcomes_announce,
)
from socialtrend.errors import ApplicationError, ConflictError

logger = logging.getLogger(__name__)

S = Delivery.Status
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
    "verification",
    "verified_at",
    "checked_at",
    "created_at",
    "updated_at",
    "post__scheduled_at",
    "post__created_at",
    "post__updated_at",
)
UNKNOWN_RETRY_WARNING = (
    "The outcome of this delivery is unknown: it may already be live, and retrying may publish it twice. "
    "Check the account, then retry with confirm to send it again."
)


# --- The publish task ---------------------------------------------------------------


def deliveries_begin(*, delivery_ids: list[int]) -> list[Delivery]:
    """Claim queued deliveries for one publish attempt each, loaded with their account and post.

    Ids that another message already claimed (or that were cancelled) are left out.
    """
    now = timezone.now()
    claimed = deliveries_claim(
        Delivery.objects.filter(pk__in=delivery_ids).order_by("pk"),
        move="begin",
        skip_locked=False,
        started_at=now,
        attempts=F("attempts") + 1,
        updated_at=now,
    )
    return list(
        Delivery.objects.filter(pk__in=claimed).select_related("account", "post").defer(*NOT_READ_WHILE_PUBLISHING)
    )


def deliveries_mark_published(*, published: list[tuple[Delivery, PublishResult]]) -> list[Delivery]:
    """Record the successful calls of a batch at once (the "publish" move); returns the
    deliveries it moved. Every attempt is logged either way."""
    if not published:
        return []
    now = timezone.now()
    transition = TRANSITIONS["publish"]
    with transaction.atomic():
        DeliveryAttempt.objects.bulk_create(
            attempt_row(delivery, transition.attempt, result.warning, result.http_status, now)
            for delivery, result in published
        )
        ids = set(
            Delivery.objects.filter(pk__in=[d.pk for d, _ in published], status__in=transition.sources)
            .select_for_update(of=("self",))
            .order_by("pk")
            .values_list("pk", flat=True)
        )
        moved = [(d, r) for d, r in published if d.pk in ids]
        deliveries_set_published([(d.pk, r.remote_id[:255], r.url[:1000], r.warning) for d, r in moved], now)
        # A network that publishes again is fixed: its alert, if any, goes.
        NetworkAlert.objects.filter(network__in={d.network for d, _ in moved}).delete()
        outcomes_announce([d for d, _ in moved])
    return [d for d, _ in moved]


def delivery_mark_retryable(
    *, delivery: Delivery, error: str, retry_after: float | None, http_status: int | None, resume: dict | None = None
) -> str:
    """Schedule another attempt after max(Retry-After, backoff), or fail once attempts run out.
    `resume` is kept for the network's next attempt (`Delivery.network_state`).

    Returns the status the delivery moves to (`pending` or `failed`).
    """
    if delivery.attempts >= settings.PUBLISH_MAX_ATTEMPTS:
        delivery_mark_failed(
            delivery=delivery, error=f"Gave up after {delivery.attempts} attempts: {error}", http_status=http_status
        )
        return S.FAILED
    now = timezone.now()
    delay = max(retry_after or 0.0, backoff_seconds(delivery.attempts))
    _call_outcome(
        "retry_later",
        delivery,
        error,
        http_status,
        now=now,
        due_at=now + timedelta(seconds=delay),
        network_state=resume or {},
    )
    return S.PENDING


def delivery_mark_failed(*, delivery: Delivery, error: str, http_status: int | None = None) -> bool:
    return _call_outcome("fail", delivery, error, http_status)


def delivery_mark_unknown(*, delivery: Delivery, error: str, http_status: int | None = None) -> bool:
    """The call may or may not have published: the verification sweep asks the network."""
    reason = f"The outcome is unknown ({error}); checking with the network."
    return _call_outcome("lose", delivery, reason, http_status, verification=Delivery.Verification.PENDING)


def delivery_mark_auth_failed(*, delivery: Delivery, error: str, http_status: int | None = None) -> bool:
    """The network refused the account's credentials, so nothing went out: this delivery waits
    for a reconnect, and the account expires, which pauses its other deliveries too
    instead of letting each one hit the network."""
    account = delivery.account
    reason = f"{account} must be reconnected: {error}"
    with transaction.atomic():
        moved = _call_outcome("refuse_account", delivery, reason, http_status)
        account_services.social_account_expire(account=account, reason=reason)
    return moved


def delivery_hold(*, delivery: Delivery) -> str:
    """Claimed for an account that is no longer active: no call is made. An expired
    account's delivery waits for the reconnect; a revoked one's fails. Returns its status."""
    account = delivery.account
    reason = account.status_reason or f"{account} is {account.status}; reconnect it."
    if account.status == SocialAccount.Status.EXPIRED:
        delivery_move("hold", delivery, reason=reason)
        return WAITING
    delivery_move("fail", delivery, reason=reason)
    return S.FAILED


def _call_outcome(name: str, delivery: Delivery, error: str, http_status: int | None, **fields) -> bool:
    moved = delivery_move(name, delivery, reason=error, calls=[delivery], http_status=http_status, **fields)
    if not moved:
        logger.warning("delivery %s left publishing before its outcome (%s) was recorded", delivery.pk, name)
    return moved


# --- What accounts announce -----------------------------------------------------------


def deliveries_pause_for_account(*, account: SocialAccount, reason: str) -> int:
    """An expired account's deliveries that have not reached a worker wait for its reconnect.

    A queued delivery's task later finds nothing to claim, so nothing more is sent.
    """
    return len(deliveries_move("pause", Delivery.objects.filter(account=account), reason=reason))


def deliveries_resume_for_account(*, account: SocialAccount, now: datetime | None = None) -> int:
    """The account is back: its waiting deliveries still inside their window go out at their
    time (at once if that time has passed); those past it ask the person. Returns how many resumed."""
    now = now or timezone.now()
    waiting = Delivery.objects.filter(account=account, status=WAITING)
    deliveries_fail_missed_while_waiting(waiting, now=now)
    return len(deliveries_move("resume", waiting, now=now, reason=""))


def deliveries_cancel_for_account(*, account: SocialAccount, reason: str) -> int:
    return deliveries_cancel_not_started(Delivery.objects.filter(account=account), reason=reason)


# --- The dispatcher's lateness window ---------------------------------------------------


def deliveries_fail_missed(deliveries: QuerySet[Delivery], *, now: datetime) -> int:
    """Pending or queued past the lateness window: the system was down or overloaded."""
    window = settings.PUBLISH_LATENESS_WINDOW
    reason = (
        f"Missed its window: it was still waiting more than {window:.0f} s after its time "
        "(the system was down or overloaded). Publish it now, reschedule it or cancel it."
    )
    late = deliveries.filter(due_at__lt=now - timedelta(seconds=window))
    return len(deliveries_move("miss_window", late, reason=reason, now=now))


def deliveries_fail_missed_while_waiting(deliveries: QuerySet[Delivery], *, now: datetime) -> int:
    """Waiting for a reconnect past the lateness window: the person decides what it is now worth."""
    window = settings.PUBLISH_LATENESS_WINDOW
    reason = (
        f"Its account was still disconnected {window:.0f} s after its time, so it was not published. "
        "Publish it now, reschedule it or cancel it."
    )
    late = deliveries.filter(status=WAITING, due_at__lt=now - timedelta(seconds=window))
    return len(deliveries_move("miss_window", late, reason=reason, now=now))


# --- A person's decisions ----------------------------------------------------------------


@dataclass
class RetryReport:
    """What a (bulk) retry did, counted truthfully."""

    retried: list[int] = field(default_factory=list)
    # Unknown outcomes left alone because the person did not confirm a possible second publication.
    needs_confirm: list[int] = field(default_factory=list)
    # Their account is expired or disconnected.
    account_inactive: list[int] = field(default_factory=list)
    # Not failed or unknown (already back in line, published, cancelled...).
    not_retryable: list[int] = field(default_factory=list)


def deliveries_retry(
    deliveries: QuerySet[Delivery], *, publish_now: bool = False, at: datetime | None = None, confirm: bool = False
) -> RetryReport:
    """Put failed (and, with `confirm`, unknown) deliveries back in line.

    They go out at their post's scheduled time, or now if it has passed: a
    retry never publishes early. `publish_now` sends them at once; `at`
    reschedules them.
    """
    now = timezone.now()
    if at is not None and at < now:
        raise ApplicationError("Choose a time in the future.", field="at")
    report = RetryReport()
    with transaction.atomic():
        rows = list(deliveries.select_related("account").order_by("pk"))
        for delivery in rows:
            if delivery.status not in TRANSITIONS["retry"].sources:
                report.not_retryable.append(delivery.pk)
            elif not delivery.account.is_active:
                report.account_inactive.append(delivery.pk)
            elif delivery.status == S.UNKNOWN and not confirm:
                report.needs_confirm.append(delivery.pk)
        skipped = {*report.not_retryable, *report.account_inactive, *report.needs_confirm}
        eligible = Delivery.objects.filter(pk__in=[d.pk for d in rows if d.pk not in skipped])
        moved = deliveries_move(
            "retry",
            eligible,
            now=now,
            reason="",
            due_at=now if publish_now else (at or _scheduled_or_now(now)),
            attempts=0,
            finished_at=None,
            verification=Delivery.Verification.NONE,
            checked_at=None,
            network_state={},
        )
        report.retried = [d.pk for d in moved]
        report.not_retryable += sorted(set(eligible.values_list("pk", flat=True)) - set(report.retried))
    return report


def delivery_retry(
    *, delivery: Delivery, publish_now: bool = False, at: datetime | None = None, confirm: bool = False
) -> Delivery:
    """A person's retry of one delivery; a 409 says why when it cannot be retried."""
    report = deliveries_retry(Delivery.objects.filter(pk=delivery.pk), publish_now=publish_now, at=at, confirm=confirm)
    if report.account_inactive:
        raise ConflictError(f"{delivery.account} is {delivery.account.status}; reconnect it before retrying.")
    if report.needs_confirm:
        raise ConflictError(UNKNOWN_RETRY_WARNING, field="confirm")
    if report.not_retryable:
        raise ConflictError("Only a failed or unknown delivery can be retried.")
    delivery.refresh_from_db()
    return delivery


def _scheduled_or_now(now: datetime) -> Coalesce:
    """max(now, the post's scheduled time), in the UPDATE itself."""
    scheduled = Subquery(Post.objects.filter(pk=OuterRef("post_id")).values("scheduled_at")[:1])
    stamp = Value(now, output_field=DateTimeField())
    return Coalesce(Greatest(scheduled, stamp), stamp)


def deliveries_cancel_not_started(deliveries: QuerySet[Delivery], *, reason: str) -> int:
    """Cancel those of `deliveries` not yet handed to a worker (or waiting for a reconnect)."""
    return len(deliveries_move("cancel", deliveries, reason=reason))


def delivery_cancel(*, delivery: Delivery, reason: str) -> bool:
    """Stop a delivery that has not reached a worker yet, or set aside a failed or unknown
    one (the person decided it will not go out); False if it can be neither."""
    return delivery_move("cancel", delivery, reason=reason) or delivery_move("dismiss", delivery, reason=reason)


def delivery_mark_failed_by_person(*, delivery: Delivery, reason: str) -> bool:
    """Admin's decision on an `unknown` (or not yet started) delivery: it will not be published."""
    return delivery_move("give_up", delivery, reason=reason, verification=Delivery.Verification.NONE)


# --- The reaper ---------------------------------------------------------------------------


def deliveries_reap_stuck(*, now: datetime | None = None) -> int:
    """Publishing for longer than PUBLISH_STUCK_TIMEOUT: the worker died mid-call.

    The network may or may not have published it, so it becomes `unknown`, for the
    verification sweep to ask the network and, failing that, for a person to
    decide; it is never sent again on its own.
    """
    now = now or timezone.now()
    cutoff = now - timedelta(seconds=settings.PUBLISH_STUCK_TIMEOUT)
    reason = (
        f"No answer within {settings.PUBLISH_STUCK_TIMEOUT:.0f} s: the worker stopped during the call. "
        "It may or may not be published; checking with the network."
    )
    stuck = Delivery.objects.filter(status=S.PUBLISHING, started_at__lt=cutoff)
    # The dead worker never logged its attempt: the move logs it, ending now, outcome unknown.
    reaped = deliveries_move(
        "reap", stuck, reason=reason, now=now, skip_locked=True, verification=Delivery.Verification.PENDING
    )
    if reaped:
        logger.warning("reaped %d deliveries stuck in publishing: %s", len(reaped), [d.pk for d in reaped])
    return len(reaped)


def backoff_seconds(attempt: int) -> float:
    """Exponential backoff with jitter: half fixed, half random, so retries spread out."""
    ceiling = min(settings.PUBLISH_RETRY_MAX_SECONDS, settings.PUBLISH_RETRY_BASE_SECONDS * 2 ** (attempt - 1))
    return ceiling / 2 + random.uniform(0, ceiling / 2)  # noqa: S311 - jitter, not security


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
