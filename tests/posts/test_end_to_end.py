"""Real Celery worker and beat processes on the Redis broker and the test database.

Each test gives its processes a queue of their own, so no other worker takes
their tasks. Runs in CI (PostgreSQL + Redis); skips locally without them.
"""

import os
import signal
import subprocess
import sys
import time
import uuid
from collections.abc import Callable, Iterator
from datetime import timedelta
from pathlib import Path

import pytest
from django.db import connection
from django.utils import timezone
from django_celery_beat.models import PeriodicTask

from networks.sandbox.models import SandboxPublication
from posts.models import Delivery
from posts.services.deliveries import deliveries_reap_stuck
from tests.factories import SocialAccountFactory
from tests.posts.helpers import make_post

pytestmark = [pytest.mark.worker, pytest.mark.redis, pytest.mark.postgres]

ROOT = Path(__file__).resolve().parents[2]
DEADLINE_SECONDS = 90


def wait_for(condition: Callable[[], bool], what: str, seconds: float = DEADLINE_SECONDS) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.2)
    pytest.fail(f"timed out after {seconds} s waiting for {what}")


@pytest.fixture
def start_celery(redis_url, postgres, transactional_db, tmp_path) -> Iterator[Callable[..., subprocess.Popen]]:
    """Start `celery worker` / `celery beat` against the test database and a private queue."""
    base, _, _ = os.environ["DATABASE_URL"].rpartition("/")
    env = {
        **os.environ,
        "DATABASE_URL": f"{base}/{connection.settings_dict['NAME']}",
        "CELERY_BROKER_URL": os.environ.get("CELERY_BROKER_URL") or redis_url,
        "CELERY_TASK_DEFAULT_QUEUE": f"test-{uuid.uuid4().hex}",
        "VAR_DIR": str(tmp_path),
    }
    started: list[subprocess.Popen] = []

    def start(kind: str, **extra_env: str) -> subprocess.Popen:
        args = {
            # The worker consumes CELERY_TASK_QUEUES: the private queue and its schedule queue.
            "worker": ["worker", "--pool=threads", "--concurrency=4"],
            "beat": ["beat", "--scheduler", "django_celery_beat.schedulers:DatabaseScheduler", "--pidfile="],
        }[kind]
        log = (tmp_path / f"{kind}.log").open("w")
        process = subprocess.Popen(
            [sys.executable, "-m", "celery", "-A", "socialtrend", *args, "--loglevel=INFO"],
            cwd=ROOT,
            env={**env, **extra_env},
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        started.append(process)
        return process

    yield start
    for process in started:
        if process.poll() is None:
            process.terminate()
    for process in started:
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def test_post_scheduled_two_seconds_ahead_is_published_by_worker_and_beat(start_celery, auth_client, user):
    account = SocialAccountFactory(owner=user)
    start_celery("worker")
    start_celery("beat")
    scheduled_at = timezone.now() + timedelta(seconds=2)

    response = auth_client.post(
        "/api/v1/posts/",
        {"caption": "Right on time", "account_ids": [account.pk], "scheduled_at": scheduled_at.isoformat()},
        format="json",
    )
    assert response.status_code == 201

    delivery = Delivery.objects.get(post_id=response.json()["id"])
    wait_for(lambda: Delivery.objects.get(pk=delivery.pk).status == Delivery.Status.PUBLISHED, "the publication")
    publication = SandboxPublication.objects.get(delivery_id=delivery.pk)
    assert publication.called_at >= scheduled_at  # never early
    assert publication.text == "Right on time"
    assert auth_client.get(f"/api/v1/posts/{delivery.post_id}/").json()["status"] == "published"
    dispatcher = PeriodicTask.objects.get(name="posts.dispatch_due")
    assert (dispatcher.interval.every, dispatcher.interval.period, dispatcher.expire_seconds) == (1, "seconds", 5)


def test_worker_killed_mid_call_leaves_unknown_and_nothing_is_resent(start_celery, user, settings):
    settings.PUBLISH_STUCK_TIMEOUT = 600
    account = SocialAccountFactory(owner=user)
    worker = start_celery("worker", SANDBOX_LATENCY_SECONDS="60")
    start_celery("beat")
    post = make_post(accounts=[account], seconds_ahead=1)
    delivery = Delivery.objects.get(post=post)
    wait_for(lambda: Delivery.objects.get(pk=delivery.pk).status == Delivery.Status.PUBLISHING, "the call to start")

    worker.send_signal(signal.SIGKILL)
    worker.wait(timeout=20)
    start_celery("worker")  # a healthy worker takes over; it must not pick the delivery up again
    reaped = deliveries_reap_stuck(now=timezone.now() + timedelta(seconds=601))

    delivery.refresh_from_db()
    assert reaped == 1
    assert delivery.status == Delivery.Status.UNKNOWN
    assert delivery.attempt_log.get().outcome == "unknown"
    assert not SandboxPublication.objects.filter(delivery_id=delivery.pk).exists()
