"""One publish attempt: claim the delivery, call its network, record what happened.

The attempt is logged once, with its outcome, in the same transaction as the
delivery's new state; a worker that dies mid-call logs nothing, and the reaper
logs that attempt as `unknown`.

The network call runs outside any transaction: a slow network holds no lock
and no connection in a transaction. The outcome is recorded afterwards with a
conditional update on `publishing`.
"""

import logging
from pathlib import Path

from django.utils import timezone

from posts.media_links import media_link_url
from posts.models import Delivery
from posts.publishers import get_publisher
from posts.publishers.base import (
    AuthError,
    MediaFile,
    OutcomeUnknownError,
    PermanentError,
    PublishRequest,
    RetryableError,
)
from posts.services import deliveries

logger = logging.getLogger(__name__)


def delivery_publish(*, delivery_id: int) -> str | None:
    """Run one attempt; returns the delivery's new status, or None if there was nothing to claim."""
    delivery = deliveries.delivery_begin(delivery_id=delivery_id)
    if delivery is None:
        logger.info("delivery %s: nothing to claim (duplicate message or no longer queued)", delivery_id)
        return None
    account = delivery.account
    if not account.is_active:
        reason = account.status_reason or f"{account} is {account.status}; reconnect it."
        deliveries.delivery_mark_failed(delivery=delivery, error=reason)
        return Delivery.Status.FAILED
    return _call_and_record(delivery)


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
        for item in delivery.post.media.order_by("post_media__position")
    )
    return PublishRequest(
        delivery_id=delivery.pk, account=delivery.account, text=delivery.text, media=media, options=delivery.options
    )


def _call_and_record(delivery: Delivery) -> str:
    """Call the network and record the outcome with its attempt; returns the status it leads to."""
    common = {"delivery": delivery}
    try:
        result = get_publisher(delivery.account.network).publish(publish_request_for(delivery))
    except RetryableError as exc:
        status = deliveries.delivery_mark_retryable(
            **common, error=exc.message, retry_after=exc.retry_after, http_status=exc.http_status
        )
    except AuthError as exc:
        deliveries.delivery_mark_auth_failed(**common, error=exc.message, http_status=exc.http_status)
        status = Delivery.Status.FAILED
    except PermanentError as exc:
        deliveries.delivery_mark_failed(**common, error=exc.message, http_status=exc.http_status)
        status = Delivery.Status.FAILED
    except OutcomeUnknownError as exc:
        deliveries.delivery_mark_unknown(**common, error=exc.message, http_status=exc.http_status)
        status = Delivery.Status.UNKNOWN
    except Exception as exc:  # a bug or a time limit mid-call: the request may have gone out
        logger.exception("delivery %s: unexpected error while publishing", delivery.pk)
        deliveries.delivery_mark_unknown(**common, error=f"{type(exc).__name__}: {exc}")
        status = Delivery.Status.UNKNOWN
    else:
        deliveries.delivery_mark_published(
            **common, remote_id=result.remote_id, url=result.url, http_status=result.http_status
        )
        status = Delivery.Status.PUBLISHED
    elapsed = (timezone.now() - delivery.started_at).total_seconds()
    logger.info("delivery %s attempt %s: %s after %.3f s", delivery.pk, delivery.attempts, status, elapsed)
    return status
