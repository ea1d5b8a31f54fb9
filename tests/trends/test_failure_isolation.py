"""Each source runs in its own task: one failing, crashing or backing off never stops the others."""

import pytest

from trends.models import RunStatus, SourceRun, TrendItem
from trends.tasks import refresh_source

pytestmark = pytest.mark.django_db


def test_failing_and_crashing_sources_leave_the_others_running(reddit, x_token, settings):
    settings.TRENDS_KEYWORDS = ["coffee"]
    settings.TRENDS_HTTP_TIMEOUT = 0  # requests raises a plain ValueError before connecting: a crash

    outcomes = {name: refresh_source(name) for name in ("reddit", "x", "sandbox")}

    assert outcomes == {"reddit": "failed", "x": "failed", "sandbox": "success"}
    runs = {run.source: run for run in SourceRun.objects.all()}
    assert runs["reddit"].error.startswith("r/python: request failed (ValueError: Invalid timeout (0, 0)")
    assert runs["x"].error.startswith("unexpected ValueError: Invalid timeout (0, 0)")
    assert runs["sandbox"].status == RunStatus.SUCCESS
    assert TrendItem.objects.filter(source="sandbox").count() == runs["sandbox"].items > 0


def test_a_source_backing_off_skips_only_itself(reddit):
    reddit.script("GET /r/python/hot", status=429, body="")

    first = {name: refresh_source(name) for name in ("reddit", "sandbox")}
    second = {name: refresh_source(name) for name in ("reddit", "sandbox")}

    assert first == {"reddit": "failed", "sandbox": "success"}
    assert second == {"reddit": "skipped", "sandbox": "success"}
    assert SourceRun.objects.filter(source="reddit").count() == 1
    assert SourceRun.objects.filter(source="sandbox").count() == 2
