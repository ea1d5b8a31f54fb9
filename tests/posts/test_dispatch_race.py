"""Concurrent dispatchers on PostgreSQL: SKIP LOCKED gives each delivery to exactly one."""

import threading
from collections import Counter

import pytest
from django.db import connection, transaction
from django.db.models import Count
from django.utils import timezone

from networks.sandbox.models import SandboxPublication
from posts.models import Delivery
from posts.services import dispatch
from socialtrend.celery import app as celery_app
from tests.factories import SocialAccountFactory, UserFactory
from tests.fakes.server import wait_for
from tests.posts.helpers import make_due, make_post, publish

DISPATCHERS = 4
DELIVERIES = 120


@pytest.fixture
def eager_tasks():
    """Publish tasks run where they are enqueued (after the claim commits), so the test
    sees every publication without a worker; the claims themselves still race."""
    celery_app.conf.task_always_eager = True
    yield
    celery_app.conf.task_always_eager = False


@pytest.mark.postgres
def test_racing_dispatchers_claim_and_publish_each_delivery_once(postgres, transactional_db, settings, eager_tasks):
    settings.PUBLISH_DISPATCH_BATCH = 7  # small batches, so the dispatchers interleave over many ticks
    owner = UserFactory()
    accounts = [SocialAccountFactory(owner=owner) for _ in range(DELIVERIES // 10)]
    posts = [make_post(accounts=accounts) for _ in range(10)]
    make_due(*posts)
    start = threading.Barrier(DISPATCHERS)
    claimed: Counter[int] = Counter()
    errors: list[BaseException] = []

    def run() -> None:
        try:
            start.wait(timeout=10)
            while (report := dispatch.dispatch_due()).claimed:
                claimed[threading.get_ident()] += report.claimed
        except Exception as exc:  # noqa: BLE001 - reported to the main thread below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(DISPATCHERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)

    assert errors == []
    assert sum(claimed.values()) == DELIVERIES
    assert len(claimed) > 1, "only one dispatcher got work: the race did not happen"
    assert set(Delivery.objects.values_list("status", flat=True)) == {Delivery.Status.PUBLISHED}
    per_delivery = SandboxPublication.objects.values("delivery_id").annotate(n=Count("pk"))
    assert per_delivery.count() == DELIVERIES
    assert {row["n"] for row in per_delivery} == {1}


@pytest.mark.postgres
def test_publish_task_waits_for_a_row_held_by_another_transaction(postgres, transactional_db):
    """A dispatcher's scan can hold a queued row for a moment. The task must wait for it:
    a row skipped here would sit in `queued` until the lost-message timeout."""
    post = make_post(accounts=[SocialAccountFactory()])
    delivery = Delivery.objects.get(post=post)
    Delivery.objects.filter(pk=delivery.pk).update(status=Delivery.Status.QUEUED, queued_at=timezone.now())
    outcome: list[str | None] = []

    def run_task() -> None:
        try:
            outcome.append(publish(delivery.pk))
        finally:
            connection.close()

    task = threading.Thread(target=run_task)
    with transaction.atomic():
        Delivery.objects.select_for_update().get(pk=delivery.pk)
        task.start()
        assert wait_for(lambda: waiting_for_locks() == 1, timeout=10), "the task never waited for the row"
    task.join(timeout=30)

    assert outcome == [Delivery.Status.PUBLISHED]
    assert SandboxPublication.objects.filter(delivery_id=delivery.pk).count() == 1


def waiting_for_locks() -> int:
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_stat_clear_snapshot()")  # the view is a snapshot per transaction
        cursor.execute(
            "SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND datname = current_database()"
        )
        return cursor.fetchone()[0]
