"""Celery wrappers over the publishing services; the state lives in the database."""

from celery import shared_task

from posts.services import deliveries, dispatch, publishing


@shared_task(name="posts.dispatch_due")
def dispatch_due() -> dict[str, int]:
    report = dispatch.dispatch_due()
    return {"claimed": report.claimed, "requeued": report.requeued, "missed": report.missed}


@shared_task(name="posts.publish_delivery")
def publish_delivery(delivery_id: int) -> str | None:
    return publishing.delivery_publish(delivery_id=delivery_id)


@shared_task(name="posts.reap_stuck")
def reap_stuck() -> int:
    return deliveries.deliveries_reap_stuck()
