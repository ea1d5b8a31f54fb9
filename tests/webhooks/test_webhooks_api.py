import pytest

from tests.conftest import client_for
from tests.factories import UserFactory
from webhooks.models import WebhookEndpoint

pytestmark = pytest.mark.django_db


def test_create_shows_the_secret_once_and_stores_it_encrypted(auth_client, user, endpoint_for):
    created = endpoint_for()

    assert created["secret"].startswith("whsec_")
    assert created["events"] == ["delivery.failed", "delivery.published"]
    endpoint = WebhookEndpoint.objects.get(pk=created["id"])
    assert endpoint.owner == user and endpoint.secret == created["secret"]
    listed = auth_client.get("/api/v1/webhooks/").json()
    detail = auth_client.get(f"/api/v1/webhooks/{created['id']}/").json()
    assert listed["count"] == 1
    assert "secret" not in listed["results"][0]
    assert "secret" not in detail
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT secret FROM webhooks_webhookendpoint WHERE id = %s", [created["id"]])
        assert created["secret"] not in cursor.fetchone()[0]


def test_update_and_delete(auth_client, endpoint_for):
    created = endpoint_for()

    patched = auth_client.patch(
        f"/api/v1/webhooks/{created['id']}/", {"events": ["account.expired"], "is_active": False}, format="json"
    )
    deleted = auth_client.delete(f"/api/v1/webhooks/{created['id']}/")

    assert patched.status_code == 200
    assert (patched.json()["events"], patched.json()["is_active"]) == (["account.expired"], False)
    assert deleted.status_code == 204
    assert not WebhookEndpoint.objects.exists()


def test_unknown_event_names_the_field(auth_client, receiver):
    response = auth_client.post("/api/v1/webhooks/", {"url": receiver.url, "events": ["post.liked"]}, format="json")

    assert response.status_code == 400
    assert response.json()["errors"] == {"events": ["Unknown events: post.liked."]}


def test_no_events_names_the_field(auth_client, receiver):
    response = auth_client.post("/api/v1/webhooks/", {"url": receiver.url, "events": []}, format="json")

    assert response.status_code == 400
    assert "events" in response.json()["errors"]


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1:8080/hook",
        "http://localhost/hook",
        "http://10.0.0.5/hook",
        "http://192.168.1.1/hook",
        "http://169.254.169.254/latest/meta-data/",
        "http://[::1]/hook",
    ],
)
def test_private_targets_are_refused_at_creation(auth_client, url):
    response = auth_client.post("/api/v1/webhooks/", {"url": url, "events": ["delivery.published"]}, format="json")

    assert response.status_code == 400
    assert "not allowed" in response.json()["errors"]["url"][0]
    assert not WebhookEndpoint.objects.exists()


def test_private_target_is_refused_when_changing_the_url(auth_client, endpoint_for, settings):
    created = endpoint_for()
    settings.WEBHOOK_ALLOW_PRIVATE_TARGETS = False

    response = auth_client.patch(f"/api/v1/webhooks/{created['id']}/", {"url": "http://10.0.0.1/"}, format="json")

    assert response.status_code == 400
    assert WebhookEndpoint.objects.get().url != "http://10.0.0.1/"


def test_someone_elses_webhook_is_404(endpoint_for):
    created = endpoint_for()
    other = client_for(UserFactory())

    assert other.get(f"/api/v1/webhooks/{created['id']}/").status_code == 404
    assert other.delete(f"/api/v1/webhooks/{created['id']}/").status_code == 404
    assert other.post(f"/api/v1/webhooks/{created['id']}/test/").status_code == 404
    assert other.get("/api/v1/webhooks/").json()["count"] == 0
    assert WebhookEndpoint.objects.count() == 1


def test_needs_authentication(api_client):
    assert api_client.get("/api/v1/webhooks/").status_code == 401
