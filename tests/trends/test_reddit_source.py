"""Reddit through PRAW against a local fake (PRAW's oauth_url / reddit_url)."""

import pytest

from tests.fakes.reddit import post
from trends import services
from trends.models import RunStatus, TrendItem

pytestmark = pytest.mark.django_db


def test_hot_and_rising_posts_become_items_with_upvotes_and_comments(reddit):
    python = reddit.community("python")
    python.hot = [
        post("a1", "Python 3.15\u0000 released\n", score=900, comments=100),
        post("a2", "Rules of this sub", score=5000, comments=3, stickied=True),
        post("a3", "Not for work", score=800, comments=1, over_18=True),
        post("a4", "Typing tips", score=300, comments=50),
    ]
    python.rising = [post("a4", "Typing tips", score=300, comments=50)]

    run = services.source_refresh(source="reddit")

    assert run.status == RunStatus.SUCCESS and run.items == 2
    release = TrendItem.objects.get(source="reddit", key="a1")
    assert release.title == "Python 3.15 released" and release.category == "r/python" and release.region == ""
    assert release.url == "https://www.reddit.com/r/python/comments/a1/slug/"
    point = release.snapshots.get()
    assert (point.value, point.rank) == (1000, 1)
    assert point.metrics == {"upvotes": 900, "comments": 100, "upvote_ratio": 0.9, "listings": ["hot"]}
    assert TrendItem.objects.get(key="a4").snapshots.get().metrics["listings"] == ["hot", "rising"]
    token_request = reddit.requests[0]
    assert token_request.path == "/api/v1/access_token"
    assert token_request.form["grant_type"] == "client_credentials"
    assert [r.args["limit"] for r in reddit.calls("GET /r/python/")] == ["12", "12"]  # 10 and the stickied


def test_posts_of_a_listing_across_subreddits_keep_their_own_community(reddit, settings):
    settings.TRENDS_REDDIT_SUBREDDITS = ["popular"]  # the default: posts from everywhere
    reddit.community("popular").hot = [
        post("p1", "What is a fact you know?", score=900, comments=400, subreddit="AskReddit"),
        post("p2", "My cat", score=800, comments=20, subreddit="pics"),
    ]

    run = services.source_refresh(source="reddit")

    assert run.status == RunStatus.SUCCESS
    assert dict(TrendItem.objects.values_list("key", "category")) == {"p1": "r/AskReddit", "p2": "r/pics"}


def test_429_fails_the_run_with_reddits_retry_after(reddit):
    reddit.script("GET /r/python/hot", status=429, body="", headers={"Retry-After": "60"})

    run = services.source_refresh(source="reddit")

    assert run.status == RunStatus.FAILED and run.error == "r/python: rate limited (HTTP 429)"
    assert 55 < (run.retry_after - run.finished_at).total_seconds() <= 60
    assert services.source_refresh(source="reddit") is None


def test_429_without_retry_after_backs_off_until_the_rate_limit_window_ends(reddit, settings):
    settings.TRENDS_BACKOFF_SECONDS = 600
    reddit.ratelimit_window(remaining=0, seconds=120)  # x-ratelimit-reset: seconds left, not an epoch

    run = services.source_refresh(source="reddit")

    assert run.status == RunStatus.FAILED and run.error == "r/python: rate limited (HTTP 429)"
    assert 115 < (run.retry_after - run.finished_at).total_seconds() <= 120


def test_a_used_up_window_fails_the_rest_of_the_run_instead_of_sleeping(reddit, settings):
    settings.TRENDS_REDDIT_SUBREDDITS = ["python", "test"]
    reddit.community("python").hot = [post("c1", "Hello", score=10, comments=1)]
    reddit.ratelimit_window(remaining=1, seconds=2)  # the first listing takes the last request

    run = services.source_refresh(source="reddit")

    assert run.status == RunStatus.FAILED
    assert run.error == "r/python: rate limit used up (x-ratelimit-remaining 0)"  # and r/test is not tried
    assert 0 < (run.retry_after - run.finished_at).total_seconds() <= 2
    assert len(reddit.calls("GET /r/")) == 1  # prawcore would have slept until the window ended


def test_one_bad_subreddit_leaves_the_others_stored_and_says_why(reddit, settings):
    settings.TRENDS_REDDIT_SUBREDDITS = ["python", "members", "gone", "nosuchplace"]
    reddit.community("python").hot = [post("b1", "Hello", score=10, comments=1)]
    reddit.community("members").access = "private"  # 403 {"reason": "private", ...}
    reddit.community("gone").access = "banned"  # 404 {"reason": "banned", ...}

    run = services.source_refresh(source="reddit")

    assert run.status == RunStatus.PARTIAL and run.items == 1
    assert run.error == (
        "r/members: answered HTTP 403 (private)\nr/gone: answered HTTP 404 (banned)\nr/nosuchplace: no such subreddit"
    )


def test_stickied_posts_are_left_out_without_taking_the_place_of_others(reddit, settings):
    settings.TRENDS_REDDIT_LIMIT = 2
    reddit.community("python").hot = [
        post("s1", "Weekly thread", score=50, comments=500, stickied=True),
        post("s2", "Rules", score=5, comments=0, stickied=True),
        *(post(f"h{n}", f"Post {n}", score=100 - n, comments=0) for n in range(4)),
    ]

    run = services.source_refresh(source="reddit")

    assert run.status == RunStatus.SUCCESS
    assert sorted(TrendItem.objects.filter(source="reddit").values_list("key", flat=True)) == ["h0", "h1"]


@pytest.mark.parametrize(
    ("body", "error"),
    [
        ("<html>maintenance</html>", "malformed answer (not JSON)"),
        ('{"kind": "Listing", "data": {"children": [{"kind": "t3", "data": {"id": "x"}}]}}', "malformed answer"),
    ],
)
def test_malformed_answers_fail_the_run(reddit, body, error):
    reddit.script("GET /r/python/hot", status=200, body=body)

    run = services.source_refresh(source="reddit")

    assert run.status == RunStatus.FAILED and run.error.startswith(f"r/python: {error}")


def test_rejected_app_credentials_fail_the_run(reddit, settings):
    settings.TRENDS_REDDIT_CLIENT_SECRET = "not-the-secret"  # Reddit answers 401 at the token endpoint

    run = services.source_refresh(source="reddit")

    assert run.status == RunStatus.FAILED
    assert run.error == "r/python: credentials rejected (HTTP 401: check TRENDS_REDDIT_CLIENT_ID and _SECRET)"
    assert reddit.calls("GET /r/python/hot") == []


def test_an_app_type_without_client_credentials_fails_the_run(reddit):
    # An "installed" app may not use client_credentials: 200 with an OAuth error.
    reddit.script(
        "POST /api/v1/access_token",
        status=200,
        body={
            "error": "unauthorized_client",
            "error_description": "Only confidential clients may use client_credentials auth",
        },
    )

    run = services.source_refresh(source="reddit")

    assert run.status == RunStatus.FAILED and run.error == "r/python: credentials rejected (unauthorized_client)"


def test_timeout_fails_the_run_at_once_without_prawcores_retries(reddit, settings):
    settings.TRENDS_HTTP_TIMEOUT = 0.2
    reddit.script("GET /r/python/hot", status=None, delay=0.5)

    run = services.source_refresh(source="reddit")

    assert run.status == RunStatus.FAILED and run.error == "r/python: timed out after 0.2 s"
    assert len(reddit.calls("GET /r/python/hot")) == 1
