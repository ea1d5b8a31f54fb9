"""A real Celery worker process, on the Redis broker, runs a task."""

import os
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest
from django.core.cache import cache

from socialtrend.tasks import ping

ROOT = Path(__file__).resolve().parent.parent
DEADLINE_SECONDS = 60


@pytest.fixture
def worker_queue(redis_url):
    """Start a worker that consumes only a queue of its own, so no other worker steals the task."""
    queue = f"test-{uuid.uuid4().hex}"
    worker = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "socialtrend",
            "worker",
            "--pool=solo",
            "-Q",
            queue,
            "--loglevel=WARNING",
        ],
        cwd=ROOT,
        env={**os.environ, "CELERY_BROKER_URL": os.environ.get("CELERY_BROKER_URL") or redis_url},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    yield queue
    worker.terminate()
    try:
        worker.wait(timeout=20)
    except subprocess.TimeoutExpired:
        worker.kill()


def test_worker_runs_task_from_the_redis_broker(worker_queue, settings):
    assert settings.CELERY_BROKER_URL.startswith("redis://")
    token = uuid.uuid4().hex

    ping.apply_async(args=[token], queue=worker_queue)

    deadline = time.monotonic() + DEADLINE_SECONDS
    while time.monotonic() < deadline and cache.get(f"ping:{token}") is None:
        time.sleep(0.2)
    assert cache.get(f"ping:{token}") == "pong"
