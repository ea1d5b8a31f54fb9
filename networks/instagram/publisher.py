"""Instagram publisher: Graph API content publishing (Instagram API with Instagram Login).

Flow: read the account's publishing quota, create one container per item
(image, reel, or carousel children plus a parent), poll each container's
`status_code` until FINISHED within a bounded wait, then `media_publish`.
Instagram fetches the media itself, from the signed `public_url` of each file.
Containers that are never published expire unseen, so every step before
`media_publish` is safe to repeat; `media_publish` itself is not.
Errors are classified by Meta's error-code table: code and subcode, not the HTTP status.
The optional first comment (`POST /{ig-media-id}/comments`) follows the
publication; the post is live by then, so its failure is only a warning.
"""

import logging
import re
import time

import requests
from django.conf import settings

from networks.instagram import SPEC
from networks.publishing import MediaFile, Publisher, PublishRequest, PublishResult
from socialtrend.outbound import (
    AuthError,
    HttpClient,
    OutboundError,
    PermanentError,
    RetryableError,
    retry_after_seconds,
)

logger = logging.getLogger(__name__)

TOKEN_ERROR_CODES = {190, 102}
THROTTLE_CODES = {4, 17, 32, 613}
# Meta's error-code table (Instagram Platform > Error Codes), (code, error_subcode); all HTTP 400.
PUBLISH_LIMIT = (9, 2207042)  # "try again the following day"
SPAM_RESTRICTION = (4, 2207051)  # code 4 is also the app's rate limit: the subcode tells them apart
ACCOUNT_RESTRICTED = (25, 2207050)
# "Try again" with the same container (the next attempt reads it before publishing it).
RETRY_SAME_CONTAINER = {(-1, 2207001), (24, 2207008), (9007, 2207027)}
# "Generate a new container and use it to try again".
RETRY_NEW_CONTAINER = {(-2, 2207003), (-2, 2207020), (-1, 2207032), (-1, 2207053), (24, 2207006)}
RETRYABLE_SUBCODES = {subcode for _, subcode in RETRY_SAME_CONTAINER | RETRY_NEW_CONTAINER}
# 2207008: "Try again 1-2 times in the next 30 seconds to 2 minutes. If unsuccessful, generate a new container".
TEMPORARY_PUBLISH_ERROR = 2207008
SAME_CONTAINER_RETRIES = 2
TABLE_RETRY_SECONDS = 60.0
# The quota is a rolling 24 hours (`quota_duration`); Meta: "Advise the app's user to try again the following day."
QUOTA_RETRY_SECONDS = 86400.0
MAX_CAROUSEL = 10
SUBCODE_RE = re.compile(r"\b(22\d{5})\b")
# What a few permanent container errors mean (the table's "Recommended Solution").
CONTAINER_ERROR_HINTS = {
    2207004: "the image is larger than 8 MiB",
    2207005: "the image format is not supported (JPEG only)",
    2207009: "the image's aspect ratio must be between 4:5 and 1.91:1",
    2207026: "the video format is not supported (MOV or MP4, see Meta's video specifications)",
    2207052: "Instagram could not fetch the media from its link (PUBLIC_BASE_URL must be reachable from the internet)",
}
SPAM_MESSAGE = (
    "Instagram blocked this post as suspected spam (error 4/2207051: it restricts activity to protect its "
    "community). Nothing was published, and it will not be retried. Open the Instagram app to see whether the "
    "account has a warning or a temporary block, tell Instagram from there if you think it made a mistake, and "
    "retry the post later, with fewer posts in a row."
)
RESTRICTED_MESSAGE = (
    "The Instagram account is inactive, checkpointed or restricted (error 25/2207050). Nothing was published: "
    "sign in to the Instagram app, complete what it asks to re-enable the account, then retry the post."
)


class GraphRetryableError(RetryableError):
    """A Graph error Meta's table says to retry; `new_container` when it says to generate a new container."""

    def __init__(
        self,
        message: str,
        *,
        subcode: int | None = None,
        new_container: bool = False,
        retry_after: float | None = None,
        http_status: int | None = None,
    ) -> None:
        super().__init__(message, retry_after=retry_after, http_status=http_status)
        self.subcode = subcode
        self.new_container = new_container


def classify_graph_error(response: requests.Response) -> OutboundError | None:
    """Graph API errors carry their meaning in `error.code` and `error.error_subcode`, not in the HTTP status."""
    try:
        error = response.json()["error"]
    except (ValueError, KeyError, TypeError):
        return None
    if not isinstance(error, dict):
        return None
    code, subcode = error.get("code"), error.get("error_subcode")
    pair, status = (code, subcode), response.status_code
    label = f"{code}/{subcode}" if subcode is not None else f"{code}"
    detail = error.get("error_user_msg") or error.get("message") or ""
    message = f"Instagram error {label}: {detail}".strip()
    if code in TOKEN_ERROR_CODES:
        return AuthError(message, http_status=status)
    if pair == SPAM_RESTRICTION:
        return PermanentError(SPAM_MESSAGE, http_status=status)
    if pair == ACCOUNT_RESTRICTED:
        return PermanentError(RESTRICTED_MESSAGE, http_status=status)
    if pair == PUBLISH_LIMIT:
        return RetryableError(
            f"{message} (Instagram's daily publishing limit; trying again in 24 hours)",
            retry_after=QUOTA_RETRY_SECONDS,
            http_status=status,
        )
    if pair in RETRY_SAME_CONTAINER or pair in RETRY_NEW_CONTAINER:
        return GraphRetryableError(
            message,
            subcode=subcode,
            new_container=pair in RETRY_NEW_CONTAINER,
            retry_after=TABLE_RETRY_SECONDS,
            http_status=status,
        )
    if code in THROTTLE_CODES or error.get("is_transient"):
        delay = retry_after_seconds(response.headers, default=300.0)
        return RetryableError(message, retry_after=delay, http_status=status)
    return None


def container_error(body: dict) -> OutboundError:
    """A container whose status_code is ERROR: its `status` names the subcode. An ERROR container is
    never published; the table says which subcodes are worth a new container."""
    text = str(body.get("status") or "")
    found = SUBCODE_RE.search(text)
    subcode = int(found.group(1)) if found else None
    if subcode in RETRYABLE_SUBCODES:
        return GraphRetryableError(
            f"Instagram could not process the media (ERROR {subcode}: {text}); trying again with a new container",
            subcode=subcode,
            new_container=True,
            retry_after=TABLE_RETRY_SECONDS,
        )
    hint = CONTAINER_ERROR_HINTS.get(subcode or 0)
    return PermanentError(f"Instagram could not process the media (ERROR{f': {hint}' if hint else ''}): {text}")


class InstagramPublisher(Publisher):
    network = SPEC.name

    def __init__(self, *, http: HttpClient | None = None):
        self.http = http or HttpClient(classify=classify_graph_error)
        self.base = f"{settings.INSTAGRAM_GRAPH_URL}/{settings.INSTAGRAM_GRAPH_VERSION}"

    def publish(self, request: PublishRequest) -> PublishResult:
        _check_media(request.media)
        token, user_id = request.account.access_token, request.account.remote_id
        self._check_quota(user_id, token)
        # One deadline for every container of this post, so a carousel waits no longer than a photo.
        deadline = time.monotonic() + settings.INSTAGRAM_POLL_MAX_WAIT
        if len(request.media) == 1:
            fields = _item_fields(request.media[0], carousel=False)
        else:
            children = [
                self._create_container(user_id, token, _item_fields(item, carousel=True)) for item in request.media
            ]
            for child in children:
                self._wait_until_finished(child, token, deadline)
            fields = {"media_type": "CAROUSEL", "children": ",".join(children)}
        container = self._create_container(user_id, token, fields, caption=request.text)
        self._wait_until_finished(container, token, deadline)
        response = self.http.request(
            "POST",
            f"{self.base}/{user_id}/media_publish",
            data={"creation_id": container, "access_token": token},
            safe_to_retry=False,
        )
        media_id = response.json()["id"]
        warning = self._post_first_comment(request, media_id)
        return PublishResult(remote_id=media_id, url=self._permalink(media_id, token), http_status=200, warning=warning)

    def _check_quota(self, user_id: str, token: str) -> None:
        response = self.http.request(
            "GET",
            f"{self.base}/{user_id}/content_publishing_limit",
            params={"fields": "config,quota_usage", "access_token": token},
        )
        entries = response.json().get("data") or [{}]
        usage = entries[0].get("quota_usage", 0)
        config = entries[0].get("config") or {}
        total = config.get("quota_total")
        if total is not None and usage >= total:
            window = float(config.get("quota_duration") or QUOTA_RETRY_SECONDS)
            raise RetryableError(
                f"Instagram publishing limit reached ({usage} of {total} in {window / 3600:.0f} hours); "
                "trying again when the window has moved on",
                retry_after=window,
            )

    def _create_container(self, user_id: str, token: str, fields: dict, *, caption: str | None = None) -> str:
        data = {**fields, "access_token": token}
        if caption is not None:
            data["caption"] = caption
        response = self.http.request("POST", f"{self.base}/{user_id}/media", data=data, safe_to_retry=True)
        return response.json()["id"]

    def _wait_until_finished(self, container_id: str, token: str, deadline: float) -> None:
        while True:
            response = self.http.request(
                "GET", f"{self.base}/{container_id}", params={"fields": "status_code,status", "access_token": token}
            )
            body = response.json()
            status = body.get("status_code")
            if status == "FINISHED":
                return
            if status == "ERROR":
                raise container_error(body)
            if status == "EXPIRED":
                raise PermanentError("Instagram let the container expire before it was published")
            if status == "PUBLISHED":
                raise PermanentError("Instagram reports this container as already published")
            if time.monotonic() + settings.INSTAGRAM_POLL_INTERVAL > deadline:
                raise RetryableError(
                    f"Instagram is still processing the media after {settings.INSTAGRAM_POLL_MAX_WAIT:.0f}s",
                    retry_after=settings.INSTAGRAM_POLL_MAX_WAIT,
                )
            # The documentation asks for sparse polling; the interval is a setting.
            time.sleep(settings.INSTAGRAM_POLL_INTERVAL)

    def _post_first_comment(self, request: PublishRequest, media_id: str) -> str:
        """Comment on the new post when asked to; returns a warning for the user, "" if all went well.

        Never raises: the post is already live, and failing or retrying the
        delivery would publish it a second time.
        """
        message = request.options.get("first_comment") or ""
        if not message.strip():
            return ""
        try:
            # Not retried either: a comment that did go through would be duplicated.
            self.http.request(
                "POST",
                f"{self.base}/{media_id}/comments",
                data={"message": message, "access_token": request.account.access_token},
                safe_to_retry=False,
            )
        except OutboundError as exc:
            logger.warning("delivery %s: Instagram first comment not posted: %s", request.delivery_id, exc.message)
            return f"Published, but the first comment was not posted: {exc.message}"
        return ""

    def _permalink(self, media_id: str, token: str) -> str:
        try:
            response = self.http.request(
                "GET", f"{self.base}/{media_id}", params={"fields": "permalink", "access_token": token}
            )
        except OutboundError:
            return ""  # the post is live; a missing link is no reason to report a failure
        return response.json().get("permalink", "")


def _check_media(media: tuple[MediaFile, ...]) -> None:
    if not media:
        raise PermanentError("Instagram posts need at least one image or video")
    if len(media) > MAX_CAROUSEL:
        raise PermanentError(f"Instagram carousels hold at most {MAX_CAROUSEL} items")
    if any(not item.public_url for item in media):
        raise PermanentError("Instagram fetches media by URL: PUBLIC_BASE_URL must be set")
    if any(item.kind == "image" and item.mime_type != "image/jpeg" for item in media):
        raise PermanentError("Instagram accepts JPEG images only")


def _item_fields(item: MediaFile, *, carousel: bool) -> dict:
    if item.kind == "video":
        if carousel:
            return {"media_type": "VIDEO", "video_url": item.public_url, "is_carousel_item": "true"}
        return {"media_type": "REELS", "video_url": item.public_url, "share_to_feed": "true"}
    if carousel:
        return {"image_url": item.public_url, "is_carousel_item": "true"}
    return {"image_url": item.public_url}
