"""Publish attempts for a batch of deliveries: claim them, call their networks, record what happened.

Each delivery is claimed on its own terms (`queued -> publishing`), so a
duplicate message finds nothing to claim. The network calls of a batch run at
the same time on this process's call threads (PUBLISH_CALL_THREADS): a batch
takes as long as its slowest call, not the sum, and a slow network holds no
lock and no transaction. Successful calls are recorded together; the rarer
errors one by one, each with its attempt.

A worker that dies mid-call records nothing; the reaper logs that attempt as
`unknown`.
"""

import logging
import threading
import time
from concurrent.futures import Future, ThreadPoolExecutor
from concurrent.futures import wait as wait_for
from pathlib import Path

from django.conf import settings
from django.db import close_old_connections
from django.utils import timezone

from posts.media_links import media_link_url
from posts.models import Delivery
from posts.publishers import get_publisher
from posts.publishers.base import (
    AuthError,
    MediaFile,
    OutcomeUnknownError,
    PublishError,
    PublishRequest,
    PublishResult,
    RetryableError,
)
from posts.services import deliveries

logger = logging.getLogger(__name__)

S = Delivery.Status
# Calls still running this many seconds before the task's soft time limit end `unknown`.
TIME_LIMIT_MARGIN = 5.0

_call_threads: tuple[int, ThreadPoolExecutor] | None = None  # (size, executor)
_call_threads_lock = threading.Lock()
_call_thread_state = threading.local()
DB_CHECK_SECONDS = 10.0


def deliveries_publish(*, delivery_ids: list[int]) -> dict[int, str]:
    """Run one attempt for each delivery still queued; returns their new statuses by id."""
    deadline = time.monotonic() + settings.CELERY_TASK_SOFT_TIME_LIMIT - TIME_LIMIT_MARGIN
    claimed = deliveries.deliveries_begin(delivery_ids=delivery_ids)
    if skipped := sorted(set(delivery_ids) - {d.pk for d in claimed}):
        logger.info("deliveries %s: nothing to claim (duplicate message or no longer queued)", skipped)
    statuses: dict[int, str] = {}
    callable_now = []
    for delivery in claimed:
        if delivery.account.is_active:
            callable_now.append(delivery)
        else:
            account = delivery.account
            reason = account.status_reason or f"{account} is {account.status}; reconnect it."
            deliveries.delivery_mark_failed(delivery=delivery, error=reason)
            statuses[delivery.pk] = S.FAILED
    outcomes = _call_all(callable_now, deadline)
    published = [(d, outcome) for d, outcome in outcomes if isinstance(outcome, PublishResult)]
    deliveries.deliveries_mark_published(published=published)
    statuses.update((d.pk, S.PUBLISHED) for d, _ in published)
    statuses.update((d.pk, _record_error(d, outcome)) for d, outcome in outcomes if isinstance(outcome, Exception))
    for delivery in callable_now:
        elapsed = (timezone.now() - delivery.started_at).total_seconds()
        status = statuses[delivery.pk]
        logger.info("delivery %s attempt %s: %s after %.3f s", delivery.pk, delivery.attempts, status, elapsed)
    return statuses


def publish_request_for(delivery: Delivery) -> PublishRequest:
    media = tuple(
        MediaFile(
            path=Path(item.file.path),
            mime_type=item.mime_type,
            kind=item.kind,
            size=item.size,
            public_url=media_link_url(file_name=item.file.name, mime_type=item.mime_type),
            width=item.width,
            height=item.height,
        )
        for item in delivery.post.media.all()  # ordered by position where the delivery was loaded
    )
    return PublishRequest(
        delivery_id=delivery.pk, account=delivery.account, text=delivery.text, media=media, options=delivery.options
    )


def _call_all(batch: list[Delivery], deadline: float) -> list[tuple[Delivery, PublishResult | Exception]]:
    """Call each delivery's network; a batch of one (or one call thread) calls right here.

    Calls still running at the deadline, before the task's soft time limit, end `unknown`.
    """
    requests = [(delivery, publish_request_for(delivery)) for delivery in batch]
    if len(batch) <= 1 or settings.PUBLISH_CALL_THREADS <= 1:
        return [(delivery, _call(request)) for delivery, request in requests]
    futures = [(delivery, _threads().submit(_call_on_thread, request)) for delivery, request in requests]
    wait_for([f for _, f in futures], timeout=max(0.0, deadline - time.monotonic()))
    return [(delivery, _outcome(future)) for delivery, future in futures]


def _call(request: PublishRequest) -> PublishResult | Exception:
    try:
        return get_publisher(request.account.network).publish(request)
    except Exception as exc:  # noqa: BLE001 - every failure is recorded, by type, in _record_error
        return exc


def _call_on_thread(request: PublishRequest) -> PublishResult | Exception:
    """A call thread outlives tasks, so it looks after its database connection (only
    the sandbox network uses one) as Django does per request: dropped when broken
    or past CONN_MAX_AGE. Not before every call, since the check costs a round
    trip: after a failed call, and otherwise every DB_CHECK_SECONDS."""
    if time.monotonic() >= getattr(_call_thread_state, "db_check_at", 0.0):
        close_old_connections()
        _call_thread_state.db_check_at = time.monotonic() + DB_CHECK_SECONDS
    outcome = _call(request)
    if isinstance(outcome, Exception):
        _call_thread_state.db_check_at = 0.0
    return outcome


def _outcome(future: Future) -> PublishResult | Exception:
    if future.cancel():
        # Still waiting for a free call thread: never sent, so it may be tried again.
        return RetryableError("no call thread was free before the task's time limit")
    if not future.done():
        return OutcomeUnknownError("no answer before the task's time limit")
    return future.result()


def _threads() -> ThreadPoolExecutor:
    """This process's call threads, started on first use (after a prefork worker forks),
    and started again if PUBLISH_CALL_THREADS changed (settings overridden in tests)."""
    global _call_threads
    size = settings.PUBLISH_CALL_THREADS
    with _call_threads_lock:
        if _call_threads is None or _call_threads[0] != size:
            if _call_threads is not None:
                _call_threads[1].shutdown(wait=False)
            _call_threads = (size, ThreadPoolExecutor(size, thread_name_prefix="publish-call"))
        return _call_threads[1]


def _record_error(delivery: Delivery, exc: Exception) -> str:
    """Record a failed call with its attempt; returns the status it leads to."""
    if not isinstance(exc, PublishError):
        # A bug or a time limit mid-call: the request may have gone out.
        logger.error("delivery %s: unexpected error while publishing", delivery.pk, exc_info=exc)
        exc = OutcomeUnknownError(f"{type(exc).__name__}: {exc}")
    common = {"delivery": delivery, "error": exc.message, "http_status": exc.http_status}
    match exc:
        case RetryableError():
            return deliveries.delivery_mark_retryable(**common, retry_after=exc.retry_after)
        case AuthError():
            deliveries.delivery_mark_auth_failed(**common)
            return S.FAILED
        case OutcomeUnknownError():
            deliveries.delivery_mark_unknown(**common)
            return S.UNKNOWN
    deliveries.delivery_mark_failed(**common)  # PermanentError
    return S.FAILED
