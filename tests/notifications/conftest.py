import pytest

from socialtrend.celery import app as celery_app


@pytest.fixture
def eager_celery():
    """Tasks enqueued after commit run at once, in the test: the worker's part without a worker."""
    celery_app.conf.task_always_eager = True
    yield
    celery_app.conf.task_always_eager = False
