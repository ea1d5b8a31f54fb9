import pytest

from socialtrend.celery import app as celery_app
from tests.fakes.openai_server import FAKE_API_KEY, FakeOpenAI

FAKE_MODEL = "fake-caption-model"
URL = "/api/v1/captions/"


@pytest.fixture(autouse=True)
def _offline_by_default(settings) -> None:
    """Whatever the developer's environment says, a test is offline unless it asks for the fake."""
    settings.OPENAI_API_KEY = ""
    settings.OPENAI_BASE_URL = ""
    settings.CAPTIONS_DAILY_QUOTA = 50


@pytest.fixture
def fake_openai(settings):
    fake = FakeOpenAI().start()
    settings.OPENAI_API_KEY = FAKE_API_KEY
    settings.OPENAI_BASE_URL = fake.base_url
    settings.OPENAI_MODEL = FAKE_MODEL
    settings.OPENAI_TIMEOUT = 2.0
    settings.OPENAI_MAX_RETRIES = 0
    yield fake
    fake.stop()


@pytest.fixture(autouse=True)
def _worker_runs_here(monkeypatch) -> None:
    """The caption task runs in the test, when its request commits: the worker's part without a worker."""
    monkeypatch.setitem(celery_app.conf, "task_always_eager", True)


@pytest.fixture
def write(django_capture_on_commit_callbacks):
    """POST a brief as the SPA does and, once it is queued (202), read the request where
    `Location` points: by then the task has run. A refusal (400, 401, 429) comes back as it is."""

    def post_and_follow(client, body: dict):
        with django_capture_on_commit_callbacks(execute=True):
            queued = client.post(URL, body, format="json")
        if queued.status_code != 202:
            return queued
        assert queued.json()["status"] == "pending"
        return client.get(queued["Location"])

    return post_and_follow
