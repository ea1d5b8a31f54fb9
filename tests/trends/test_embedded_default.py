"""`make run`'s embedded default (SQLite, filesystem broker, no environment): beat and a
worker fill the trends API with scored sandbox items within a minute."""

import json
import subprocess
import sys
import time

import pytest

from tests.test_project import ROOT, clean_env, run_manage

pytestmark = pytest.mark.worker

DEADLINE_SECONDS = 60
PROBE = """
import json
from django.test import Client
client = Client()
token = client.post('/api/v1/auth/token/', {'email': 'demo@socialtrend.local', 'password': 'socialtrend-demo'},
                    content_type='application/json').json()['access']
body = client.get('/api/v1/trends/', HTTP_AUTHORIZATION=f'Bearer {token}').json()
print(json.dumps({'count': body['count'], 'top': body['results'][:1]}))
"""


def start(*args: str, env: dict[str, str]) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "socialtrend", *args, "--loglevel=WARNING"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def test_beat_and_worker_serve_scored_sandbox_trends_within_a_minute(tmp_path):
    # Google is on by default; this machine has no internet, so the test leaves it out.
    env = clean_env(VAR_DIR=str(tmp_path / "var"), DJANGO_DEBUG="1", TRENDS_GOOGLE_ENABLED="0")
    assert run_manage("migrate", "--noinput", env=env).returncode == 0
    assert run_manage("create_demo", env=env).returncode == 0
    started = time.monotonic()
    processes = [
        start("worker", "--pool=threads", "--concurrency=2", env=env),
        start("beat", "--scheduler", "django_celery_beat.schedulers:DatabaseScheduler", "--pidfile=", env=env),
    ]
    answer = {"count": 0, "top": []}
    try:
        while answer["count"] == 0 and time.monotonic() - started < DEADLINE_SECONDS:
            probe = run_manage("shell", "--no-imports", "-c", PROBE, env=env)
            assert probe.returncode == 0, probe.stderr
            answer = json.loads(probe.stdout.strip().splitlines()[-1])
    finally:
        for process in processes:
            process.terminate()
        for process in processes:
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()

    assert answer["count"] > 0, f"no trends after {DEADLINE_SECONDS} s"
    [top] = answer["top"]
    assert top["source"] == "sandbox" and 0 < top["score"] <= 100
