"""Publish attempts for a batch of deliveries: claim them, call their networks, record what happened.

Each delivery is claimed on its own terms (`queued -> publishing`), so a
duplicate message finds nothing to claim. The network calls of a batch run at
the same time on this process's call threads (PUBLISH_CALL_THREADS): a batch
takes as long as its slowest call, not the sum, and a slow network holds no
lock and no transaction. Successful calls are recorded together; the rarer
errors one by one, each with its attempt.

The task waits PUBLISH_CALL_WAIT seconds for its calls (less than Celery's
soft time limit, which prefork enforces). A call still running then records
its own outcome when it ends, on its call thread; a call still waiting for a
thread is released for a later attempt.

A worker that dies mid-call records nothing; the reaper logs that attempt as
`unknown`.
"""

import logging
import threading
import time
from concurrent.futures import Future, ThreadPoolExecutor
from concurrent.futures import wait as wait_for
from functools import partial
from pathlib import Path

from django.conf import settings
from django.db import close_old_connections, connections
from django.utils import timezone

import networks
from accounts.services import account_ref
from networks.publishing import MediaFile, PublishRequest, PublishResult
from posts import selectors
from posts.media_links import media_link_url
from posts.models import Delivery, Media
from posts.services import deliveries
from socialtrend.outbound import (
    AuthError,
    ConfigurationError,
    OutboundError,
    OutcomeUnknownError,
    PermanentError,
    RetryableError,
)

logger = logging.getLogger(__name__)

S = Delivery.Status

_call_threads: ThreadPoolExecutor | None = None
_call_threads_lock = threading.Lock()
_call_thread_state = threading.local()
DB_CHECK_SECONDS = 10.0


def deliveries_publish(*, delivery_ids: list[int]) -> dict[int, str]:
    """Run one attempt for each delivery still queued; returns their new statuses by id
    (`publishing` for a call that outlived the wait and will record itself)."""
    deadline = time.monotonic() + settings.PUBLISH_CALL_WAIT
    claimed = deliveries.deliveries_begin(delivery_ids=delivery_ids)
    if skipped := sorted(set(delivery_ids) - {d.pk for d in claimed}):
        logger.info("deliveries %s: nothing to claim (duplicate message or no longer queued)", skipped)
    statuses: dict[int, str] = {}
    callable_now = []
    for delivery in claimed:
        if delivery.account.is_active:
            callable_now.append(delivery)
        else:
            statuses[delivery.pk] = deliveries.delivery_hold(delivery=delivery)
    media = selectors.media_by_post(post_ids={d.post_id for d in callable_now})
    outcomes = _call_all({d: media.get(d.post_id, []) for d in callable_now}, deadline)
    published = [(d, outcome) for d, outcome in outcomes.items() if isinstance(outcome, PublishResult)]
    statuses.update((d.pk, S.PUBLISHED) for d in deliveries.deliveries_mark_published(published=published))
    statuses.update(
        (d.pk, _record_error(d, outcome)) for d, outcome in outcomes.items() if isinstance(outcome, Exception)
    )
    for delivery in callable_now:
        status = statuses.setdefault(delivery.pk, S.PUBLISHING)
        if logger.isEnabledFor(logging.INFO):  # a clock read per delivery on the hot path otherwise
            elapsed = (timezone.now() - delivery.started_at).total_seconds()
            logger.info("delivery %s attempt %s: %s after %.3f s", delivery.pk, delivery.attempts, status, elapsed)
    return statuses


def call_threads_shutdown() -> None:
    """Wait for the calls in flight to end and record their outcomes, then let the call
    threads go (their database connections close with them). The next batch starts new ones."""
    global _call_threads
    with _call_threads_lock:
        running, _call_threads = _call_threads, None
    if running is not None:
        running.shutdown(wait=True)


def publish_request_for(delivery: Delivery, media: list[Media]) -> PublishRequest:
    files = tuple(
        MediaFile(
            path=Path(item.file.path),
            mime_type=item.mime_type,
            kind=item.kind,
            size=item.size,
            public_url=media_link_url(file_name=item.file.name, mime_type=item.mime_type),
            width=item.width,
            height=item.height,
            alt_text=item.alt_text,
        )
        for item in media
    )
    return PublishRequest(
        delivery_id=delivery.pk,
        account=account_ref(delivery.account),
        text=delivery.text,
        media=files,
        options=delivery.options,
        resume=delivery.network_state,
    )


def _call_all(batch: dict[Delivery, list[Media]], deadline: float) -> dict[Delivery, PublishResult | Exception]:
    """Call each delivery's network with its media; a batch of one (or one call thread) calls right here.

    Returns the outcomes known by the deadline. A call still running then is
    left to record its own outcome; one still waiting for a thread is released.
    """
    if len(batch) <= 1 or settings.PUBLISH_CALL_THREADS <= 1:
        return {delivery: _call(delivery, media) for delivery, media in batch.items()}
    futures = {delivery: _threads().submit(_call_on_thread, delivery, media) for delivery, media in batch.items()}
    wait_for(futures.values(), timeout=max(0.0, deadline - time.monotonic()))
    outcomes: dict[Delivery, PublishResult | Exception] = {}
    for delivery, future in futures.items():
        if future.cancel():  # never sent
            outcomes[delivery] = RetryableError("no call thread was free in time; it will be tried again")
        elif future.done():
            outcomes[delivery] = future.result()
        else:
            logger.warning("delivery %s: still waiting for its network; it will record its own outcome", delivery.pk)
            future.add_done_callback(partial(_record_late, delivery))
    return outcomes


def _call(delivery: Delivery, media: list[Media]) -> PublishResult | Exception:
    try:
        request = publish_request_for(delivery, media)
    except Exception as exc:  # nothing was sent: a failure of this delivery alone
        logger.exception("delivery %s: could not prepare the request", delivery.pk)
        return PermanentError(f"Could not prepare the post: {exc}")
    try:
        return networks.publisher(request.account.network).publish(request)
    except Exception as exc:  # noqa: BLE001 - every failure is recorded, by type, in _record_error
        return exc


def _call_on_thread(delivery: Delivery, media: list[Media]) -> PublishResult | Exception:
    """A call thread outlives tasks, so it looks after its database connection (only
    a network that records in the database uses one) as Django does per request: dropped when broken
    or past CONN_MAX_AGE. Not before every call, since the check costs a round
    trip: after a failed call, and otherwise every DB_CHECK_SECONDS."""
    if time.monotonic() >= getattr(_call_thread_state, "db_check_at", 0.0):
        close_old_connections()
        _call_thread_state.db_check_at = time.monotonic() + DB_CHECK_SECONDS
    outcome = _call(delivery, media)
    if isinstance(outcome, Exception):
        _call_thread_state.db_check_at = 0.0
    return outcome


def _record_late(delivery: Delivery, future: Future) -> None:
    """Record a call that ended after its task stopped waiting (runs on the call thread).
    If this fails too, the reaper makes the delivery `unknown`."""
    outcome = future.result()
    try:
        if isinstance(outcome, PublishResult):
            deliveries.deliveries_mark_published(published=[(delivery, outcome)])
        else:
            _record_error(delivery, outcome)
    except Exception:
        logger.exception("delivery %s: could not record its late outcome", delivery.pk)
    finally:
        connections.close_all()  # rare: no need to keep this thread's connection open


def _threads() -> ThreadPoolExecutor:
    """This process's call threads, started on first use (after a prefork worker forks)."""
    global _call_threads
    with _call_threads_lock:
        if _call_threads is None:
            _call_threads = ThreadPoolExecutor(settings.PUBLISH_CALL_THREADS, thread_name_prefix="publish-call")
        return _call_threads


def _record_error(delivery: Delivery, exc: Exception) -> str:
    """Record a failed call with its attempt; returns the status it leads to."""
    if not isinstance(exc, OutboundError):
        # A bug or a time limit mid-call: the request may have gone out.
        logger.error("delivery %s: unexpected error while publishing", delivery.pk, exc_info=exc)
        exc = OutcomeUnknownError(f"{type(exc).__name__}: {exc}")
    common = {"delivery": delivery, "error": exc.message, "http_status": exc.http_status}
    match exc:
        case ConfigurationError():
            deliveries.network_alert_raise(network=delivery.network, message=exc.message)
            return deliveries.delivery_mark_retryable(**common, retry_after=exc.retry_after, resume=exc.resume)
        case RetryableError():
            return deliveries.delivery_mark_retryable(**common, retry_after=exc.retry_after, resume=exc.resume)
        case AuthError():
            deliveries.delivery_mark_auth_failed(**common)
            return S.WAITING_FOR_RECONNECT
        case OutcomeUnknownError():
            deliveries.delivery_mark_unknown(**common)
            return S.UNKNOWN
    deliveries.delivery_mark_failed(**common)  # PermanentError
    return S.FAILED
