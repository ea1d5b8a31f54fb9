"""Celery wrappers for webhook delivery. Retries live in the database (`next_attempt_at`),
not in the broker, so a lost message is picked up again by the beat task."""

from celery import shared_task

from webhooks import services


@shared_task
def webhook_delivery_send(delivery_id: int) -> None:
    services.webhook_delivery_attempt(delivery_id=delivery_id)


@shared_task
def webhook_deliveries_retry_due() -> int:
    """Beat: send every pending delivery whose next attempt is due."""
    due = services.webhook_deliveries_due()
    for delivery_id in due:
        webhook_delivery_send.delay(delivery_id)
    return len(due)
