"""Reddit publisher: PRAW's `Subreddit.submit` for text, link, image and video posts.

The subreddit and title come from the delivery's per-network options
(`subreddit`, `title`, optional `url` for a link post). PRAW is told never to
sleep on a rate limit (`ratelimit_seconds=0`) and prawcore never to retry on
its own: a retried submit after a lost answer would post twice, so every
retry decision is the pipeline's. Image and video posts get their link back
over Reddit's websocket, as PRAW documents.
"""

import re
from dataclasses import dataclass

import praw
import prawcore
import requests
from django.conf import settings
from praw.exceptions import MediaPostFailed, RedditAPIException, WebSocketException
from praw.models import PostMedia
from prawcore.sessions import RetryStrategy

from posts.publishers.base import (
    AuthError,
    OutcomeUnknownError,
    PermanentError,
    Publisher,
    PublishError,
    PublishRequest,
    PublishResult,
    RetryableError,
)
from socialtrend.networks import Network
from socialtrend.outbound import error_for_exception, error_for_status, with_timeouts

SCOPES = ["identity", "submit"]
_DELAY = re.compile(r"(\d+) (millisecond|second|minute)")


@dataclass(frozen=True)
class _SingleAttempt(RetryStrategy):
    """prawcore retry strategy that never retries (and never sleeps)."""

    def _sleep_seconds(self) -> float | None:
        return None

    def consume_available_retry(self) -> "_SingleAttempt":
        return self

    def should_retry_on_failure(self) -> bool:
        return False


class _Requestor(prawcore.Requestor):
    """Applies our read timeout: prawcore's session passes its own 16 s default on every call."""

    def request(self, *args, timeout: float | None = None, **kwargs):  # type: ignore[no-untyped-def]
        return super().request(*args, timeout=self.timeout, **kwargs)


def reddit_client(*, refresh_token: str | None = None) -> praw.Reddit:
    """A PRAW client built from settings, with our timeouts and without PRAW's retries and sleeps."""
    reddit = praw.Reddit(
        client_id=settings.REDDIT_CLIENT_ID,
        client_secret=settings.REDDIT_CLIENT_SECRET,
        redirect_uri=settings.REDDIT_REDIRECT_URI,
        user_agent=settings.REDDIT_USER_AGENT,
        refresh_token=refresh_token,
        reddit_url=settings.REDDIT_URL,
        oauth_url=settings.REDDIT_OAUTH_URL,
        ratelimit_seconds=0,
        check_for_updates=False,
        requestor_class=_Requestor,
        requestor_kwargs={"session": with_timeouts(requests.Session()), "timeout": settings.NETWORK_READ_TIMEOUT},
    )
    for core in (reddit._core, reddit._authorized_core, reddit._read_only_core):
        if core is not None:
            core._retry_strategy_class = _SingleAttempt
    return reddit


def rate_limit_delay(message: str) -> float:
    match = _DELAY.search(message or "")
    if not match:
        return 600.0
    amount, unit = int(match.group(1)), match.group(2)
    return {"millisecond": amount / 1000, "second": amount, "minute": amount * 60}[unit]


def classify_reddit_error(exc: Exception) -> PublishError:
    if isinstance(exc, RedditAPIException):
        for item in exc.items:
            if item.error_type == "RATELIMIT":
                return RetryableError(f"Reddit rate limit: {item.message}", retry_after=rate_limit_delay(item.message))
        return PermanentError(
            "Reddit refused the post: " + "; ".join(f"{i.error_type}: {i.message}" for i in exc.items)
        )
    if isinstance(exc, prawcore.TooManyRequests):
        delay = float(exc.retry_after) if exc.retry_after else 60.0
        return RetryableError("Reddit rate limit (HTTP 429)", retry_after=delay, http_status=429)
    if isinstance(exc, prawcore.InvalidToken | prawcore.InsufficientScope | prawcore.OAuthException):
        return AuthError(f"Reddit refused the credentials: {exc}")
    if isinstance(exc, prawcore.Forbidden):
        # A 403 from Reddit is a banned, private or restricted subreddit, not a bad token.
        return PermanentError("Reddit forbids posting there (banned, private or restricted subreddit)", http_status=403)
    if isinstance(exc, prawcore.ResponseException):
        return error_for_status(exc.response, safe_to_retry=False)
    if isinstance(exc, prawcore.RequestException):
        return error_for_exception(exc.original_exception, safe_to_retry=False)
    if isinstance(exc, MediaPostFailed):  # a WebSocketException subclass: test it first
        return PermanentError("Reddit could not process the uploaded media")
    if isinstance(exc, WebSocketException):
        return OutcomeUnknownError(f"Reddit took the media post but its confirmation was lost: {exc}")
    return PermanentError(f"Reddit: {exc}")


class RedditPublisher(Publisher):
    network = Network.REDDIT

    def publish(self, request: PublishRequest) -> PublishResult:
        subreddit, title = request.options.get("subreddit", ""), request.options.get("title", "")
        if not subreddit or not title:
            raise PermanentError("Reddit posts need a subreddit and a title")
        if len(request.media) > 1:
            raise PermanentError("Reddit posts from SocialTrend carry at most one image or video")
        reddit = reddit_client(refresh_token=request.account.refresh_token)
        target = reddit.subreddit(subreddit)
        try:
            submission = self._submit(target, title, request)
        except (RedditAPIException, prawcore.PrawcoreException, WebSocketException, MediaPostFailed) as exc:
            raise classify_reddit_error(exc) from exc
        return PublishResult(
            remote_id=submission.id, url=f"https://www.reddit.com/r/{subreddit}/comments/{submission.id}/"
        )

    @staticmethod
    def _submit(target, title: str, request: PublishRequest):  # type: ignore[no-untyped-def]
        body = request.text or None
        if request.media:
            item = request.media[0]
            media = PostMedia(str(item.path))
            kind = "video" if item.kind == "video" else "image"
            return target.submit(title, selftext=body, timeout=int(settings.NETWORK_READ_TIMEOUT), **{kind: media})
        if request.options.get("url"):
            return target.submit(title, url=request.options["url"], selftext=body)
        return target.submit(title, selftext=request.text)
