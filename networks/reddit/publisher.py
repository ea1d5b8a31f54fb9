"""Reddit publisher: PRAW's `Subreddit.submit` for text, link, image and video posts.

The subreddit and title come from the delivery's per-network options
(`subreddit`, `title`, optional `url` for a link post). PRAW is told never to
sleep on a rate limit (`ratelimit_seconds=0`) and prawcore never to retry on
its own: a retried submit after a lost answer would post twice, so every
retry decision is the pipeline's. Image and video posts get their link back
over Reddit's websocket, as PRAW documents.
"""

import re

import prawcore
from django.conf import settings
from praw.exceptions import MediaPostFailed, RedditAPIException, WebSocketException
from praw.models import PostMedia

from networks.publishing import Publisher, PublishRequest, PublishResult
from networks.reddit import SPEC
from networks.reddit.client import account_client
from socialtrend.outbound import (
    AuthError,
    OutboundError,
    OutcomeUnknownError,
    PermanentError,
    RetryableError,
    error_for_exception,
    error_for_status,
)

SCOPES = ["identity", "submit"]
_DELAY = re.compile(r"(\d+) (millisecond|second|minute)")


def rate_limit_delay(message: str) -> float:
    match = _DELAY.search(message or "")
    if not match:
        return 600.0
    amount, unit = int(match.group(1)), match.group(2)
    return {"millisecond": amount / 1000, "second": amount, "minute": amount * 60}[unit]


def classify_reddit_error(exc: Exception) -> OutboundError:
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
    network = SPEC.name

    def publish(self, request: PublishRequest) -> PublishResult:
        subreddit, title = request.options.get("subreddit", ""), request.options.get("title", "")
        if not subreddit or not title:
            raise PermanentError("Reddit posts need a subreddit and a title")
        if len(request.media) > 1:
            raise PermanentError("Reddit posts from SocialTrend carry at most one image or video")
        reddit = account_client(refresh_token=request.account.refresh_token)
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
