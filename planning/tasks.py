"""Celery wrappers over the planning services."""

from celery import shared_task

from planning.services import series


@shared_task(name="planning.extend_series")
def extend_series() -> int:
    return series.series_extend_all()
