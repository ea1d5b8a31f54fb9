"""X through tweepy, against the X fake (served through `responses`: tweepy hard-codes api.twitter.com)."""

import time
from datetime import UTC, datetime

import pytest
import requests

from tests.fakes.x import FakeX, served
from trends import services
from trends.models import RunStatus, TrendItem

pytestmark = pytest.mark.django_db

COUNTS = "GET /2/tweets/counts/recent"


@pytest.fixture
def x_counts(x_token):
    fake = FakeX()
    fake.app_tokens.add(x_token)
    with served(fake):
        yield fake


@pytest.fixture
def tracked(settings, x_counts):
    settings.TRENDS_KEYWORDS = ["ai agents", "coffee"]


def test_recent_counts_of_tracked_keywords_become_items(tracked, x_counts, settings):
    # Hourly counts, the last for the hour under way (which is not asked for).
    x_counts.post_counts['"ai agents" -is:retweet'] = [5] * 30 + [7, 3]
    x_counts.post_counts["coffee -is:retweet"] = [1] * 25

    run = services.source_refresh(source="x")

    assert run.status == RunStatus.SUCCESS and run.items == 2
    agents = TrendItem.objects.get(source="x", key="ai agents")
    assert agents.url == "https://x.com/search?q=ai%20agents" and agents.category == "keyword"
    point = agents.snapshots.get()
    assert (point.value, point.rank) == (5 * 23 + 7, 1)
    assert point.metrics == {"posts_24h": 122, "posts_last_hour": 7, "posts_7d": 157}
    first = x_counts.calls(COUNTS)[0]
    assert first.headers["Authorization"] == "Bearer fake-bearer"
    assert (first.args["query"], first.args["granularity"]) == ('"ai agents" -is:retweet', "hour")
    assert first.environ["fake.timeout"] == (settings.TRENDS_HTTP_TIMEOUT, settings.TRENDS_HTTP_TIMEOUT)


def test_the_last_24_buckets_are_full_hours_not_the_hour_under_way(tracked, x_counts):
    # X's last bucket ends at the request (10 s before it): asking up to the top of the hour
    # leaves the hour under way out of "the last 24 hours" and of "the last hour".
    x_counts.post_counts['"ai agents" -is:retweet'] = [1] * 30 + [50]

    services.source_refresh(source="x")

    point = TrendItem.objects.get(source="x", key="ai agents").snapshots.get()
    assert point.metrics == {"posts_24h": 24, "posts_last_hour": 1, "posts_7d": 30}
    end_time = datetime.fromisoformat(x_counts.calls(COUNTS)[0].args["end_time"])
    assert (end_time.minute, end_time.second) == (0, 0) and end_time < datetime.now(tz=UTC)


def test_counts_named_as_in_the_openapi_spec_are_read_too(tracked, x_counts):
    x_counts.count_field = "post_count"  # the spec's name (v2.167); the recorded answers say tweet_count
    x_counts.post_counts['"ai agents" -is:retweet'] = [2] * 26

    run = services.source_refresh(source="x")

    assert run.status == RunStatus.SUCCESS and run.items == 2
    point = TrendItem.objects.get(source="x", key="ai agents").snapshots.get()
    assert point.metrics == {"posts_24h": 48, "posts_last_hour": 2, "posts_7d": 50}


def test_429_stops_the_run_and_backs_off_until_xs_reset_time(tracked, x_counts):
    reset = int(time.time()) + 300
    x_counts.script(
        COUNTS,
        status=429,
        body={"title": "Too Many Requests", "detail": "Too Many Requests", "type": "about:blank", "status": 429},
        headers={"x-rate-limit-limit": "300", "x-rate-limit-remaining": "0", "x-rate-limit-reset": str(reset)},
    )

    run = services.source_refresh(source="x")

    assert run.status == RunStatus.FAILED and run.error == "recent counts 'ai agents': rate limited (HTTP 429)"
    assert abs(run.retry_after.timestamp() - reset) < 3
    assert len(x_counts.calls(COUNTS)) == 1  # the second keyword was not tried against the same limit
    assert services.source_refresh(source="x") is None


def test_the_apps_monthly_cap_stops_the_run_for_longer_than_the_15_minute_window(tracked, x_counts):
    x_counts.monthly_cap_reached = True

    run = services.source_refresh(source="x")

    assert run.status == RunStatus.FAILED
    assert run.error.startswith("recent counts 'ai agents': the X app's monthly usage cap is reached")
    assert run.error.endswith("(HTTP 429)")
    assert run.retry_after.timestamp() - time.time() > 3000  # the answer's x-rate-limit-reset is 15 minutes away
    assert len(x_counts.calls(COUNTS)) == 1


def test_a_daily_cap_backs_off_until_its_24_hour_reset(tracked, x_counts):
    reset = int(time.time()) + 20 * 3600
    x_counts.script(
        COUNTS,
        status=429,
        body={"title": "Too Many Requests", "detail": "Too Many Requests", "type": "about:blank", "status": 429},
        headers={
            "x-rate-limit-remaining": "299",
            "x-rate-limit-reset": str(int(time.time()) + 600),
            "x-app-limit-24hour-limit": "1000",
            "x-app-limit-24hour-remaining": "0",
            "x-app-limit-24hour-reset": str(reset),
        },
    )

    run = services.source_refresh(source="x")

    assert run.error == "recent counts 'ai agents': the X app's 24-hour limit is used up (HTTP 429)"
    assert abs(run.retry_after.timestamp() - reset) < 3


def test_an_app_without_access_to_counts_is_told_so(tracked, x_counts):
    x_counts.enrolled = False

    run = services.source_refresh(source="x")

    assert run.error.splitlines()[0] == (
        "recent counts 'ai agents': refused (HTTP 403): check the bearer token and that the app's access "
        "includes recent counts (X: client-not-enrolled)"
    )


def test_credits_used_up_stop_the_run_and_say_what_to_do(tracked, x_counts):
    x_counts.credits = 0

    run = services.source_refresh(source="x")

    assert run.status == RunStatus.FAILED
    assert run.error.startswith("recent counts 'ai agents': the X app's credits are used up: top up")
    assert run.error.endswith("(HTTP 402)")
    assert len(x_counts.calls(COUNTS)) == 1  # every keyword would be refused the same way


@pytest.mark.parametrize(
    ("answer", "error"),
    [
        ({"status": 403, "body": {"title": "Forbidden"}}, "refused (HTTP 403): check the bearer token"),
        ({"status": 503, "body": {"title": "Service Unavailable"}}, "answered HTTP 503"),
        ({"status": 200, "body": "<html>oops</html>"}, "malformed answer (not JSON)"),
        ({"status": 200, "body": {"meta": {"result_count": 0}}}, "malformed answer (TypeError)"),
        ({"status": 200, "body": {"data": [{"start": "x"}]}}, "malformed answer (KeyError)"),
        ({"unreachable": requests.ConnectTimeout()}, "timed out after 2 s"),
        ({"unreachable": requests.ConnectionError()}, "unreachable (ConnectionError)"),
    ],
)
def test_failures_are_failed_runs_that_say_why(tracked, x_counts, answer, error):
    if "unreachable" in answer:
        x_counts.unreachable[COUNTS] = answer["unreachable"]
    else:
        x_counts.script(COUNTS, **answer)
    x_counts.post_counts["coffee -is:retweet"] = [1, 1]

    run = services.source_refresh(source="x")

    assert run.status == RunStatus.PARTIAL and run.items == 1
    assert run.error.startswith(f"recent counts 'ai agents': {error}")
    assert TrendItem.objects.filter(source="x").get().key == "coffee"


def test_without_keywords_there_is_nothing_to_ask(x_counts):
    run = services.source_refresh(source="x")

    assert run.status == RunStatus.SUCCESS and run.items == 0
    assert x_counts.requests == []
