"""Webhook URLs that no connection could use are refused, naming the field, whatever the private-target switch."""

import pytest

from webhooks.models import WebhookEndpoint

pytestmark = pytest.mark.django_db

URL = "/api/v1/webhooks/"
BAD_URLS = ["https://example.com:99999/hook", "https://example.com:65536/", "http://example.com:0/hook"]


@pytest.mark.parametrize("allow_private", [False, True])
@pytest.mark.parametrize("url", BAD_URLS)
def test_a_port_outside_1_to_65535_is_400_at_creation(auth_client, settings, allow_private, url):
    settings.WEBHOOK_ALLOW_PRIVATE_TARGETS = allow_private

    response = auth_client.post(URL, {"url": url, "events": ["delivery.published"]}, format="json")

    assert response.status_code == 400
    assert list(response.json()["errors"]) == ["url"]
    assert "port" in response.json()["errors"]["url"][0]
    assert not WebhookEndpoint.objects.exists()


@pytest.mark.parametrize("url", BAD_URLS)
def test_a_port_outside_1_to_65535_is_400_when_changing_the_url(auth_client, endpoint_for, url):
    created = endpoint_for()

    response = auth_client.patch(f"{URL}{created['id']}/", {"url": url}, format="json")

    assert response.status_code == 400
    assert list(response.json()["errors"]) == ["url"]
    assert WebhookEndpoint.objects.get().url == created["url"]


def test_the_service_refuses_a_bad_port_too(user, settings):
    from socialtrend.errors import ApplicationError
    from webhooks.services import webhook_endpoint_create

    settings.WEBHOOK_ALLOW_PRIVATE_TARGETS = True

    with pytest.raises(ApplicationError) as raised:
        webhook_endpoint_create(owner=user, url="https://example.com:70000/", events=["delivery.published"])

    assert list(raised.value.errors) == ["url"]
    assert not WebhookEndpoint.objects.exists()
