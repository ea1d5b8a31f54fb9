"""Google Trends through its real clients: requests for the RSS feed (local server),
pytrends for interest over time (`responses`, since pytrends hard-codes its host)."""

import json
import time
from datetime import UTC, datetime, timedelta
from urllib.parse import parse_qs, urlsplit

import pytest
import requests
import responses
from werkzeug import Response

from networks.google.trends import parse_traffic
from tests.fakes.google import (
    PYTRENDS_BASE,
    add_pytrends,
    add_pytrends_cookie,
    add_pytrends_interest,
    add_pytrends_token,
    trending_feed,
)
from trends import services
from trends.models import RunStatus, TrendItem

pytestmark = pytest.mark.django_db

FEED = trending_feed(
    [
        {
            "title": "Solar eclipse",
            "traffic": "2000+",
            "news": [("Eclipse tonight", "https://news.example/e", "Daily")],
        },
        {"title": "Cup final", "traffic": "1000+"},
        {"title": "Quiet topic", "traffic": "200+"},
    ]
)


def serve_feed(server, body: str = FEED, status: int = 200, headers: dict | None = None) -> None:
    server.expect_request("/trending/rss", query_string="geo=US").respond_with_data(
        body, status=status, content_type="application/rss+xml", headers=headers
    )


def test_trending_feed_becomes_scored_searches_of_the_region(google):
    serve_feed(google)

    run = services.source_refresh(source="google")

    assert run.status == RunStatus.SUCCESS and run.items == 3
    eclipse = TrendItem.objects.get(source="google", key="solar eclipse", region="US")
    assert eclipse.title == "Solar eclipse" and eclipse.category == "search"
    assert eclipse.url == "https://news.example/e"
    point = eclipse.snapshots.get()
    assert (point.value, point.rank, point.score) == (2000, 1, 100.0)
    assert point.metrics["approx_traffic"] == "2000+"
    assert point.metrics["news"] == [{"title": "Eclipse tonight", "url": "https://news.example/e", "source": "Daily"}]
    cup = TrendItem.objects.get(key="cup final")
    assert cup.url.startswith("https://trends.google.com/trends/explore?q=Cup+final")
    assert cup.snapshots.get().value == 1000


def test_429_fails_the_run_and_backs_the_source_off(google, settings):
    settings.TRENDS_BACKOFF_SECONDS = 600
    serve_feed(google, "slow down", status=429, headers={"Retry-After": "120"})

    run = services.source_refresh(source="google")
    again = services.source_refresh(source="google")

    assert run.status == RunStatus.FAILED
    assert run.error == "trending RSS US: rate limited (HTTP 429)"
    assert timedelta(seconds=115) < run.retry_after - run.finished_at <= timedelta(seconds=120)
    assert again is None  # skipped while backing off
    assert len(google.log) == 1


@pytest.mark.parametrize(
    ("traffic", "value"),
    [("200+", 200), ("2000+", 2000), ("1000000+", 1_000_000), ("2K+", 2000), ("1,000+", 1000), ("1.5M+", 1_500_000)],
)
def test_approximate_traffic_as_the_feed_writes_it_now_and_did_before(traffic, value):
    assert parse_traffic(traffic) == value


@pytest.mark.parametrize(
    ("body", "error"),
    [
        ("<html><body>Sorry</body>", "malformed feed (not XML)"),
        ("<feed><entry/></feed>", "malformed feed (no RSS channel)"),
    ],
)
def test_malformed_feed_is_a_failed_run_naming_it(google, body, error):
    serve_feed(google, body)

    run = services.source_refresh(source="google")

    assert run.status == RunStatus.FAILED and run.error == f"trending RSS US: {error}"
    assert run.retry_after is None
    assert not TrendItem.objects.exists()


def test_server_error_is_a_failed_run(google):
    serve_feed(google, "oops", status=503)

    run = services.source_refresh(source="google")

    assert run.error == "trending RSS US: answered HTTP 503"


def test_timeout_is_a_failed_run(google, settings):
    settings.TRENDS_HTTP_TIMEOUT = 0.3

    def slow(request):
        time.sleep(1)
        return Response(FEED, content_type="application/rss+xml")

    google.expect_request("/trending/rss").respond_with_handler(slow)

    run = services.source_refresh(source="google")

    assert run.status == RunStatus.FAILED and run.error == "trending RSS US: timed out after 0.3 s"


def test_one_failing_region_leaves_a_partial_run_with_the_other_stored(google, settings):
    settings.TRENDS_GOOGLE_REGIONS = ["US", "GB"]
    serve_feed(google)
    google.expect_request("/trending/rss", query_string="geo=GB").respond_with_data("nope", status=500)

    run = services.source_refresh(source="google")

    assert run.status == RunStatus.PARTIAL
    assert run.items == 3 and run.error == "trending RSS GB: answered HTTP 500"


@responses.activate
def test_interest_over_time_of_tracked_keywords(google, settings):
    responses.add_passthru(google.url_for("/"))
    settings.TRENDS_KEYWORDS = ["Coffee", "Tea"]
    serve_feed(google)
    # The newest hour is still counting: Google marks it isPartial (5 and 3 so far).
    add_pytrends(responses.mock, [(1_790_000_000, [10, 20]), (1_790_003_600, [64, 32]), (1_790_007_200, [5, 3])])

    run = services.source_refresh(source="google")

    assert run.status == RunStatus.SUCCESS and run.items == 5
    coffee = TrendItem.objects.get(source="google", key="coffee", region="")
    assert coffee.category == "keyword"
    point = coffee.snapshots.get()
    assert (point.value, point.rank, point.metrics) == (64, 1, {"interest": 64, "timeframe": "now 7-d"})
    assert TrendItem.objects.get(key="tea").snapshots.get().rank == 2
    assert json.loads(parse_qs(urlsplit(responses.calls[-1].request.url).query)["req"][0])["time"] == "now 7-d"


@responses.activate
def test_keywords_with_only_a_partial_point_are_not_scored(google, settings):
    responses.add_passthru(google.url_for("/"))
    settings.TRENDS_KEYWORDS = ["coffee"]
    serve_feed(google)
    add_pytrends(responses.mock, [(1_790_000_000, [7])])  # the one point there is, still partial

    run = services.source_refresh(source="google")

    assert run.status == RunStatus.SUCCESS and run.items == 3  # the feed's searches only
    assert not TrendItem.objects.filter(key="coffee").exists()


@responses.activate
def test_backfill_up_to_today_leaves_out_the_partial_day():
    today = datetime.now(tz=UTC).date()
    days = [today - timedelta(days=n) for n in (2, 1, 0)]
    moments = [int(datetime(d.year, d.month, d.day, tzinfo=UTC).timestamp()) for d in days]
    add_pytrends(responses.mock, [(moment, [value]) for moment, value in zip(moments, [40, 80, 3], strict=True)])

    result = services.trends_backfill(source="google", start=days[0], end=today, keywords=["coffee"])

    # Today's point is an estimate Google revises; a backfilled point is never stored again, so it waits.
    assert (result.created, result.errors) == (2, [])
    coffee = TrendItem.objects.get(source="google", key="coffee")
    assert list(coffee.snapshots.order_by("captured_at").values_list("value", flat=True)) == [40, 80]


@pytest.mark.parametrize(
    ("register", "error"),
    [
        (lambda rsps: add_pytrends_token(rsps, status=429), "rate limited (HTTP 429)"),
        (lambda rsps: add_pytrends_token(rsps, status=404), "answered HTTP 404"),
        (
            lambda rsps: (add_pytrends_token(rsps), add_pytrends_interest(rsps, body=')]}\',\n{"default": {}}')),
            "malformed answer (KeyError)",
        ),
        (
            lambda rsps: (add_pytrends_token(rsps), add_pytrends_interest(rsps, body="<html>captcha</html>")),
            "malformed answer (JSONDecodeError)",
        ),
        (
            lambda rsps: rsps.add("POST", f"{PYTRENDS_BASE}/api/explore", body=requests.ReadTimeout()),
            "timed out after 2 s",
        ),
    ],
)
@responses.activate
def test_pytrends_failures_leave_the_feed_stored_and_say_why(google, settings, register, error):
    responses.add_passthru(google.url_for("/"))
    settings.TRENDS_KEYWORDS = ["coffee"]
    serve_feed(google)
    add_pytrends_cookie(responses.mock)
    register(responses.mock)

    run = services.source_refresh(source="google")

    assert run.status == RunStatus.PARTIAL and run.items == 3
    assert run.error == f"interest over time (coffee): {error}"
    assert (run.retry_after is not None) == ("429" in error)
