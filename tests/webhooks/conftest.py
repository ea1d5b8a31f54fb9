import pytest

from socialtrend.celery import app as celery_app
from tests.fakes.server import FakeServer
from tests.fakes.webhook_receiver import WebhookReceiver


@pytest.fixture
def receiver(fake_server: FakeServer, settings) -> WebhookReceiver:
    settings.WEBHOOK_ALLOW_PRIVATE_TARGETS = True  # the receiver listens on loopback
    settings.WEBHOOK_TIMEOUT = 1.0
    settings.NETWORK_CONNECT_TIMEOUT = 1.0
    fake = WebhookReceiver()
    fake.url = fake_server.install(fake, "/hooks") + "/in"
    return fake


@pytest.fixture
def endpoint_for(auth_client, receiver):
    def create(events=("delivery.published", "delivery.failed"), url: str | None = None) -> dict:
        body = {"url": url or receiver.url, "events": list(events)}
        response = auth_client.post("/api/v1/webhooks/", body, format="json")
        assert response.status_code == 201, response.content
        receiver.secret = response.json()["secret"]
        return response.json()

    return create


@pytest.fixture
def eager_celery():
    """Tasks enqueued after commit run at once, in the test: the worker's part without a worker."""
    celery_app.conf.task_always_eager = True
    yield
    celery_app.conf.task_always_eager = False


@pytest.fixture
def send_test(auth_client, eager_celery, django_capture_on_commit_callbacks):
    """POST the test event as the SPA does, let the worker's task run, then read the delivery
    where the answer's `Location` points."""

    def send(endpoint_id: int) -> dict:
        with django_capture_on_commit_callbacks(execute=True):
            queued = auth_client.post(f"/api/v1/webhooks/{endpoint_id}/test/")
        assert queued.status_code == 202, queued.content
        return auth_client.get(queued["Location"]).json()

    return send
