import pytest

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
    def create(events=("delivery.published", "delivery.failed")) -> dict:
        response = auth_client.post("/api/v1/webhooks/", {"url": receiver.url, "events": list(events)}, format="json")
        assert response.status_code == 201, response.content
        receiver.secret = response.json()["secret"]
        return response.json()

    return create
