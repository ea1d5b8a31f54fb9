"""Reddit publisher: PRAW's `Subreddit.submit` for text, link, image and video posts.

The subreddit and title come from the delivery's per-network options
(`subreddit`, `title`, optional `url` for a link post). PRAW and prawcore are
told never to sleep or retry on their own (`networks.reddit.client`): a
retried submit after a lost answer would post twice, so every retry decision
is the pipeline's. Only the submit itself publishes: a failure before it (the
token refresh, the upload lease, the media storage) is never "unknown". Image
and video posts get their link back over Reddit's websocket, as PRAW documents.

A post is read back through `/api/info` (scope `read`): a removed or deleted
one is still listed, marked by `removed_by_category`, and counts as not shown.
An unknown outcome is looked for among the account's own posts
(`/user/{name}/submitted`, scope `history`) by subreddit, title and time.
"""

import re
from datetime import datetime
from urllib.parse import urlsplit

import prawcore
import requests
from django.conf import settings
from praw.exceptions import (
    ClientException,
    MediaPostFailed,
    RedditAPIException,
    TooLargeMediaException,
    WebSocketException,
)
from praw.models import PostMedia

from networks.publishing import AccountRef, Lookup, Publisher, PublishRequest, PublishResult
from networks.reddit import SPEC
from networks.reddit.client import RateLimitUsedUp, account_client, is_token_answer, too_many_requests_delay
from socialtrend.outbound import (
    AuthError,
    ConfigurationError,
    OutboundError,
    OutcomeUnknownError,
    PermanentError,
    RetryableError,
    error_for_exception,
    error_for_status,
)

# `read` and `history` read posts back (verification); accounts connected before they were
# asked for cannot be verified until reconnected (their lookups answer 403 insufficient_scope).
SCOPES = ["identity", "submit", "read", "history"]
# How many of the account's newest posts an unknown outcome is looked for among.
RECENT_POSTS = 25
SUBMIT_PATH = "/api/submit"
# Reddit's RATELIMIT messages ("Take a break for 14 minutes before trying again.", "... for 202
# milliseconds ...") count in the units of its time formatter: milliseconds up to days.
_DELAY = re.compile(r"(\d+) (millisecond|second|minute|hour|day)s?\b")
_UNIT_SECONDS = {"millisecond": 0.001, "second": 1, "minute": 60, "hour": 3600, "day": 86400}


def rate_limit_delay(message: str) -> float:
    match = _DELAY.search(message or "")
    if not match:
        return 600.0
    return int(match.group(1)) * _UNIT_SECONDS[match.group(2)]


def classify_reddit_error(exc: Exception) -> OutboundError:
    if isinstance(exc, RedditAPIException):
        for item in exc.items:
            if item.error_type == "RATELIMIT":
                return RetryableError(f"Reddit rate limit: {item.message}", retry_after=rate_limit_delay(item.message))
        return PermanentError(
            "Reddit refused the post: " + "; ".join(f"{i.error_type}: {i.message}" for i in exc.items)
        )
    if isinstance(exc, prawcore.OAuthException):
        # The token endpoint's "200 with an error": a bad, used or expired authorization code is
        # `invalid_grant`; anything else (unsupported_grant_type, unauthorized_client) is the app's setup.
        if exc.error == "invalid_grant":
            return AuthError(f"Reddit did not accept the authorization ({exc.error})")
        return ConfigurationError(f"Reddit refused SocialTrend's Reddit app ({exc.error}): check its type and REDDIT_*")
    if isinstance(exc, prawcore.ResponseException) and is_token_answer(exc.response):
        return _token_error(exc.response)
    if isinstance(exc, prawcore.ResponseException) and _from_media_storage(exc.response):
        return _upload_error(exc.response)
    if isinstance(exc, prawcore.BadJSON):  # a 200 whose body is not JSON (cut short, an HTML page)
        if _is_submit(exc.response.url):
            return OutcomeUnknownError("Reddit answered the submit with a body that is not JSON: it may have posted")
        return RetryableError("Reddit answered with a body that is not JSON", http_status=exc.response.status_code)
    if isinstance(exc, requests.JSONDecodeError):  # prawcore reads the token endpoint's answer without a guard
        return RetryableError("Reddit's token endpoint answered with a body that is not JSON")
    if isinstance(exc, TooLargeMediaException):
        return PermanentError(f"the file is larger than Reddit takes ({exc.actual} bytes; at most {exc.maximum_size})")
    if isinstance(exc, RateLimitUsedUp):
        return RetryableError(str(exc), retry_after=exc.retry_after)
    if isinstance(exc, prawcore.TooManyRequests):
        delay = too_many_requests_delay(exc.response)
        return RetryableError(
            "Reddit rate limit (HTTP 429)", retry_after=60.0 if delay is None else delay, http_status=429
        )
    if isinstance(exc, prawcore.InsufficientScope):
        return AuthError(
            f"the account's authorization lacks a scope SocialTrend needs ({', '.join(SCOPES)}): "
            "reconnect the Reddit account",
            http_status=403,
        )
    if isinstance(exc, prawcore.InvalidToken):
        return AuthError(f"Reddit refused the credentials: {exc}", http_status=401)
    if isinstance(exc, prawcore.Forbidden):
        # A 403 from Reddit is a banned, private or restricted subreddit, not a bad token.
        return PermanentError("Reddit forbids posting there (banned, private or restricted subreddit)", http_status=403)
    if isinstance(exc, prawcore.ResponseException):
        return error_for_status(exc.response, safe_to_retry=not _is_submit(exc.response.url))
    if isinstance(exc, prawcore.RequestException):
        # Only the submit itself publishes; a lost answer from the token endpoint, the upload
        # lease or the media storage leaves nothing behind.
        url = str(exc.request_args[1]) if len(exc.request_args) > 1 else ""
        return error_for_exception(exc.original_exception, safe_to_retry=bool(url) and not _is_submit(url))
    if isinstance(exc, MediaPostFailed):  # a WebSocketException subclass: test it first
        return PermanentError("Reddit could not process the uploaded media")
    if isinstance(exc, WebSocketException):
        return OutcomeUnknownError(f"Reddit took the media post but its confirmation was lost: {exc}")
    return PermanentError(f"Reddit: {exc}")


def _post_url(subreddit: str, post_id: str) -> str:
    return f"https://www.reddit.com/r/{subreddit}/comments/{post_id}/"


def _read(call):  # type: ignore[no-untyped-def]
    """A lookup through PRAW, its errors classified as a publish's are. A missing scope is
    not the account's failure here: it only means this account's posts cannot be read back."""
    try:
        return call()
    except prawcore.InsufficientScope as exc:
        raise PermanentError(
            "the account's authorization does not let SocialTrend read its posts back: reconnect it",
            http_status=403,
        ) from exc
    except (RedditAPIException, prawcore.PrawcoreException, ClientException, requests.JSONDecodeError) as exc:
        raise classify_reddit_error(exc) from exc


def _token_error(response) -> OutboundError:  # response: requests.Response
    """A failed refresh of the account's access token, before anything was posted."""
    status = response.status_code
    if status == 400:
        # prawcore cassette TestAuthorizer.test_refresh__with_invalid_token: `400 {"error": 400}`.
        return AuthError(
            "Reddit refused the account's refresh token (revoked, or the app was removed from the account): "
            "reconnect the Reddit account",
            http_status=status,
        )
    if status == 401:  # the app's client id or secret, for every account alike
        return ConfigurationError(
            "Reddit refused SocialTrend's app credentials: check REDDIT_CLIENT_ID and REDDIT_CLIENT_SECRET",
            http_status=status,
        )
    return error_for_status(response, safe_to_retry=True, message=f"Reddit's token endpoint answered HTTP {status}")


def _is_submit(url: str | None) -> bool:
    return urlsplit(url or "").path.rstrip("/") == SUBMIT_PATH


def _from_media_storage(response) -> bool:  # response: requests.Response
    """PRAW posts media to the S3 host of the upload lease, not to Reddit's API."""
    return urlsplit(response.url or "").netloc != urlsplit(settings.REDDIT_OAUTH_URL).netloc


def _upload_error(response) -> OutboundError:
    """The media storage refused the file before anything was submitted: never the account's fault."""
    status = response.status_code
    message = f"Reddit's media storage refused the upload (HTTP {status}); nothing was posted"
    if status == 403 or status >= 500:  # an expired or refused upload policy, or S3 failing: a new lease may do
        return RetryableError(message, http_status=status)
    return PermanentError(message, http_status=status)


class RedditPublisher(Publisher):
    network = SPEC.name
    # Reddit lists a new post at once; its listings are cached for up to a minute.
    visible_after = 60.0

    def verify(self, account: AccountRef, remote_id: str) -> Lookup:
        reddit = account_client(refresh_token=account.refresh_token)
        things = _read(lambda: list(reddit.info(fullnames=[f"t3_{remote_id}"])))
        shown = [t for t in things if getattr(t, "removed_by_category", None) is None]
        if not shown:
            return Lookup(found=False)
        return Lookup(found=True, remote_id=remote_id, url=_post_url(shown[0].subreddit.display_name, remote_id))

    def find(self, request: PublishRequest, published_after: datetime) -> Lookup:
        subreddit, title = request.options.get("subreddit", ""), request.options.get("title", "")
        reddit = account_client(refresh_token=request.account.refresh_token)
        redditor = reddit.redditor(request.account.handle)
        recent = _read(lambda: list(redditor.submissions.new(limit=RECENT_POSTS)))
        since = published_after.timestamp()
        for submission in recent:
            if (
                submission.title == title
                and submission.subreddit.display_name.lower() == subreddit.lower()
                and submission.created_utc >= since
            ):
                return Lookup(found=True, remote_id=submission.id, url=_post_url(subreddit, submission.id))
        return Lookup(found=False)

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
        # ClientException: PRAW's own (media too large, websocket failures, a file type it cannot tell).
        except (RedditAPIException, prawcore.PrawcoreException, ClientException, requests.JSONDecodeError) as exc:
            raise classify_reddit_error(exc) from exc
        return PublishResult(remote_id=submission.id, url=_post_url(subreddit, submission.id))

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
