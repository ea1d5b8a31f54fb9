"""A webhook send is bounded: the test event goes through the worker (the web request
never waits on the receiver), test sends are rate-limited per user, an attempt reads at
most an excerpt of the answer and lasts at most WEBHOOK_TIMEOUT in all."""

import resource
import time

import pytest

from tests.conftest import client_for
from tests.factories import UserFactory
from webhooks import services
from webhooks.models import WebhookAttempt, WebhookDelivery

pytestmark = pytest.mark.django_db


def test_the_test_event_is_queued_and_sent_by_the_worker(
    auth_client, endpoint_for, receiver, eager_celery, django_capture_on_commit_callbacks
):
    created = endpoint_for()

    with django_capture_on_commit_callbacks() as after_commit:
        queued = auth_client.post(f"/api/v1/webhooks/{created['id']}/test/")

    assert queued.status_code == 202
    body = queued.json()
    assert (body["event"], body["status"], body["attempt_count"], body["attempts"]) == (
        "webhook.test",
        "pending",
        0,
        [],
    )
    assert queued["Location"] == f"/api/v1/webhooks/{created['id']}/deliveries/{body['id']}/"
    assert receiver.requests == []  # nothing was sent while the request was open
    assert WebhookDelivery.objects.get(pk=body["id"]).status == "pending"
    assert not WebhookAttempt.objects.exists()

    for callback in after_commit:  # the commit, then the worker's task (eager here)
        callback()
    polled = auth_client.get(queued["Location"])

    assert polled.status_code == 200
    assert polled.json()["status"] == "succeeded"
    assert [(a["succeeded"], a["response_status"]) for a in polled.json()["attempts"]] == [(True, 200)]
    assert [r["body"]["event"] for r in receiver.received] == ["webhook.test"]


def test_test_sends_are_limited_per_user(auth_client, endpoint_for, settings, django_capture_on_commit_callbacks):
    settings.WEBHOOK_TEST_RATE = "2/min"
    created = endpoint_for()
    url = f"/api/v1/webhooks/{created['id']}/test/"

    with django_capture_on_commit_callbacks():
        codes = [auth_client.post(url).status_code for _ in range(2)]
        limited = auth_client.post(url)

    assert codes == [202, 202]
    assert limited.status_code == 429
    assert 0 < int(limited["Retry-After"]) <= 60
    assert limited.json()["detail"].startswith("Request was throttled.")
    assert WebhookDelivery.objects.filter(event__event="webhook.test").count() == 2
    # Other requests of the same user, and other users, are not held back.
    assert auth_client.get(f"/api/v1/webhooks/{created['id']}/deliveries/").status_code == 200
    other = client_for(UserFactory())
    assert other.post(url).status_code == 404  # not theirs: reached the view, not the limit


def test_a_delivery_is_read_only_through_its_own_endpoint(
    auth_client, endpoint_for, django_capture_on_commit_callbacks
):
    first, second = endpoint_for(), endpoint_for()
    with django_capture_on_commit_callbacks():
        delivery_id = auth_client.post(f"/api/v1/webhooks/{first['id']}/test/").json()["id"]

    assert auth_client.get(f"/api/v1/webhooks/{first['id']}/deliveries/{delivery_id}/").status_code == 200
    assert auth_client.get(f"/api/v1/webhooks/{second['id']}/deliveries/{delivery_id}/").status_code == 404
    stranger = client_for(UserFactory())
    response = stranger.get(f"/api/v1/webhooks/{first['id']}/deliveries/{delivery_id}/")
    assert response.status_code == 404
    assert response.json()["detail"] == "No such webhook."


def max_rss_bytes() -> int:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024  # KiB on Linux


def test_a_300_mb_answer_ends_the_attempt_fast_with_its_excerpt(user, endpoint_for, slow_server):
    server = slow_server("huge-body", huge_bytes=300 * 1024**2)
    endpoint_for(url=server.url)
    delivery = services.webhook_event_emit(user=user, event="delivery.failed", payload={}).deliveries.get()
    peak_before = max_rss_bytes()
    started = time.monotonic()

    services.webhook_delivery_attempt(delivery_id=delivery.pk)

    assert time.monotonic() - started < 3
    assert max_rss_bytes() - peak_before < 50 * 1024**2
    attempt = WebhookAttempt.objects.get(delivery=delivery)
    assert (attempt.succeeded, attempt.response_status) == (True, 200)
    assert len(attempt.response_body) == services.BODY_EXCERPT
    assert attempt.response_body.startswith("ok ok ok")
    assert server.requests == 1


def test_a_receiver_that_drips_its_answer_is_cut_at_the_webhook_timeout(user, endpoint_for, slow_server, settings):
    # A byte every 0.2 s keeps each read under the 1 s read timeout: 40 of them would take 8 s.
    server = slow_server("drip-body", interval=0.2, drip_bytes=40)
    endpoint_for(url=server.url)
    settings.WEBHOOK_TIMEOUT = 1.0
    delivery = services.webhook_event_emit(user=user, event="delivery.failed", payload={}).deliveries.get()

    services.webhook_delivery_attempt(delivery_id=delivery.pk)

    attempt = WebhookAttempt.objects.get(delivery=delivery)
    assert attempt.error == "could not deliver: no whole answer within 1 s"
    assert (attempt.succeeded, attempt.response_status) == (False, None)
    assert 900 <= attempt.duration_ms < 2000
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempt_count) == ("pending", 1)  # retried later, like a timeout
