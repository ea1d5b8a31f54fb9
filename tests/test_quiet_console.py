"""`make run`'s console: no INFO line per dispatcher tick or SPA poll; errors still shown;
the last line says where to open the app and the demo login (issue 20)."""

import logging
import socket

import pytest
from celery.app import trace
from django.conf import settings
from django.core.management import call_command

TICK = {"id": "1b2c", "name": "posts.dispatch_due", "runtime": 0.01, "return_value": 0, "args": "()", "kwargs": "{}"}
OTHER = {**TICK, "name": "posts.publish_target"}


def emitted(caplog) -> list[str]:
    return [record.getMessage() for record in caplog.records]


@pytest.fixture
def info(caplog):
    caplog.set_level(logging.INFO)
    return caplog


def test_beat_does_not_log_sending_the_tick_at_info(info):
    logging.getLogger("celery.beat").info(
        "Scheduler: Sending due task %s (%s)", "posts.dispatch_due", "posts.dispatch_due"
    )
    logging.getLogger("celery.beat").info("Scheduler: Sending due task %s (%s)", "posts.reap_stuck", "posts.reap_stuck")
    logging.getLogger("celery.beat").info("Scheduler: Sending due task %s (%s)", "trends.fetch", "trends.fetch")
    assert emitted(info) == ["Scheduler: Sending due task trends.fetch (trends.fetch)"]


def test_worker_does_not_log_the_tick_received_or_succeeded_at_info(info):
    logging.getLogger("celery.worker.strategy").info(trace.LOG_RECEIVED, TICK)
    trace.info(trace.LOG_SUCCESS, TICK)  # how the worker logs a success (celery.app.trace)
    logging.getLogger("celery.worker.strategy").info(trace.LOG_RECEIVED, OTHER)
    trace.info(trace.LOG_SUCCESS, OTHER)
    assert emitted(info) == [trace.LOG_RECEIVED % OTHER, trace.LOG_SUCCESS % OTHER]


def test_a_failed_tick_is_still_logged(info):
    failure = {**TICK, "description": "raised unexpected", "exc": "OperationalError()"}
    logging.getLogger("celery.app.trace").error(trace.LOG_FAILURE, failure)
    assert emitted(info) == [trace.LOG_FAILURE % failure]


def test_runserver_does_not_log_successful_gets_but_logs_writes_and_errors(info):
    server = logging.getLogger("django.server")
    server.info('"%s" %s %s', "GET /api/v1/posts/?status=publishing HTTP/1.1", "200", "512")
    server.info('"%s" %s %s', "GET /api/v1/networks/ HTTP/1.1", "304", "0")
    server.info('"%s" %s %s', "POST /api/v1/posts/ HTTP/1.1", "201", "300")
    server.warning('"%s" %s %s', "GET /api/v1/posts/9/ HTTP/1.1", "404", "40")
    server.error('"%s" %s %s', "GET /api/v1/posts/ HTTP/1.1", "500", "40")
    assert emitted(info) == [
        '"POST /api/v1/posts/ HTTP/1.1" 201 300',
        '"GET /api/v1/posts/9/ HTTP/1.1" 404 40',
        '"GET /api/v1/posts/ HTTP/1.1" 500 40',
    ]


def test_the_procfile_runs_the_announcer_and_the_web_on_one_port():
    procfile = (settings.BASE_DIR / "Procfile").read_text()
    lines = dict(line.split(": ", 1) for line in procfile.splitlines() if line.strip())
    assert "runserver 127.0.0.1:${WEB_PORT:-8000}" in lines["web"]
    assert "announce_ready --url http://127.0.0.1:${WEB_PORT:-8000}" in lines["ready"]


@pytest.mark.django_db(transaction=True)
def test_announce_ready_prints_where_to_open_the_app_and_the_demo_login(live_server, capsys):
    call_command("announce_ready", url=live_server.url, exit=True, timeout=10)
    out = capsys.readouterr().out
    assert f"SocialTrend is up: open {live_server.url}/" in out
    assert f"demo login: {settings.DEMO_USER_EMAIL} / {settings.DEMO_USER_PASSWORD}" in out


def test_announce_ready_says_so_when_the_web_never_answers(capsys):
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]  # closed once the block ends: nothing listens there
    call_command("announce_ready", url=f"http://127.0.0.1:{port}", exit=True, timeout=0.3, interval=0.1)
    captured = capsys.readouterr()
    assert "did not answer" in captured.err
    assert "demo login" not in captured.out
