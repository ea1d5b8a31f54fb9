"""Celery wrappers over the publishing services; the state lives in the database."""

from celery import shared_task
from celery.signals import worker_process_shutdown, worker_shutdown

from posts.services import deliveries, dispatch, publishing, verification


@shared_task(name="posts.dispatch_due")
def dispatch_due() -> dict[str, int]:
    report = dispatch.dispatch_due()
    return {"claimed": report.claimed, "requeued": report.requeued, "missed": report.missed}


@shared_task(name="posts.publish_deliveries")
def publish_deliveries(delivery_ids: list[int]) -> dict[int, str]:
    return publishing.deliveries_publish(delivery_ids=delivery_ids)


@shared_task(name="posts.reap_stuck")
def reap_stuck() -> int:
    return deliveries.deliveries_reap_stuck()


@shared_task(name="posts.verify_due")
def verify_due() -> dict[str, int]:
    return vars(verification.deliveries_verify_due())


@worker_shutdown.connect  # threads and solo pools: the worker process itself
@worker_process_shutdown.connect  # prefork: each child
def finish_calls_in_flight(**kwargs) -> None:
    """A warm shutdown lets network calls in flight end and record their outcomes."""
    publishing.call_threads_shutdown()
