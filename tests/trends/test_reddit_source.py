"""Reddit through PRAW against a local fake (PRAW's oauth_url / reddit_url)."""

import time

import pytest
from werkzeug import Response

from tests.fakes.reddit import expect_listing, expect_token, listing, post
from trends import services
from trends.models import RunStatus, TrendItem

pytestmark = pytest.mark.django_db


def test_hot_and_rising_posts_become_items_with_upvotes_and_comments(reddit):
    expect_token(reddit)
    expect_listing(
        reddit,
        "python",
        "hot",
        listing(
            post("a1", "Python 3.15\u0000 released\n", score=900, comments=100),
            post("a2", "Rules of this sub", score=5000, comments=3, stickied=True),
            post("a3", "Not for work", score=800, comments=1, over_18=True),
            post("a4", "Typing tips", score=300, comments=50),
        ),
    )
    expect_listing(reddit, "python", "rising", listing(post("a4", "Typing tips", score=300, comments=50)))

    run = services.source_refresh(source="reddit")

    assert run.status == RunStatus.SUCCESS and run.items == 2
    release = TrendItem.objects.get(source="reddit", key="a1")
    assert release.title == "Python 3.15 released" and release.category == "r/python" and release.region == ""
    assert release.url == "https://www.reddit.com/r/python/comments/a1/slug/"
    point = release.snapshots.get()
    assert (point.value, point.rank) == (1000, 1)
    assert point.metrics == {"upvotes": 900, "comments": 100, "upvote_ratio": 0.9, "listings": ["hot"]}
    assert TrendItem.objects.get(key="a4").snapshots.get().metrics["listings"] == ["hot", "rising"]
    token_request = reddit.log[0][0]
    assert token_request.path == "/api/v1/access_token"
    assert token_request.form["grant_type"] == "client_credentials"


def test_429_fails_the_run_with_reddits_retry_after(reddit):
    expect_token(reddit)
    reddit.expect_request("/r/python/hot").respond_with_data("", status=429, headers={"Retry-After": "60"})

    run = services.source_refresh(source="reddit")

    assert run.status == RunStatus.FAILED and run.error == "r/python: rate limited (HTTP 429)"
    assert 55 < (run.retry_after - run.finished_at).total_seconds() <= 60
    assert services.source_refresh(source="reddit") is None


def test_one_bad_subreddit_leaves_the_others_stored(reddit, settings):
    settings.TRENDS_REDDIT_SUBREDDITS = ["python", "private", "nosuchplace"]
    expect_token(reddit)
    expect_listing(reddit, "python", "hot", listing(post("b1", "Hello", score=10, comments=1)))
    expect_listing(reddit, "python", "rising", listing())
    reddit.expect_request("/r/private/hot").respond_with_json({"reason": "private"}, status=403)
    reddit.expect_request("/r/nosuchplace/hot").respond_with_data(
        "", status=302, headers={"Location": "/subreddits/search?q=nosuchplace"}
    )

    run = services.source_refresh(source="reddit")

    assert run.status == RunStatus.PARTIAL and run.items == 1
    assert run.error == "r/private: answered HTTP 403\nr/nosuchplace: no such subreddit"


@pytest.mark.parametrize(
    ("body", "error"),
    [
        ("<html>maintenance</html>", "malformed answer (not JSON)"),
        ('{"kind": "Listing", "data": {"children": [{"kind": "t3", "data": {"id": "x"}}]}}', "malformed answer"),
    ],
)
def test_malformed_answers_fail_the_run(reddit, body, error):
    expect_token(reddit)
    reddit.expect_request("/r/python/hot").respond_with_data(body, content_type="application/json")

    run = services.source_refresh(source="reddit")

    assert run.status == RunStatus.FAILED and run.error.startswith(f"r/python: {error}")


def test_rejected_credentials_fail_the_run(reddit):
    reddit.expect_request("/api/v1/access_token", method="POST").respond_with_json(
        {"error": "invalid_grant"}, status=200
    )

    run = services.source_refresh(source="reddit")

    assert run.status == RunStatus.FAILED and run.error == "r/python: credentials rejected (invalid_grant)"


def test_timeout_fails_the_run_at_once_without_prawcores_retries(reddit, settings):
    settings.TRENDS_HTTP_TIMEOUT = 0.2
    expect_token(reddit)

    def slow(request):
        time.sleep(0.5)
        return Response("{}", content_type="application/json")

    reddit.expect_request("/r/python/hot").respond_with_handler(slow)

    run = services.source_refresh(source="reddit")

    assert run.status == RunStatus.FAILED and run.error == "r/python: timed out after 0.2 s"
