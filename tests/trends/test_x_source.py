"""X through tweepy; `responses` answers for api.twitter.com, which tweepy hard-codes."""

import time

import pytest
import requests
import responses

from tests.fakes.x_api import COUNTS_URL, add_counts, counts_body
from trends import services
from trends.models import RunStatus, TrendItem

pytestmark = pytest.mark.django_db


@pytest.fixture
def tracked(settings, x_token):
    settings.TRENDS_KEYWORDS = ["ai agents", "coffee"]


@responses.activate
def test_recent_counts_of_tracked_keywords_become_items(tracked, settings):
    add_counts(responses.mock, [5] * 30 + [7])  # 31 hourly buckets; the last day is the last 24
    add_counts(responses.mock, [1] * 24)

    run = services.source_refresh(source="x")

    assert run.status == RunStatus.SUCCESS and run.items == 2
    agents = TrendItem.objects.get(source="x", key="ai agents")
    assert agents.url == "https://x.com/search?q=ai%20agents" and agents.category == "keyword"
    point = agents.snapshots.get()
    assert (point.value, point.rank) == (5 * 23 + 7, 1)
    assert point.metrics == {"posts_24h": 122, "posts_last_hour": 7, "posts_7d": 157}
    first = responses.calls[0].request
    assert first.headers["Authorization"] == "Bearer fake-bearer"
    assert "query=%22ai+agents%22+-is%3Aretweet" in first.url and "granularity=hour" in first.url
    assert first.req_kwargs["timeout"] == (settings.TRENDS_HTTP_TIMEOUT, settings.TRENDS_HTTP_TIMEOUT)


@responses.activate
def test_429_stops_the_run_and_backs_off_until_xs_reset_time(tracked):
    reset = int(time.time()) + 300
    responses.add(
        "GET", COUNTS_URL, status=429, json={"title": "Too Many Requests"}, headers={"x-rate-limit-reset": str(reset)}
    )

    run = services.source_refresh(source="x")

    assert run.status == RunStatus.FAILED and run.error == "recent counts 'ai agents': rate limited (HTTP 429)"
    assert abs(run.retry_after.timestamp() - reset) < 3
    assert len(responses.calls) == 1  # the second keyword was not tried against the same limit
    assert services.source_refresh(source="x") is None


@pytest.mark.parametrize(
    ("answer", "error"),
    [
        ({"status": 403, "json": {"title": "Forbidden"}}, "refused (HTTP 403): check the bearer token"),
        ({"status": 503, "json": {"title": "Service Unavailable"}}, "answered HTTP 503"),
        ({"body": "<html>oops</html>"}, "malformed answer (not JSON)"),
        ({"json": {"meta": {"result_count": 0}}}, "malformed answer (TypeError)"),
        ({"json": {"data": [{"start": "x"}]}}, "malformed answer (KeyError)"),
        ({"body": requests.ConnectTimeout()}, "timed out after 2 s"),
        ({"body": requests.ConnectionError()}, "unreachable (ConnectionError)"),
    ],
)
@responses.activate
def test_failures_are_failed_runs_that_say_why(tracked, answer, error):
    responses.add("GET", COUNTS_URL, **answer)
    responses.add("GET", COUNTS_URL, json=counts_body([1]))

    run = services.source_refresh(source="x")

    assert run.status == RunStatus.PARTIAL and run.items == 1
    assert run.error.startswith(f"recent counts 'ai agents': {error}")
    assert TrendItem.objects.filter(source="x").get().key == "coffee"


@responses.activate
def test_without_keywords_there_is_nothing_to_ask(x_token):
    run = services.source_refresh(source="x")

    assert run.status == RunStatus.SUCCESS and run.items == 0
    assert len(responses.calls) == 0
