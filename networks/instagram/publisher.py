"""Instagram publisher: Graph API content publishing (Instagram API with Instagram Login).

Flow: read the account's publishing quota, create one container per item
(image, reel, or carousel children plus a parent), poll each container's
`status_code` until FINISHED within a bounded wait, then `media_publish`.
Instagram fetches the media itself, from the signed `public_url` of each file.

Containers cost: an account may create 400 a rolling day, and each lives 24
hours. So what an attempt created is kept for the next one
(`RetryableError.resume`, handed back as `request.resume`): a reel still
processing at the deadline is polled again rather than created again, and a
container whose `media_publish` failed or went unanswered is read before it
is published again. A container can be published once, and the next attempt
publishes it only if it still reads FINISHED, so keeping it is also what
makes a retry after a lost answer safe. Meta's error-code table says, error by
error, whether to retry with the same container or a new one.

After `media_publish` gives no answer (a read timeout, a 5xx), the container's
`status_code` tells what happened, as Meta's troubleshooting section advises:
PUBLISHED (the post is live: its id is looked up among the account's newest
media), FINISHED or IN_PROGRESS (not published yet: retried on the same
container), ERROR or EXPIRED (never published: a new container); only a
status that cannot be read leaves the outcome unknown.

The optional first comment (`POST /{ig-media-id}/comments`) follows the
publication; the post is live by then, so its failure is only a warning.

A publication is read back by its media id (`GET /{ig-media-id}?fields=permalink`;
one that is gone answers error 100/33, "Object with ID ... does not exist");
an unknown outcome is looked for among the account's newest media by caption
and timestamp.
"""

import hashlib
import json
import logging
import re
import time
from dataclasses import dataclass, field
from datetime import datetime

import requests
from django.conf import settings

from networks.instagram import SPEC
from networks.meta_graph import classify_common, describe, graph_error
from networks.publishing import AccountRef, Lookup, MediaFile, Publisher, PublishRequest, PublishResult
from socialtrend.outbound import (
    HttpClient,
    OutboundError,
    OutcomeUnknownError,
    PermanentError,
    RetryableError,
    error_for_status,
)

logger = logging.getLogger(__name__)

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
# Meta's media specifications (IG User Media reference) and caption limits; the API refuses
# anything else only after a container was spent on it (36000/2207004, 36003/2207009, 100/2207040).
MAX_IMAGE_BYTES = 8 * 1024 * 1024
MAX_REEL_BYTES = 300 * 1024 * 1024
MIN_ASPECT, MAX_ASPECT = 4 / 5, 1.91
ASPECT_SLACK = 0.005
MAX_MENTIONS = 20
MENTION_RE = re.compile(r"(?<![\w@])@[A-Za-z0-9._]+")
# Containers expire after 24 hours; one older than this is not worth polling again.
CONTAINER_REUSE_SECONDS = 23 * 3600
# How far back (clock skew, a slow publish) a live post's timestamp may be and still be ours.
TIMESTAMP_SLACK_SECONDS = 300
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
    """Graph API errors carry their meaning in `error.code` and `error.error_subcode`, not in the HTTP status:
    Instagram's own table first (its code 4 subcode is a spam block, not the rate limit), then Meta's common codes."""
    error = graph_error(response)
    if error is None:
        return None
    pair, status = (error.get("code"), error.get("error_subcode")), response.status_code
    message = describe("Instagram", error)
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
            subcode=pair[1],
            new_container=pair in RETRY_NEW_CONTAINER,
            retry_after=TABLE_RETRY_SECONDS,
            http_status=status,
        )
    return classify_common(response, label="Instagram")


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


@dataclass
class Container:
    id: str
    created_at: float
    resumed: bool = False

    def dump(self) -> dict:
        return {"container_id": self.id, "created_at": int(self.created_at)}

    @classmethod
    def load(cls, data: object) -> "Container | None":
        """A container kept by an earlier attempt, if it is still young enough to be used."""
        if not isinstance(data, dict):
            return None
        container_id, created_at = data.get("container_id"), data.get("created_at")
        if not isinstance(container_id, str) or not isinstance(created_at, int | float):
            return None
        if time.time() - created_at > CONTAINER_REUSE_SECONDS:
            return None
        return cls(container_id, float(created_at), resumed=True)


@dataclass
class Progress:
    """The containers of one post so far: what `RetryableError.resume` carries to the next attempt.

    `parent` is the container `media_publish` gets (the only one of a single image or reel, the
    CAROUSEL container of a carousel); `children` are a carousel's items, one slot per media file.
    """

    key: str
    children: list[Container | None] = field(default_factory=list)
    parent: Container | None = None
    publish_retries: int = 0

    @classmethod
    def load(cls, request: PublishRequest) -> "Progress":
        key = media_key(request)
        slots = len(request.media) if len(request.media) > 1 else 0
        fresh = cls(key, [None] * slots)
        state = request.resume
        if not state or state.get("media_key") != key:
            return fresh  # nothing kept, or kept for another version of the post
        children = state.get("children") or []
        if not isinstance(children, list) or len(children) != slots:
            return fresh
        retries = state.get("publish_retries", 0)
        return cls(
            key,
            [Container.load(child) for child in children],
            Container.load(state),
            retries if isinstance(retries, int) else 0,
        )

    def dump(self) -> dict:
        if self.parent is None and not any(self.children):
            return {}
        state: dict = {"media_key": self.key}
        if self.parent is not None:
            state.update(self.parent.dump(), publish_retries=self.publish_retries)
        if self.children:
            state["children"] = [child.dump() if child else None for child in self.children]
        return state

    def forget_parent(self) -> None:
        self.parent, self.publish_retries = None, 0

    def forget_all(self) -> None:
        self.forget_parent()
        self.children = [None] * len(self.children)


def media_key(request: PublishRequest) -> str:
    """What the containers were made of: a kept container is used only for the same caption and files."""
    items = [(item.kind, item.mime_type, item.size, item.path.name) for item in request.media]
    return hashlib.sha256(json.dumps([request.text, items]).encode()).hexdigest()[:16]


class InstagramPublisher(Publisher):
    network = SPEC.name
    # A published media object is readable at once; its permalink can take a little longer.
    visible_after = 30.0

    def __init__(self, *, http: HttpClient | None = None):
        self.http = http or HttpClient(classify=classify_graph_error)
        self.base = f"{settings.INSTAGRAM_GRAPH_URL}/{settings.INSTAGRAM_GRAPH_VERSION}"

    def verify(self, account: AccountRef, remote_id: str) -> Lookup:
        response = self.http.send(
            "GET",
            f"{self.base}/{remote_id}",
            params={"fields": "id,permalink", "access_token": account.access_token},
            safe_to_retry=True,
        )
        if _does_not_exist(response):
            return Lookup(found=False)
        if not response.ok:
            raise classify_graph_error(response) or error_for_status(response, safe_to_retry=True)
        return Lookup(found=True, remote_id=remote_id, url=response.json().get("permalink", ""))

    def find(self, request: PublishRequest, published_after: datetime) -> Lookup:
        media = self._recent_media(request, since=published_after.timestamp())
        if media is None:
            return Lookup(found=False)
        url = media.get("permalink") or self._permalink(media["id"], request.account.access_token)
        return Lookup(found=True, remote_id=media["id"], url=url)

    def publish(self, request: PublishRequest) -> PublishResult:
        _check_media(request.media)
        _check_caption(request.text)
        progress = Progress.load(request)
        try:
            return self._publish(request, progress)
        except RetryableError as exc:
            exc.resume = progress.dump()  # whatever is still worth using on the next attempt
            raise

    def _publish(self, request: PublishRequest, progress: Progress) -> PublishResult:
        token, user_id = request.account.access_token, request.account.remote_id
        # One deadline for every container of this post, so a carousel waits no longer than a photo.
        deadline = time.monotonic() + settings.INSTAGRAM_POLL_MAX_WAIT
        if progress.parent is None:
            self._check_quota(user_id, token)  # before spending containers on a post that cannot go out
        if progress.parent is None and len(request.media) > 1:
            for slot, item in enumerate(request.media):
                if progress.children[slot] is None:
                    progress.children[slot] = self._create_container(user_id, token, _item_fields(item, carousel=True))
            for slot, item in enumerate(request.media):
                self._wait_for_child(request, progress, slot, item, deadline)
            children = ",".join(child.id for child in progress.children if child)
            progress.parent = self._create_container(
                user_id, token, {"media_type": "CAROUSEL", "children": children}, caption=request.text
            )
        elif progress.parent is None:
            progress.parent = self._create_container(
                user_id, token, _item_fields(request.media[0], carousel=False), caption=request.text
            )
        status = self._wait_for_parent(request, progress, deadline)
        if status == "PUBLISHED":  # an earlier attempt's media_publish went through after all
            return self._published(request, since=progress.parent.created_at)
        return self._media_publish(request, progress)

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

    def _create_container(self, user_id: str, token: str, fields: dict, *, caption: str | None = None) -> Container:
        data = {**fields, "access_token": token}
        if caption is not None:
            data["caption"] = caption
        created_at = time.time()
        response = self.http.request("POST", f"{self.base}/{user_id}/media", data=data, safe_to_retry=True)
        return Container(response.json()["id"], created_at)

    def _wait_for_child(
        self, request: PublishRequest, progress: Progress, slot: int, item: MediaFile, deadline: float
    ) -> None:
        token, user_id = request.account.access_token, request.account.remote_id
        while True:
            child = progress.children[slot]
            assert child is not None
            try:
                status = self._wait_until_finished(child, token, deadline)
            except GraphRetryableError as exc:
                if exc.new_container:
                    progress.children[slot] = None
                raise
            if status == "FINISHED":
                return
            if status == "EXPIRED" and child.resumed:  # kept too long: make it again now
                progress.children[slot] = self._create_container(user_id, token, _item_fields(item, carousel=True))
                continue
            if status == "EXPIRED":
                progress.children[slot] = None
                raise RetryableError("Instagram let a carousel item expire before it was published")
            # A carousel item is published with its carousel, which this post never got to.
            raise OutcomeUnknownError("Instagram reports a carousel item as PUBLISHED: the post may already be live")

    def _wait_for_parent(self, request: PublishRequest, progress: Progress, deadline: float) -> str:
        """Wait for the container to publish; returns "FINISHED" or "PUBLISHED"."""
        token, user_id = request.account.access_token, request.account.remote_id
        parent = progress.parent
        assert parent is not None
        try:
            status = self._wait_until_finished(parent, token, deadline)
        except GraphRetryableError as exc:
            if exc.new_container:
                progress.forget_parent()
            raise
        if status == "EXPIRED" and parent.resumed and len(request.media) == 1:
            progress.parent = self._create_container(
                user_id, token, _item_fields(request.media[0], carousel=False), caption=request.text
            )
            return self._wait_for_parent(request, progress, deadline)
        if status == "EXPIRED":  # a carousel's children expire with it: start again on the next attempt
            progress.forget_all()
            raise RetryableError("Instagram let the container expire before it was published; a new one is made")
        return status

    def _wait_until_finished(self, container: Container, token: str, deadline: float) -> str:
        """Poll until the container is FINISHED, PUBLISHED or EXPIRED (returned) or ERROR (raised)."""
        while True:
            body = self._read_container(container.id, token)
            status = body.get("status_code")
            if status in ("FINISHED", "PUBLISHED", "EXPIRED"):
                return status
            if status == "ERROR":
                raise container_error(body)
            if time.monotonic() + settings.INSTAGRAM_POLL_INTERVAL > deadline:
                raise RetryableError(
                    f"Instagram is still processing the media after {settings.INSTAGRAM_POLL_MAX_WAIT:.0f}s; "
                    "the next attempt polls the same container",
                    retry_after=settings.INSTAGRAM_POLL_MAX_WAIT,
                )
            # The documentation asks for sparse polling; the interval is a setting.
            time.sleep(settings.INSTAGRAM_POLL_INTERVAL)

    def _read_container(self, container_id: str, token: str) -> dict:
        response = self.http.request(
            "GET", f"{self.base}/{container_id}", params={"fields": "status_code,status", "access_token": token}
        )
        return response.json()

    def _media_publish(self, request: PublishRequest, progress: Progress) -> PublishResult:
        token, user_id = request.account.access_token, request.account.remote_id
        parent = progress.parent
        assert parent is not None
        started = time.time()
        try:
            response = self.http.request(
                "POST",
                f"{self.base}/{user_id}/media_publish",
                data={"creation_id": parent.id, "access_token": token},
                safe_to_retry=False,
            )
        except GraphRetryableError as exc:
            retries = progress.publish_retries + 1
            if exc.new_container or (exc.subcode == TEMPORARY_PUBLISH_ERROR and retries > SAME_CONTAINER_RETRIES):
                progress.forget_all()
            else:
                progress.publish_retries = retries
            raise
        except OutcomeUnknownError as exc:
            return self._after_lost_answer(request, progress, exc, since=started)
        media_id = response.json()["id"]
        warning = self._post_first_comment(request, media_id)
        return PublishResult(remote_id=media_id, url=self._permalink(media_id, token), http_status=200, warning=warning)

    def _after_lost_answer(
        self, request: PublishRequest, progress: Progress, lost: OutcomeUnknownError, *, since: float
    ) -> PublishResult:
        """media_publish may or may not have published: the container's status_code says which."""
        parent = progress.parent
        assert parent is not None
        try:
            body = self._read_container(parent.id, request.account.access_token)
        except OutboundError as exc:
            raise OutcomeUnknownError(
                f"{lost.message}; the container's status could not be read either ({exc.message})",
                http_status=lost.http_status,
            ) from lost
        status = body.get("status_code")
        logger.warning("delivery %s: media_publish gave no answer; its container is %s", request.delivery_id, status)
        if status == "PUBLISHED":
            return self._published(request, since=since)
        if status in ("FINISHED", "IN_PROGRESS"):
            # Not published (yet). The next attempt reads this container again and publishes it only
            # if it still reads FINISHED; a container is published once.
            raise RetryableError(
                f"{lost.message}; Instagram has not published it (the container is {status}): "
                "the next attempt checks the same container before publishing it",
                retry_after=TABLE_RETRY_SECONDS,
                http_status=lost.http_status,
            )
        if status == "EXPIRED":
            progress.forget_all()
            raise RetryableError(
                f"{lost.message}; the container EXPIRED unpublished: the next attempt makes a new one",
                retry_after=TABLE_RETRY_SECONDS,
                http_status=lost.http_status,
            )
        if status == "ERROR":
            progress.forget_all()
            error = container_error(body)
            if isinstance(error, RetryableError):
                raise RetryableError(
                    f"{lost.message}; the container ended in ERROR unpublished: {error.message}",
                    retry_after=TABLE_RETRY_SECONDS,
                    http_status=lost.http_status,
                )
            raise PermanentError(f"Nothing was published: {error.message}", http_status=lost.http_status)
        raise OutcomeUnknownError(
            f"{lost.message}; the container answered status {status!r}", http_status=lost.http_status
        ) from lost

    def _published(self, request: PublishRequest, *, since: float) -> PublishResult:
        """The container reads PUBLISHED but its media id never came back: look for the post."""
        media = self._find_media(request, since=since)
        if media is None:
            warning = (
                "Published: Instagram reports the container as PUBLISHED, but the post's id did not come back "
                "and it could not be found among the account's newest posts; check the account."
            )
            if (request.options.get("first_comment") or "").strip():
                warning += " The first comment was not posted."
            return PublishResult(remote_id="", url="", http_status=200, warning=warning)
        warning = self._post_first_comment(request, media["id"])
        url = media.get("permalink") or self._permalink(media["id"], request.account.access_token)
        return PublishResult(remote_id=media["id"], url=url, http_status=200, warning=warning)

    def _find_media(self, request: PublishRequest, *, since: float) -> dict | None:
        """The account's newest post with this caption, published since `since`; None also when
        the account's media could not be read."""
        try:
            return self._recent_media(request, since=since)
        except (OutboundError, ValueError):
            return None

    def _recent_media(self, request: PublishRequest, *, since: float) -> dict | None:
        """Among the account's newest media (newest first), the one with this caption published since `since`."""
        response = self.http.request(
            "GET",
            f"{self.base}/{request.account.remote_id}/media",
            params={
                "fields": "id,caption,timestamp,permalink",
                "limit": 10,
                "access_token": request.account.access_token,
            },
        )
        for media in response.json().get("data") or []:
            if not isinstance(media, dict) or "id" not in media:
                continue
            if (media.get("caption") or "").strip() != request.text.strip():
                continue
            try:  # IG Media timestamps read "2026-12-01T10:00:00+0000"
                published = datetime.strptime(media.get("timestamp", ""), "%Y-%m-%dT%H:%M:%S%z").timestamp()
            except ValueError:
                continue
            if published >= since - TIMESTAMP_SLACK_SECONDS:
                return media
        return None

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


def _does_not_exist(response: requests.Response) -> bool:
    """Graph's answer for an object that is not there: error 100 with subcode 33."""
    try:
        error = response.json().get("error") or {}
    except ValueError:
        return False
    return response.status_code == 400 and (error.get("code"), error.get("error_subcode")) == (100, 33)


def _check_media(media: tuple[MediaFile, ...]) -> None:
    if not media:
        raise PermanentError("Instagram posts need at least one image or video")
    if len(media) > MAX_CAROUSEL:
        raise PermanentError(f"Instagram carousels hold at most {MAX_CAROUSEL} items")
    if any(not item.public_url for item in media):
        raise PermanentError("Instagram fetches media by URL: PUBLIC_BASE_URL must be set")
    if any(item.kind == "image" and item.mime_type != "image/jpeg" for item in media):
        raise PermanentError("Instagram accepts JPEG images only")
    for item in media:
        if item.kind == "image" and item.size > MAX_IMAGE_BYTES:
            raise PermanentError("Instagram accepts images of at most 8 MiB")
        if item.kind == "image" and item.width and item.height:
            ratio = item.width / item.height
            if not MIN_ASPECT - ASPECT_SLACK <= ratio <= MAX_ASPECT + ASPECT_SLACK:
                raise PermanentError(
                    f"Instagram accepts images with an aspect ratio between 4:5 and 1.91:1; "
                    f"this one is {item.width}x{item.height}"
                )
    if len(media) == 1 and media[0].kind == "video" and media[0].size > MAX_REEL_BYTES:
        raise PermanentError("Instagram accepts reels of at most 300 MB")


def _check_caption(text: str) -> None:
    mentions = len(MENTION_RE.findall(text))
    if mentions > MAX_MENTIONS:
        raise PermanentError(f"Instagram captions allow {MAX_MENTIONS} @mentions; this one has {mentions}")


def _item_fields(item: MediaFile, *, carousel: bool) -> dict:
    if item.kind == "video":
        if carousel:
            return {"media_type": "VIDEO", "video_url": item.public_url, "is_carousel_item": "true"}
        return {"media_type": "REELS", "video_url": item.public_url, "share_to_feed": "true"}
    if carousel:
        return {"image_url": item.public_url, "is_carousel_item": "true"}
    return {"image_url": item.public_url}
