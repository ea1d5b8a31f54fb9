"""A real Celery worker writes the captions; the web request only queues them."""

import time

import pytest

from socialtrend.celery import app as celery_app
from tests.conftest import client_for
from tests.factories import UserFactory
from tests.fakes.openai_server import FAKE_API_KEY, FakeOpenAI
from tests.posts.test_end_to_end import start_celery, wait_for  # noqa: F401 - start_celery is a fixture

pytestmark = [pytest.mark.worker, pytest.mark.redis, pytest.mark.postgres]

MODEL_SECONDS = 3.0


@pytest.fixture
def slow_model():
    fake = FakeOpenAI(latency=MODEL_SECONDS).start()
    yield fake
    fake.stop()


def test_the_request_returns_at_once_and_the_worker_writes_the_captions(
    start_celery,  # noqa: F811 - the fixture imported above
    slow_model,
    monkeypatch,
    settings,
):
    # The task goes where the web process sends it, this process's default queue: the worker
    # consumes that one, emptied first of whatever other tests left in it.
    monkeypatch.setitem(celery_app.conf, "task_always_eager", False)
    celery_app.control.purge()
    model = {"OPENAI_API_KEY": FAKE_API_KEY, "OPENAI_BASE_URL": slow_model.base_url, "OPENAI_MAX_RETRIES": "0"}
    start_celery("worker", CELERY_TASK_DEFAULT_QUEUE=settings.CELERY_TASK_DEFAULT_QUEUE, **model)
    client = client_for(UserFactory())

    started = time.monotonic()
    queued = client.post("/api/v1/captions/", {"topic": "Espresso", "networks": ["x"]}, format="json")
    answered_in = time.monotonic() - started

    assert queued.status_code == 202, queued.content
    assert answered_in < MODEL_SECONDS
    assert slow_model.requests == []  # the web request never called the model
    # The worker may still be starting (Django, the broker): on a loaded machine that takes a while.
    wait_for(lambda: client.get(queued["Location"]).json()["status"] != "pending", "the worker's captions", 180)
    written = client.get(queued["Location"]).json()
    assert written["status"] == "succeeded", written
    assert written["variants"][0]["text"].startswith("Friendly take 1 on Espresso for x.")
    assert len(slow_model.requests) == 1
