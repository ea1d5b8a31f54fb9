"""The one way this project builds a PRAW client, for publishing, connecting and trends.

Every client gets our timeouts (through `socialtrend.outbound`'s adapter, which
overrides prawcore's own 16 s) and never retries or sleeps on its own: a
retried submit after a lost answer would post twice, and a sleeping worker
holds a thread, so every retry decision is the caller's. That covers three
places where PRAW and prawcore would sleep: prawcore's retries, PRAW's sleep
and re-POST on a short `RATELIMIT` answer, and prawcore's rate limiter, which
spreads requests over Reddit's window (up to 10 s before each) and sleeps
until the window ends (up to 10 minutes) once `x-ratelimit-remaining` reaches 0.
Here a used-up window raises `RateLimitUsedUp` before the next request instead.

Reddit's rate-limit headers (its API wiki; every API answer in the PRAW and
prawcore cassettes): `x-ratelimit-used`, `x-ratelimit-remaining` (a float such
as "599.0") and `x-ratelimit-reset`, the number of seconds until the window
ends (e.g. "244"), not an epoch.
"""

import math
import time
from dataclasses import dataclass
from urllib.parse import urlsplit

import praw
import prawcore
import requests
from django.conf import settings
from prawcore.rate_limit import RateLimiter
from prawcore.sessions import RetryStrategy

from socialtrend.outbound import retry_after_seconds, with_timeouts

# Where prawcore trades a refresh token, a code or the app's credentials for an access token.
# Its failures come as a plain `prawcore.ResponseException`, whatever the status.
TOKEN_PATH = "/api/v1/access_token"  # noqa: S105 - a path, not a secret


class RateLimitUsedUp(prawcore.PrawcoreException):
    """Reddit's rate-limit window has no request left: nothing was sent; try after `retry_after` seconds."""

    def __init__(self, retry_after: float):
        self.retry_after = retry_after
        super().__init__(f"Reddit's rate limit is used up for {math.ceil(retry_after)} s")


class _NoWaitRateLimiter(RateLimiter):
    """prawcore's limiter reading the same headers, minus its sleeps."""

    def delay(self) -> None:
        if self.remaining is None or self.remaining > 0 or self.next_request_timestamp_ns is None:
            return  # requests left in the window: go now rather than spread them out
        wait = (self.next_request_timestamp_ns - time.monotonic_ns()) / 1e9
        if wait > 0:
            raise RateLimitUsedUp(wait)


def too_many_requests_delay(response: requests.Response) -> float | None:
    """Seconds to wait after a 429: `Retry-After` when given, else until the window ends."""
    delay = retry_after_seconds(response.headers)
    if delay is not None:
        return delay
    try:
        return max(0.0, float(response.headers["x-ratelimit-reset"]))  # seconds from now
    except (KeyError, ValueError):
        return None


@dataclass(frozen=True)
class _SingleAttempt(RetryStrategy):
    """prawcore retry strategy that never retries (and never sleeps)."""

    def _sleep_seconds(self) -> float | None:
        return None

    def consume_available_retry(self) -> "_SingleAttempt":
        return self

    def should_retry_on_failure(self) -> bool:
        return False


def reddit_client(
    *,
    client_id: str,
    client_secret: str,
    user_agent: str,
    reddit_url: str,
    oauth_url: str,
    redirect_uri: str | None = None,
    refresh_token: str | None = None,
    timeout: tuple[float, float] | None = None,
) -> praw.Reddit:
    reddit = praw.Reddit(
        client_id=client_id,
        client_secret=client_secret,
        redirect_uri=redirect_uri,
        user_agent=user_agent,
        refresh_token=refresh_token,
        reddit_url=reddit_url,
        oauth_url=oauth_url,
        # PRAW sleeps on a RATELIMIT answer of at most this many seconds and posts again; at 0
        # it still does for one of milliseconds (0 s), so -1: never.
        ratelimit_seconds=-1,
        check_for_updates=False,
        requestor_kwargs={"session": with_timeouts(requests.Session(), timeout=timeout)},
    )
    for core in {id(c): c for c in (reddit._core, reddit._authorized_core, reddit._read_only_core) if c}.values():
        core._retry_strategy_class = _SingleAttempt
        core._rate_limiter = _NoWaitRateLimiter(window_size=core._rate_limiter.window_size)
    return reddit


def account_client(*, refresh_token: str | None = None) -> praw.Reddit:
    """A client of SocialTrend's Reddit app (REDDIT_* settings), for a person's account."""
    return reddit_client(
        client_id=settings.REDDIT_CLIENT_ID,
        client_secret=settings.REDDIT_CLIENT_SECRET,
        redirect_uri=settings.REDDIT_REDIRECT_URI,
        user_agent=settings.REDDIT_USER_AGENT,
        refresh_token=refresh_token,
        reddit_url=settings.REDDIT_URL,
        oauth_url=settings.REDDIT_OAUTH_URL,
    )


def is_token_answer(response: requests.Response) -> bool:
    """Whether a failed answer came from the token endpoint rather than from the API."""
    return urlsplit(response.url or "").path.endswith(TOKEN_PATH)
