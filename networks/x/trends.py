"""X through tweepy: recent post counts for tracked and watched keywords.

Method used: `tweepy.Client.get_recent_tweets_count(query, granularity="hour",
end_time=<the top of the hour>)`, i.e. `GET /2/tweets/counts/recent` with an
app-only bearer token: hourly buckets, the last 24 of them the last full day. Trends by
location are not used: v1.1 `trends/place` is gone from current plans and
tweepy 4.17 has no v2 trends call. Which plans include recent counts has
changed over time (Pro, then every pay-per-use app, billed per request, as of
late 2026); an app without it answers 403 `client-forbidden`, one whose credits
ran out 402, each recorded as a failed run that says so. What the errors mean
is read in `networks.x.errors`.
"""

from collections.abc import Iterable
from datetime import UTC, datetime, timedelta
from functools import partial
from urllib.parse import quote

import requests
import tweepy
from django.conf import settings

from networks.trends import FetchedTrend, Part, SourceError, SourceRateLimited, TrendSource, request_failure
from networks.x.errors import WINDOWS, credits_error, problem_kind, problem_of, rate_limit_error
from socialtrend.outbound import with_timeouts

HOURS_PER_DAY = 24


class XSource(TrendSource):
    name = "x"

    def __init__(self, *, bearer_token: str, keywords: list[str], timeout: float):
        self.keywords = keywords
        self.timeout = timeout
        # wait_on_rate_limit would sleep inside the worker with no cap.
        self.client = tweepy.Client(bearer_token=bearer_token, wait_on_rate_limit=False)
        with_timeouts(self.client.session, timeout=(timeout, timeout))  # tweepy itself sends no timeout

    def parts(self) -> Iterable[Part]:
        for keyword in self.keywords:
            yield f"recent counts '{keyword}'", partial(self._counts, keyword)

    def _counts(self, keyword: str) -> list[FetchedTrend]:
        try:
            response = self.client.get_recent_tweets_count(
                search_query(keyword), granularity="hour", end_time=last_full_hour()
            )
        except tweepy.TooManyRequests as exc:
            raise rate_limited(exc.response) from exc
        except (tweepy.Unauthorized, tweepy.Forbidden) as exc:
            problem = problem_of(exc.response)
            reason = problem.get("reason") or problem_kind(problem)
            raise SourceError(
                f"refused (HTTP {exc.response.status_code}): check the bearer token and that the app's access "
                "includes recent counts" + (f" (X: {reason})" if reason and reason != "about:blank" else "")
            ) from exc
        except tweepy.HTTPException as exc:
            if exc.response.status_code == 402:  # every other keyword would be refused the same way
                raise SourceRateLimited(f"{credits_error(exc.response).message} (HTTP 402)") from exc
            raise SourceError(f"answered HTTP {exc.response.status_code}") from exc
        except requests.JSONDecodeError as exc:
            raise SourceError("malformed answer (not JSON)") from exc
        except requests.RequestException as exc:
            raise request_failure(exc, self.timeout) from exc
        try:
            hourly = [int(bucket_count(bucket)) for bucket in response.data]
        except (KeyError, TypeError, ValueError) as exc:
            raise SourceError(f"malformed answer ({type(exc).__name__})") from exc
        meta = response.meta or {}
        last_day = sum(hourly[-HOURS_PER_DAY:])
        return [
            FetchedTrend(
                key=keyword,
                title=keyword,
                value=float(last_day),
                url=f"https://x.com/search?q={quote(keyword)}",
                category="keyword",
                metrics={
                    "posts_24h": last_day,
                    "posts_last_hour": hourly[-1] if hourly else 0,
                    "posts_7d": meta.get("total_tweet_count", meta.get("total_post_count")),
                },
            )
        ]


def last_full_hour() -> datetime:
    """The top of the hour, so that every bucket is a full hour: X's last bucket otherwise ends
    at the request (end_time must be at least 10 seconds before it)."""
    latest = datetime.now(tz=UTC) - timedelta(seconds=10)
    return latest.replace(minute=0, second=0, microsecond=0)


def bucket_count(bucket: dict) -> int:
    """A bucket's count: `tweet_count` as X answers (recorded) and its guides show; the OpenAPI
    spec (v2.167) renames it `post_count`, so either is read."""
    return bucket["tweet_count"] if "tweet_count" in bucket else bucket["post_count"]


def rate_limited(response: requests.Response) -> SourceRateLimited:
    """A 429 stops the run until the window that ran out resets: 15 minutes, 24 hours, or the monthly cap."""
    error = rate_limit_error(response)
    message = "rate limited" if error.message == WINDOWS["x-rate-limit"] else error.message
    return SourceRateLimited(f"{message} (HTTP 429)", retry_after_seconds=error.retry_after)


def search_query(keyword: str) -> str:
    """An exact phrase, without retweets, so counts measure new posts about it."""
    phrase = f'"{keyword}"' if " " in keyword else keyword
    return f"{phrase} -is:retweet"


def build_source(*, keywords: list[str]) -> XSource:
    return XSource(bearer_token=settings.TRENDS_X_BEARER_TOKEN, keywords=keywords, timeout=settings.TRENDS_HTTP_TIMEOUT)


def enabled() -> bool:
    return bool(settings.TRENDS_X_BEARER_TOKEN)
