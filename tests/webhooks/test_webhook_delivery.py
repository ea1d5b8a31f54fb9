from datetime import timedelta

import pytest
from django.utils import timezone

from webhooks import services, tasks
from webhooks.models import WebhookAttempt, WebhookDelivery, WebhookEndpoint
from webhooks.signing import sign, verify_signature

pytestmark = pytest.mark.django_db


def make_due(delivery: WebhookDelivery) -> None:
    WebhookDelivery.objects.filter(pk=delivery.pk).update(next_attempt_at=timezone.now() - timedelta(seconds=1))


def test_test_endpoint_delivers_a_signed_event_the_receiver_verifies(send_test, endpoint_for, receiver):
    created = endpoint_for()

    body = send_test(created["id"])

    assert body["status"] == "succeeded"
    assert body["event"] == "webhook.test"
    assert [(a["succeeded"], a["response_status"]) for a in body["attempts"]] == [(True, 200)]
    [received] = receiver.received
    assert received["body"]["event"] == "webhook.test"
    assert received["headers"]["X-Socialtrend-Event"] == "webhook.test"
    assert received["headers"]["X-Socialtrend-Delivery"] == str(body["id"])


def test_wrong_secret_is_rejected_by_the_receiver_and_logged(send_test, endpoint_for, receiver):
    created = endpoint_for()
    receiver.secret = "whsec_not-the-one"

    body = send_test(created["id"])

    assert body["status"] == "pending"
    assert body["attempts"][0]["response_status"] == 401
    assert "bad signature" in body["attempts"][0]["response_body"]


def test_emit_fans_out_to_subscribed_endpoints_after_commit(user, endpoint_for, django_capture_on_commit_callbacks):
    published_only = endpoint_for(["delivery.published"])
    endpoint_for(["account.expired"])

    with django_capture_on_commit_callbacks() as callbacks:
        event = services.webhook_event_emit(user=user, event="delivery.published", payload={"delivery_id": 7})

    assert [d.endpoint_id for d in event.deliveries.all()] == [published_only["id"]]
    assert len(callbacks) == 1


def test_emit_without_subscribers_records_nothing(user, endpoint_for):
    endpoint_for(["account.expired"])

    assert services.webhook_event_emit(user=user, event="delivery.failed", payload={}) is None


def test_failures_are_retried_with_backoff_until_they_succeed(user, endpoint_for, receiver):
    endpoint_for()
    event = services.webhook_event_emit(user=user, event="delivery.failed", payload={"reason": "boom"})
    delivery = event.deliveries.get()
    receiver.script("POST /hooks/in", status=503, body={"error": "down"})

    tasks.webhook_delivery_send.apply(args=[delivery.pk])
    delivery.refresh_from_db()
    assert delivery.status == "pending"
    assert delivery.attempt_count == 1
    assert timedelta(seconds=20) < delivery.next_attempt_at - timezone.now() < timedelta(seconds=40)
    assert tasks.webhook_deliveries_retry_due.apply().get() == 0  # not due yet

    make_due(delivery)
    tasks.webhook_delivery_send.apply(args=[delivery.pk])

    delivery.refresh_from_db()
    assert delivery.status == "succeeded"
    assert list(delivery.attempts.values_list("response_status", "succeeded")) == [(503, False), (200, True)]
    assert receiver.received[0]["body"]["data"] == {"reason": "boom"}


def test_gives_up_after_the_last_attempt(user, endpoint_for, receiver, settings):
    settings.WEBHOOK_MAX_ATTEMPTS = 2
    endpoint_for()
    delivery = services.webhook_event_emit(user=user, event="delivery.failed", payload={}).deliveries.get()
    for _ in range(3):
        receiver.script("POST /hooks/in", status=500, body={})

    for _ in range(2):
        make_due(delivery)
        services.webhook_delivery_attempt(delivery_id=delivery.pk)

    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempt_count, delivery.next_attempt_at) == ("failed", 2, None)
    make_due(delivery)
    assert services.webhook_delivery_attempt(delivery_id=delivery.pk) is None
    assert WebhookAttempt.objects.filter(delivery=delivery).count() == 2


def test_timeout_is_logged_as_a_failed_attempt(user, endpoint_for, receiver):
    endpoint_for()
    delivery = services.webhook_event_emit(user=user, event="delivery.failed", payload={}).deliveries.get()
    receiver.script("POST /hooks/in", status=None, delay=1.5)

    services.webhook_delivery_attempt(delivery_id=delivery.pk)

    [attempt] = delivery.attempts.all()
    assert not attempt.succeeded and attempt.response_status is None
    assert attempt.error == "could not deliver: no whole answer within 1 s"
    assert attempt.duration_ms >= 900


def test_a_claimed_delivery_is_not_sent_twice(user, endpoint_for, receiver):
    endpoint_for()
    delivery = services.webhook_event_emit(user=user, event="delivery.failed", payload={}).deliveries.get()

    services.webhook_delivery_attempt(delivery_id=delivery.pk)
    assert services.webhook_delivery_attempt(delivery_id=delivery.pk) is None

    assert len(receiver.received) == 1


def test_private_target_is_refused_again_at_send_time(user, endpoint_for, receiver, settings):
    endpoint_for()
    delivery = services.webhook_event_emit(user=user, event="delivery.failed", payload={}).deliveries.get()
    settings.WEBHOOK_ALLOW_PRIVATE_TARGETS = False

    services.webhook_delivery_attempt(delivery_id=delivery.pk)

    delivery.refresh_from_db()
    assert delivery.status == "failed"  # no retries for a refused target
    assert "refused" in delivery.attempts.get().error
    assert receiver.requests == []


def test_deliveries_are_listed_with_their_attempts(auth_client, send_test, endpoint_for, receiver):
    created = endpoint_for()
    receiver.script("POST /hooks/in", status=500, body={"error": "oops"})
    send_test(created["id"])

    listed = auth_client.get(f"/api/v1/webhooks/{created['id']}/deliveries/").json()

    [delivery] = listed["results"]
    assert delivery["attempts"][0]["response_status"] == 500
    assert delivery["attempts"][0]["response_body"] == '{"error": "oops"}'
    assert WebhookEndpoint.objects.get().deliveries.count() == 1


def test_signature_covers_timestamp_and_body():
    header = sign("s3cret", b'{"a":1}', 1_700_000_000)

    assert verify_signature("s3cret", b'{"a":1}', header, now=1_700_000_010)
    assert not verify_signature("s3cret", b'{"a":2}', header, now=1_700_000_010)
    assert not verify_signature("other", b'{"a":1}', header, now=1_700_000_010)
    assert not verify_signature("s3cret", b'{"a":1}', header, now=1_700_000_000 + 301)
