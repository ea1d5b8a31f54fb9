"""Celery tasks for trends: thin wrappers over the services."""

from celery import shared_task
from celery.signals import beat_init

from trends import selectors, services


@shared_task(name="trends.refresh_source")
def refresh_source(source: str) -> str:
    """One source's refresh; beat runs one per source, so a failing source never holds up the others."""
    run = services.source_refresh(source=source)
    return "skipped" if run is None else run.status


@beat_init.connect
def refresh_sources_never_run(sender=None, **kwargs) -> None:
    """django-celery-beat first runs a new interval entry one interval after creating it;
    on a fresh install, queue every enabled source that has never run, so trends appear at once."""
    for name in selectors.sources_never_run():
        refresh_source.delay(name)
