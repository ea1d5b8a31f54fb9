"""Celery tasks for trends: thin wrappers over the services."""

from celery import shared_task

from trends import services


@shared_task(name="trends.refresh_source")
def refresh_source(source: str) -> str:
    """One source's refresh; beat runs one per source, so a failing source never holds up the others."""
    run = services.source_refresh(source=source)
    return "skipped" if run is None else run.status
