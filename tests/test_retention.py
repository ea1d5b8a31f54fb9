"""Retention: `manage.py prune` and the daily beat task delete webhook events (with their
deliveries and attempts) and caption history older than each kind's days."""

import io
from datetime import timedelta

import pytest
from django.conf import settings as django_settings
from django.core.management import CommandError, call_command
from django.utils import timezone

from captions.models import CaptionRequest
from socialtrend import retention
from socialtrend.celery import app as celery_app
from tests.factories import UserFactory
from webhooks.models import WebhookAttempt, WebhookDelivery, WebhookEndpoint, WebhookEvent

pytestmark = pytest.mark.django_db


def days_ago(days: float):
    return timezone.now() - timedelta(days=days)


def webhook_event(endpoint: WebhookEndpoint, *, age_days: float, status: str = "succeeded") -> WebhookEvent:
    event = WebhookEvent.objects.create(owner=endpoint.owner, event="delivery.published", payload={})
    WebhookEvent.objects.filter(pk=event.pk).update(created_at=days_ago(age_days))  # auto_now_add
    delivery = WebhookDelivery.objects.create(event=event, endpoint=endpoint, status=status, attempt_count=1)
    WebhookAttempt.objects.create(
        delivery=delivery, attempted_at=days_ago(age_days), duration_ms=5, succeeded=status == "succeeded"
    )
    return event


def caption_request(user, *, age_days: float) -> CaptionRequest:
    return CaptionRequest.objects.create(user=user, created_at=days_ago(age_days), status="succeeded", input={})


@pytest.fixture
def records(settings):
    settings.WEBHOOK_ALLOW_PRIVATE_TARGETS = True
    user = UserFactory()
    endpoint = WebhookEndpoint.objects.create(owner=user, url="http://127.0.0.1:9/h", events=["delivery.published"])
    return {
        "old event": webhook_event(endpoint, age_days=40),
        "old failed event": webhook_event(endpoint, age_days=40, status="failed"),
        "old pending event": webhook_event(endpoint, age_days=40, status="pending"),
        "recent event": webhook_event(endpoint, age_days=5),
        "old caption": caption_request(user, age_days=400),
        "month-old caption": caption_request(user, age_days=40),
        "recent caption": caption_request(user, age_days=1),
    }


def prune(*args: str) -> str:
    out = io.StringIO()
    call_command("prune", *args, stdout=out)
    return out.getvalue()


def test_prune_deletes_what_is_older_than_the_days_given(records):
    out = prune("--older-than-days", "30")

    assert out.splitlines() == [
        "deleted 2 caption requests",
        "deleted 2 webhook events",
        "deleted 2 webhook deliveries",
        "deleted 2 webhook attempts",
    ]
    assert set(WebhookEvent.objects.all()) == {records["old pending event"], records["recent event"]}
    assert WebhookDelivery.objects.count() == WebhookAttempt.objects.count() == 2
    assert list(CaptionRequest.objects.all()) == [records["recent caption"]]
    assert WebhookEndpoint.objects.count() == 1  # the endpoints themselves stay


def test_prune_without_days_uses_each_kinds_setting(records, settings):
    settings.WEBHOOK_RETENTION_DAYS = 3
    settings.CAPTION_RETENTION_DAYS = 365

    prune()

    assert list(WebhookEvent.objects.all()) == [records["old pending event"]]
    assert set(CaptionRequest.objects.all()) == {records["month-old caption"], records["recent caption"]}


def test_zero_days_keeps_a_kind_for_ever(records, settings):
    settings.WEBHOOK_RETENTION_DAYS = 0
    settings.CAPTION_RETENTION_DAYS = 0

    assert prune() == "nothing to prune: every kind is kept for ever\n"
    assert WebhookEvent.objects.count() == 4 and CaptionRequest.objects.count() == 3


@pytest.mark.parametrize("days", ["0", "-3"])
def test_prune_refuses_an_age_below_one_day_naming_the_option(records, days):
    with pytest.raises(CommandError, match="--older-than-days must be a number of days of at least 1"):
        prune("--older-than-days", days)

    assert WebhookEvent.objects.count() == 4


def test_prune_refuses_an_age_that_is_not_a_number(records):
    with pytest.raises(CommandError, match="--older-than-days"):
        prune("--older-than-days", "a month")


def test_the_daily_beat_task_prunes_with_the_settings(records, settings):
    settings.WEBHOOK_RETENTION_DAYS = 30
    settings.CAPTION_RETENTION_DAYS = 30
    celery_app.loader.import_default_modules()
    entry = django_settings.CELERY_BEAT_SCHEDULE["retention-prune"]

    deleted = celery_app.tasks[entry["task"]].apply().get()

    assert entry["schedule"] == 24 * 3600
    assert deleted == {
        "caption requests": 2,
        "webhook events": 2,
        "webhook deliveries": 2,
        "webhook attempts": 2,
    }
    assert CaptionRequest.objects.count() == 1


def test_many_old_events_are_deleted_batch_after_batch(settings):
    settings.WEBHOOK_ALLOW_PRIVATE_TARGETS = True
    user = UserFactory()
    endpoint = WebhookEndpoint.objects.create(owner=user, url="http://127.0.0.1:9/h", events=["delivery.published"])
    for _ in range(25):
        webhook_event(endpoint, age_days=40)
    webhook_event(endpoint, age_days=1)

    deleted = retention.delete_in_batches(WebhookEvent.objects.filter(created_at__lt=days_ago(30)), batch=10)

    assert deleted["webhooks.WebhookEvent"] == 25 and deleted["webhooks.WebhookAttempt"] == 25
    assert WebhookEvent.objects.count() == 1
