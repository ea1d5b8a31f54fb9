"""The one way this project builds a PRAW client, for publishing, connecting and trends.

Every client gets our timeouts (through `socialtrend.outbound`'s adapter, which
overrides prawcore's own 16 s) and never retries or sleeps on its own: a
retried submit after a lost answer would post twice, and a sleeping worker
holds a thread, so every retry decision is the caller's.
"""

from dataclasses import dataclass
from urllib.parse import urlsplit

import praw
import requests
from django.conf import settings
from prawcore.sessions import RetryStrategy

from socialtrend.outbound import with_timeouts

# Where prawcore trades a refresh token, a code or the app's credentials for an access token.
# Its failures come as a plain `prawcore.ResponseException`, whatever the status.
TOKEN_PATH = "/api/v1/access_token"  # noqa: S105 - a path, not a secret


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
        # PRAW sleeps on a RATELIMIT answer shorter than this; 0: never.
        ratelimit_seconds=0,
        check_for_updates=False,
        requestor_kwargs={"session": with_timeouts(requests.Session(), timeout=timeout)},
    )
    for core in (reddit._core, reddit._authorized_core, reddit._read_only_core):
        if core is not None:
            core._retry_strategy_class = _SingleAttempt
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
