"""Project-wide Celery tasks."""

from celery import shared_task
from django.core.cache import cache

from socialtrend import retention

PING_CACHE_TIMEOUT = 60


@shared_task(name="socialtrend.ping")
def ping(token: str) -> str:
    """Answer a liveness probe by writing to the shared cache.

    Results are not stored by Celery here, so the caller polls the cache key.
    """
    cache.set(f"ping:{token}", "pong", PING_CACHE_TIMEOUT)
    return "pong"


@shared_task(name="socialtrend.prune")
def prune() -> dict[str, int]:
    """Beat, daily: delete what is older than each kind's retention setting."""
    return retention.prune_all()
