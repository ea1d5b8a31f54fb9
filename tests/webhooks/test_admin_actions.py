"""Webhook admin: read-only pages; endpoints and deliveries change only through actions that call the services."""

import pytest
from django.utils import timezone

from accounts.roles import Role
from socialtrend.celery import app as celery_app
from tests.factories import UserFactory
from webhooks import services, tasks
from webhooks.models import WebhookDelivery, WebhookEndpoint

pytestmark = pytest.mark.django_db

ENDPOINTS = "/admin/webhooks/webhookendpoint/"
DELIVERIES = "/admin/webhooks/webhookdelivery/"


@pytest.fixture
def moderator_client(client):
    client.force_login(UserFactory(role=Role.MODERATOR))
    return client


@pytest.fixture
def superuser_client(client):
    client.raise_request_exception = False  # a 500 is an answer to assert on, not an error of the test
    client.force_login(UserFactory(role=Role.ADMIN))
    return client


@pytest.fixture
def endpoint(receiver) -> WebhookEndpoint:
    endpoint, receiver.secret = services.webhook_endpoint_create(
        owner=UserFactory(), url=receiver.url, events=["delivery.failed"]
    )
    return endpoint


def delivery_in(endpoint: WebhookEndpoint, status: str, attempts: int = 3) -> WebhookDelivery:
    event = services.webhook_event_emit(user=endpoint.owner, event="delivery.failed", payload={"reason": "boom"})
    delivery = event.deliveries.get()
    next_attempt = timezone.now() + timezone.timedelta(hours=1) if status == "pending" else None
    WebhookDelivery.objects.filter(pk=delivery.pk).update(
        status=status, attempt_count=attempts, next_attempt_at=next_attempt
    )
    delivery.refresh_from_db()
    return delivery


def act(client, url: str, action: str, *objects):
    return client.post(url, {"action": action, "_selected_action": [o.pk for o in objects]}, follow=True)


def test_adding_an_endpoint_in_admin_is_refused_not_a_500(superuser_client):
    page = superuser_client.get(f"{ENDPOINTS}add/")
    post = superuser_client.post(f"{ENDPOINTS}add/", {"description": "by hand", "is_active": "on", "events": "[]"})

    assert (page.status_code, post.status_code) == (403, 403)
    assert not WebhookEndpoint.objects.exists()


def test_a_deliverys_status_cannot_be_edited(superuser_client, endpoint):
    delivery = delivery_in(endpoint, "failed")

    page = superuser_client.get(f"{DELIVERIES}{delivery.pk}/change/")
    superuser_client.post(
        f"{DELIVERIES}{delivery.pk}/change/",
        {"status": "succeeded", "attempt_count": 0, "attempts-TOTAL_FORMS": 0, "attempts-INITIAL_FORMS": 0},
    )

    assert page.status_code == 200 and 'name="status"' not in page.content.decode()
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempt_count) == ("failed", 3)


def test_an_endpoints_fields_cannot_be_edited(moderator_client, endpoint):
    moderator_client.post(
        f"{ENDPOINTS}{endpoint.pk}/change/",
        {"description": "changed by hand"},
    )

    endpoint.refresh_from_db()
    assert (endpoint.description, endpoint.is_active) == ("", True)


def test_retry_now_sends_a_failed_delivery_again(
    moderator_client, endpoint, receiver, monkeypatch, django_capture_on_commit_callbacks
):
    monkeypatch.setitem(celery_app.conf, "task_always_eager", True)  # the worker's send runs here
    failed, succeeded = delivery_in(endpoint, "failed"), delivery_in(endpoint, "succeeded")

    with django_capture_on_commit_callbacks(execute=True):
        response = act(moderator_client, DELIVERIES, "retry_now", failed, succeeded)

    assert "1 webhook deliveries queued for a retry; 1 skipped" in response.content.decode()
    failed.refresh_from_db()
    succeeded.refresh_from_db()
    assert (failed.status, failed.attempt_count) == ("succeeded", 4)
    assert list(failed.attempts.values_list("response_status", flat=True)) == [200]
    assert [r["headers"]["X-Socialtrend-Delivery"] for r in receiver.received] == [str(failed.pk)]
    assert (succeeded.status, succeeded.attempt_count) == ("succeeded", 3)


def test_retry_now_skips_an_endpoint_that_is_switched_off(
    moderator_client, endpoint, django_capture_on_commit_callbacks
):
    failed = delivery_in(endpoint, "failed")
    services.webhook_endpoint_update(endpoint=endpoint, is_active=False)

    with django_capture_on_commit_callbacks() as callbacks:
        response = act(moderator_client, DELIVERIES, "retry_now", failed)

    assert "0 webhook deliveries queued for a retry; 1 skipped" in response.content.decode()
    assert callbacks == []
    failed.refresh_from_db()
    assert failed.status == "failed"


def test_give_up_fails_a_pending_delivery_for_good(moderator_client, endpoint):
    pending, succeeded = delivery_in(endpoint, "pending"), delivery_in(endpoint, "succeeded")
    WebhookDelivery.objects.filter(pk=pending.pk).update(next_attempt_at=timezone.now())

    response = act(moderator_client, DELIVERIES, "give_up", pending, succeeded)

    assert "1 webhook deliveries given up; 1 skipped" in response.content.decode()
    pending.refresh_from_db()
    assert (pending.status, pending.next_attempt_at) == ("failed", None)
    assert tasks.webhook_deliveries_retry_due.apply().get() == 0  # beat no longer sends it
    succeeded.refresh_from_db()
    assert succeeded.status == "succeeded"


def test_endpoints_are_switched_off_and_on_by_actions(moderator_client, endpoint):
    off = act(moderator_client, ENDPOINTS, "deactivate", endpoint)
    endpoint.refresh_from_db()
    was_active = endpoint.is_active
    act(moderator_client, ENDPOINTS, "activate", endpoint)
    endpoint.refresh_from_db()

    assert "1 webhook endpoints switched off." in off.content.decode()
    assert (was_active, endpoint.is_active) == (False, True)
