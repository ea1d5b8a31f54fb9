"""Use cases for outgoing webhooks: endpoints, emitting events, sending with backoff."""

import json
import logging
import random
import secrets
import time
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import transaction
from django.utils import timezone

from accounts.models import SocialAccount, User
from posts.models import Delivery
from socialtrend import retention
from socialtrend.errors import ApplicationError
from socialtrend.outbound import (
    HttpClient,
    OutboundError,
    PermanentError,
    PrivateAddressError,
    body_excerpt,
    refuse_private_url,
)
from socialtrend.validators import validate_http_url
from webhooks.models import SUBSCRIBABLE_EVENTS, Event, WebhookAttempt, WebhookDelivery, WebhookEndpoint, WebhookEvent
from webhooks.signing import SIGNATURE_HEADER, sign

logger = logging.getLogger(__name__)

MAX_ENDPOINTS_PER_USER = 20
BODY_EXCERPT = 1000
MAX_BACKOFF = timedelta(hours=6)


def webhook_endpoint_create(
    *, owner: User, url: str, events: list[str], description: str = ""
) -> tuple[WebhookEndpoint, str]:
    """Register an endpoint; returns it and its secret, which is shown this once."""
    _check_url(url)
    _check_events(events)
    if WebhookEndpoint.objects.filter(owner=owner).count() >= MAX_ENDPOINTS_PER_USER:
        raise ApplicationError(f"You can register at most {MAX_ENDPOINTS_PER_USER} webhooks.", field="url")
    secret = f"whsec_{secrets.token_urlsafe(32)}"
    endpoint = WebhookEndpoint.objects.create(
        owner=owner, url=url, events=sorted(set(events)), description=description, secret=secret
    )
    return endpoint, secret


def webhook_endpoint_update(
    *,
    endpoint: WebhookEndpoint,
    url: str | None = None,
    events: list[str] | None = None,
    description: str | None = None,
    is_active: bool | None = None,
) -> WebhookEndpoint:
    changed = []
    if url is not None:
        _check_url(url)
        endpoint.url = url
        changed.append("url")
    if events is not None:
        _check_events(events)
        endpoint.events = sorted(set(events))
        changed.append("events")
    if description is not None:
        endpoint.description = description
        changed.append("description")
    if is_active is not None:
        endpoint.is_active = is_active
        changed.append("is_active")
    if changed:
        endpoint.save(update_fields=[*changed, "updated_at"])
    return endpoint


def webhook_endpoint_delete(*, endpoint: WebhookEndpoint) -> None:
    endpoint.delete()


def webhook_delivery_retry(*, delivery: WebhookDelivery) -> bool:
    """A person's "retry now": a failed delivery to an endpoint that is on is sent once more,
    at once; its attempts so far stay counted. Returns whether it was queued."""
    now = timezone.now()
    with transaction.atomic():
        queued = WebhookDelivery.objects.filter(
            pk=delivery.pk, status=WebhookDelivery.Status.FAILED, endpoint__is_active=True
        ).update(status=WebhookDelivery.Status.PENDING, next_attempt_at=now, updated_at=now)
        if queued:
            transaction.on_commit(lambda: _enqueue([delivery.pk]))
    return bool(queued)


def webhook_delivery_give_up(*, delivery: WebhookDelivery) -> bool:
    """A person stops a pending delivery's retries: it ends `failed` and is not sent again.
    Returns whether it was pending (an attempt already in flight still records its outcome)."""
    now = timezone.now()
    given_up = WebhookDelivery.objects.filter(pk=delivery.pk, status=WebhookDelivery.Status.PENDING).update(
        status=WebhookDelivery.Status.FAILED, next_attempt_at=None, updated_at=now
    )
    return bool(given_up)


def webhook_event_emit(*, user: User, event: str, payload: dict) -> WebhookEvent | None:
    """Record an event for `user` and queue one delivery per subscribed endpoint (sent after commit)."""
    endpoints = [e for e in WebhookEndpoint.objects.filter(owner=user, is_active=True) if event in e.events]
    if not endpoints:
        return None
    with transaction.atomic():
        record = WebhookEvent.objects.create(owner=user, event=event, payload=payload)
        deliveries = WebhookDelivery.objects.bulk_create(
            WebhookDelivery(event=record, endpoint=endpoint, next_attempt_at=timezone.now()) for endpoint in endpoints
        )
        transaction.on_commit(lambda: _enqueue([d.pk for d in deliveries]))
    return record


def webhook_endpoint_test(*, endpoint: WebhookEndpoint) -> WebhookDelivery:
    """Queue a `webhook.test` event to this endpoint; a worker sends it (the web request
    never waits on someone else's server). Failures are retried like any other."""
    with transaction.atomic():
        record = WebhookEvent.objects.create(
            owner=endpoint.owner, event=Event.WEBHOOK_TEST, payload={"message": "Test event from SocialTrend."}
        )
        delivery = WebhookDelivery.objects.create(event=record, endpoint=endpoint, next_attempt_at=timezone.now())
        transaction.on_commit(lambda: _enqueue([delivery.pk]))
    return delivery


def webhook_delivery_attempt(*, delivery_id: int) -> WebhookAttempt | None:
    """Send one due delivery once. The claim (pushing `next_attempt_at` past the timeout)
    keeps two workers from sending the same delivery at once."""
    now = timezone.now()
    lease = now + timedelta(seconds=settings.WEBHOOK_TIMEOUT + settings.NETWORK_CONNECT_TIMEOUT + 30)
    claimed = WebhookDelivery.objects.filter(
        pk=delivery_id, status=WebhookDelivery.Status.PENDING, next_attempt_at__lte=now
    ).update(next_attempt_at=lease)
    if not claimed:
        return None
    delivery = WebhookDelivery.objects.select_related("event", "endpoint").get(pk=delivery_id)
    attempt, retry = _send(delivery)
    delivery.attempt_count += 1
    if attempt.succeeded:
        delivery.status = WebhookDelivery.Status.SUCCEEDED
        delivery.next_attempt_at = None
    elif not retry or delivery.attempt_count >= settings.WEBHOOK_MAX_ATTEMPTS:
        delivery.status = WebhookDelivery.Status.FAILED
        delivery.next_attempt_at = None
    else:
        delivery.next_attempt_at = timezone.now() + _backoff(delivery.attempt_count)
    delivery.save(update_fields=["status", "attempt_count", "next_attempt_at", "updated_at"])
    return attempt


def webhooks_prune(*, older_than_days: int) -> dict[str, int]:
    """Delete events older than `older_than_days`, with their deliveries and attempts.
    An event with a delivery still pending is kept until that delivery ends."""
    old = WebhookEvent.objects.filter(created_at__lt=retention.cutoff(older_than_days)).exclude(
        deliveries__status=WebhookDelivery.Status.PENDING
    )
    deleted = retention.delete_in_batches(old)
    return {
        "webhook events": deleted["webhooks.WebhookEvent"],
        "webhook deliveries": deleted["webhooks.WebhookDelivery"],
        "webhook attempts": deleted["webhooks.WebhookAttempt"],
    }


def webhook_deliveries_due() -> list[int]:
    return list(
        WebhookDelivery.objects.filter(
            status=WebhookDelivery.Status.PENDING, next_attempt_at__lte=timezone.now()
        ).values_list("pk", flat=True)[:500]
    )


def webhook_body(delivery: WebhookDelivery) -> bytes:
    event = delivery.event
    document = {
        "id": f"evt_{event.pk}",
        "event": event.event,
        "created_at": event.created_at.isoformat(),
        "data": event.payload,
    }
    return json.dumps(document, separators=(",", ":"), sort_keys=True).encode()


def _send(delivery: WebhookDelivery) -> tuple[WebhookAttempt, bool]:
    """One HTTP POST; returns the attempt row and whether a failure is worth retrying."""
    body = webhook_body(delivery)
    headers = {
        "Content-Type": "application/json",
        "User-Agent": "SocialTrend-Webhooks/1.0",
        "X-SocialTrend-Event": delivery.event.event,
        "X-SocialTrend-Delivery": str(delivery.pk),
        SIGNATURE_HEADER: sign(delivery.endpoint.secret, body, int(time.time())),
    }
    allow_private = settings.WEBHOOK_ALLOW_PRIVATE_TARGETS
    client = HttpClient(
        timeout=(settings.NETWORK_CONNECT_TIMEOUT, settings.WEBHOOK_TIMEOUT),
        deadline=settings.WEBHOOK_TIMEOUT,  # the whole call, however slowly the receiver answers
        public_only=not allow_private,
        max_body_bytes=BODY_EXCERPT * 4,  # a UTF-8 character is at most 4 bytes
        truncate_body=True,
    )
    started, attempted_at = time.monotonic(), timezone.now()
    status, excerpt, error, retry = None, "", "", True
    try:
        if not allow_private:
            refuse_private_url(delivery.endpoint.url)
        response = client.send("POST", delivery.endpoint.url, data=body, headers=headers, safe_to_retry=True)
        status, excerpt = response.status_code, body_excerpt(response, BODY_EXCERPT)
    except PrivateAddressError as exc:
        error, retry = f"refused: {exc}", False
    except PermanentError as exc:  # the address was refused when connecting
        error, retry = exc.message, False
    except OutboundError as exc:
        error = f"could not deliver: {exc.message}"
    finally:
        client.session.close()
    succeeded = status is not None and 200 <= status < 300
    if status is not None and not succeeded:
        error = f"HTTP {status}"
    attempt = WebhookAttempt.objects.create(
        delivery=delivery,
        attempted_at=attempted_at,
        duration_ms=int((time.monotonic() - started) * 1000),
        succeeded=succeeded,
        response_status=status,
        response_body=excerpt,
        error=error,
    )
    return attempt, retry


def _backoff(attempts: int) -> timedelta:
    delay = settings.WEBHOOK_BACKOFF_BASE * 2 ** (attempts - 1)
    delay *= random.uniform(0.8, 1.2)  # noqa: S311 - jitter, not security
    return min(timedelta(seconds=delay), MAX_BACKOFF)


def _check_url(url: str) -> None:
    try:
        validate_http_url(url)
    except DjangoValidationError as exc:
        raise ApplicationError(exc.messages[0], field="url") from exc
    if settings.WEBHOOK_ALLOW_PRIVATE_TARGETS:
        return
    try:
        refuse_private_url(url)
    except PrivateAddressError as exc:
        raise ApplicationError(f"This URL is not allowed: {exc}.", field="url") from exc


def _check_events(events: list[str]) -> None:
    unknown = sorted(set(events) - set(SUBSCRIBABLE_EVENTS))
    if not events or unknown:
        message = f"Unknown events: {', '.join(unknown)}." if unknown else "Choose at least one event."
        raise ApplicationError(message, field="events")


def _enqueue(delivery_ids: list[int]) -> None:
    from webhooks.tasks import webhook_delivery_send

    for pk in delivery_ids:
        webhook_delivery_send.delay(pk)


DELIVERY_OUTCOME_EVENTS = {
    Delivery.Status.PUBLISHED: Event.DELIVERY_PUBLISHED,
    Delivery.Status.FAILED: Event.DELIVERY_FAILED,
    Delivery.Status.UNKNOWN: Event.DELIVERY_UNKNOWN,
}


def delivery_outcomes_announce(*, delivery_ids: list[int], owner_ids: set[int]) -> None:
    """The pipeline calls this after committing outcomes: one event per delivery, to its owner's webhooks.

    A failure here is logged and swallowed: telling webhooks must never disturb publishing.
    """
    try:
        if not WebhookEndpoint.objects.filter(owner_id__in=owner_ids, is_active=True).exists():
            return  # the usual case, checked before re-reading any delivery
        for delivery in Delivery.objects.filter(pk__in=delivery_ids).select_related("account", "post__owner"):
            event = DELIVERY_OUTCOME_EVENTS.get(delivery.status)
            if event is not None:
                webhook_event_emit(user=delivery.post.owner, event=event, payload=_delivery_payload(delivery))
    except Exception:
        logger.exception("could not announce outcomes of deliveries %s", delivery_ids)


def _delivery_payload(delivery: Delivery) -> dict:
    return {
        "delivery_id": delivery.pk,
        "post_id": delivery.post_id,
        "account": {"id": delivery.account_id, "network": delivery.account.network, "handle": delivery.account.handle},
        "status": delivery.status,
        "remote_id": delivery.remote_id,
        "url": delivery.remote_url,
        "error": delivery.last_error,
        "finished_at": delivery.finished_at.isoformat() if delivery.finished_at else None,
    }


def account_expired_announce(*, account: SocialAccount, reason: str) -> None:
    payload = {"account_id": account.pk, "network": account.network, "handle": account.handle, "reason": reason}
    webhook_event_emit(user=account.owner, event="account.expired", payload=payload)
