"""The Celery app shared by the web process, the workers and beat."""

import os

from celery import Celery
from celery.signals import task_postrun, task_prerun

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "socialtrend.settings")

app = Celery("socialtrend")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@task_prerun.connect
@task_postrun.connect
def close_old_database_connections(task=None, **kwargs) -> None:
    """Treat each task as Django treats a request: drop a connection that is broken or
    past CONN_MAX_AGE, keep the others (see CELERY_DB_REUSE_MAX in settings)."""
    if task is not None and task.request.is_eager:
        return  # runs inside its caller's transaction
    from django.db import close_old_connections

    close_old_connections()
