"""Threads publisher: the container flow of the Threads API.

1. `GET /{user-id}/threads_publishing_limit?fields=quota_usage,config`: 250 posts a
   rolling day; nothing is created for a post that cannot go out;
2. `POST /{user-id}/threads`: a TEXT, IMAGE or VIDEO container, or one child per
   item (`is_carousel_item=true`) and a CAROUSEL parent (`children`); Threads fetches
   the media itself from its signed `public_url`;
3. `GET /{container-id}?fields=status,error_message` until FINISHED, every
   THREADS_POLL_INTERVAL seconds for at most THREADS_POLL_MAX_WAIT;
4. `POST /{user-id}/threads_publish` (`creation_id`), the only step anyone sees;
5. `GET /{media-id}?fields=permalink`.

A container still processing at the deadline is kept (`RetryableError.resume`) and
polled again by the next attempt instead of being made again. When `threads_publish`
gives no answer, the container's status tells what happened (Meta's troubleshooting
page): PUBLISHED (look the post up among the account's newest), FINISHED (not
published: the next attempt publishes the same container), anything else unknown.
"""

import hashlib
import json
import logging
import time
from datetime import UTC, datetime, timedelta

from django.conf import settings

from networks.meta_graph import GraphObjectMissing, classifier
from networks.publishing import AccountRef, Lookup, MediaFile, Publisher, PublishRequest, PublishResult
from networks.threads import MAX_CAROUSEL, REPLY_CONTROLS, SPEC
from socialtrend.outbound import (
    HttpClient,
    OutboundError,
    OutcomeUnknownError,
    PermanentError,
    RetryableError,
)

logger = logging.getLogger(__name__)

classify = classifier(SPEC.label)
QUOTA_RETRY_SECONDS = 86400.0
# Containers expire after 24 hours; one older than this is not worth polling again.
CONTAINER_REUSE_SECONDS = 23 * 3600
FIND_SLACK = timedelta(minutes=5)
FIND_LIMIT = 25
REPLY_CONTROL_VALUES = tuple(value for value, _ in REPLY_CONTROLS)


def api_base() -> str:
    return f"{settings.THREADS_GRAPH_URL}/{settings.THREADS_API_VERSION}"


def media_key(request: PublishRequest) -> str:
    """What a container was made of: a kept one is used only for the same text, files and options."""
    items = [(item.kind, item.mime_type, item.size, item.path.name) for item in request.media]
    return hashlib.sha256(json.dumps([request.text, items, dict(request.options)]).encode()).hexdigest()[:16]


class ThreadsPublisher(Publisher):
    network = SPEC.name
    # Meta suggests waiting about 30 seconds after a container is created; reads are immediate after publishing.
    visible_after = 0.0

    def __init__(self, *, http: HttpClient | None = None):
        self.http = http or HttpClient(classify=classify)

    def publish(self, request: PublishRequest) -> PublishResult:
        _check(request)
        user, token = request.account.remote_id, request.account.access_token
        container = self._kept_container(request)
        if container is None:
            self._check_quota(user, token)
            created_at = time.time()
            create = self._create_carousel if len(request.media) > 1 else self._create_single
            container = create(request), created_at
        deadline = time.monotonic() + settings.THREADS_POLL_MAX_WAIT
        try:
            status = self._wait(container[0], token, deadline)
        except RetryableError as exc:
            exc.resume = {"media_key": media_key(request), "container_id": container[0], "created_at": container[1]}
            raise
        if status == "PUBLISHED":  # an earlier attempt's threads_publish went through after all
            return self._found_or_unknown(request, since=container[1])
        return self._publish_container(request, container)

    def verify(self, account: AccountRef, remote_id: str) -> Lookup:
        try:
            answer = self._get(remote_id, {"fields": "id,permalink", "access_token": account.access_token})
        except GraphObjectMissing:
            return Lookup(found=False)
        return Lookup(found=True, remote_id=remote_id, url=answer.get("permalink", ""))

    def find(self, request: PublishRequest, published_after: datetime) -> Lookup | None:
        answer = self._get(
            f"{request.account.remote_id}/threads",
            {
                "fields": "id,text,timestamp,permalink",
                "limit": str(FIND_LIMIT),
                "access_token": request.account.access_token,
            },
        )
        for post in answer.get("data") or []:
            if (post.get("text") or "").strip() != request.text.strip():
                continue
            try:  # Threads timestamps read "2026-12-01T10:00:00+0000"
                created = datetime.strptime(post.get("timestamp", ""), "%Y-%m-%dT%H:%M:%S%z")
            except ValueError:
                continue
            if created >= published_after - FIND_SLACK:
                return Lookup(found=True, remote_id=post["id"], url=post.get("permalink", ""))
        return Lookup(found=False)

    def delete(self, account: AccountRef, remote_id: str) -> None:
        """`DELETE /{media-id}` (the threads_delete permission; 100 deletions a day)."""
        try:
            self.http.request(
                "DELETE", f"{api_base()}/{remote_id}", params={"access_token": account.access_token}, safe_to_retry=True
            )
        except GraphObjectMissing:
            return

    def _kept_container(self, request: PublishRequest) -> tuple[str, float] | None:
        state = request.resume
        if not state or state.get("media_key") != media_key(request):
            return None
        container_id, created_at = state.get("container_id"), state.get("created_at")
        if not isinstance(container_id, str) or not isinstance(created_at, int | float):
            return None
        if time.time() - created_at > CONTAINER_REUSE_SECONDS:
            return None
        return container_id, float(created_at)

    def _check_quota(self, user: str, token: str) -> None:
        answer = self._get(f"{user}/threads_publishing_limit", {"fields": "quota_usage,config", "access_token": token})
        entry = (answer.get("data") or [{}])[0]
        usage, config = entry.get("quota_usage", 0), entry.get("config") or {}
        total = config.get("quota_total")
        if total is not None and usage >= total:
            window = float(config.get("quota_duration") or QUOTA_RETRY_SECONDS)
            raise RetryableError(
                f"Threads publishing limit reached ({usage} of {total} posts in {window / 3600:.0f} hours); "
                "trying again when the window has moved on",
                retry_after=window,
            )

    def _create_single(self, request: PublishRequest) -> str:
        fields = _item_fields(request.media[0]) if request.media else {"media_type": "TEXT"}
        return self._create(request, {**fields, **_post_fields(request)})

    def _create_carousel(self, request: PublishRequest) -> str:
        deadline = time.monotonic() + settings.THREADS_POLL_MAX_WAIT
        children = [self._create(request, {**_item_fields(item), "is_carousel_item": "true"}) for item in request.media]
        for child in children:  # a video child must be processed before the carousel refers to it
            if self._wait(child, request.account.access_token, deadline) != "FINISHED":
                raise RetryableError("Threads let a carousel item expire before it was used; new ones are made")
        return self._create(
            request, {"media_type": "CAROUSEL", "children": ",".join(children), **_post_fields(request)}
        )

    def _create(self, request: PublishRequest, fields: dict[str, str]) -> str:
        response = self.http.request(
            "POST",
            f"{api_base()}/{request.account.remote_id}/threads",
            data={**fields, "access_token": request.account.access_token},
            safe_to_retry=True,  # an unpublished container: nobody sees it
        )
        return str(response.json()["id"])

    def _wait(self, container_id: str, token: str, deadline: float) -> str:
        """Poll until FINISHED, PUBLISHED or EXPIRED (returned); ERROR raises."""
        while True:
            body = self._get(container_id, {"fields": "status,error_message", "access_token": token})
            status = body.get("status")
            if status in ("FINISHED", "PUBLISHED"):
                return status
            if status == "EXPIRED":
                raise RetryableError("Threads let the container expire before it was published; a new one is made")
            if status == "ERROR":
                raise PermanentError(f"Threads could not process the media: {body.get('error_message') or 'UNKNOWN'}")
            if time.monotonic() + settings.THREADS_POLL_INTERVAL > deadline:
                raise RetryableError(
                    f"Threads is still processing the media after {settings.THREADS_POLL_MAX_WAIT:.0f}s; "
                    "the next attempt polls the same container",
                    retry_after=settings.THREADS_POLL_MAX_WAIT,
                )
            time.sleep(settings.THREADS_POLL_INTERVAL)  # Meta asks for sparse polling: the interval is a setting

    def _publish_container(self, request: PublishRequest, container: tuple[str, float]) -> PublishResult:
        token, started = request.account.access_token, time.time()
        try:
            response = self.http.request(
                "POST",
                f"{api_base()}/{request.account.remote_id}/threads_publish",
                data={"creation_id": container[0], "access_token": token},
                safe_to_retry=False,
            )
        except OutcomeUnknownError as lost:
            return self._after_lost_answer(request, container, lost, since=started)
        media_id = str(response.json()["id"])
        return PublishResult(remote_id=media_id, url=self._permalink(media_id, token), http_status=200)

    def _after_lost_answer(
        self, request: PublishRequest, container: tuple[str, float], lost: OutcomeUnknownError, *, since: float
    ) -> PublishResult:
        try:
            status = self._get(container[0], {"fields": "status", "access_token": request.account.access_token}).get(
                "status"
            )
        except OutboundError as exc:
            raise OutcomeUnknownError(
                f"{lost.message}; the container's status could not be read either ({exc.message})",
                http_status=lost.http_status,
            ) from lost
        logger.warning("delivery %s: threads_publish gave no answer; its container is %s", request.delivery_id, status)
        if status == "PUBLISHED":
            return self._found_or_unknown(request, since=since)
        if status == "FINISHED":
            raise RetryableError(
                f"{lost.message}; Threads has not published it (the container is FINISHED): the next attempt "
                "publishes the same container",
                http_status=lost.http_status,
                resume={"media_key": media_key(request), "container_id": container[0], "created_at": container[1]},
            )
        raise OutcomeUnknownError(
            f"{lost.message}; the container answered status {status!r}", http_status=lost.http_status
        )

    def _found_or_unknown(self, request: PublishRequest, *, since: float) -> PublishResult:
        """The container reads PUBLISHED but no media id came back: find the post."""
        since_time = datetime.fromtimestamp(since, UTC)
        try:
            found = self.find(request, since_time)
        except OutboundError:
            found = None
        if found is None or not found.found:
            return PublishResult(
                remote_id="",
                http_status=200,
                warning="Published: Threads reports the container as PUBLISHED, but the post's id did not come back "
                "and it is not among the account's newest posts; check the account.",
            )
        return PublishResult(remote_id=found.remote_id, url=found.url, http_status=200)

    def _permalink(self, media_id: str, token: str) -> str:
        try:
            return self._get(media_id, {"fields": "permalink", "access_token": token}).get("permalink", "")
        except OutboundError:
            return ""  # the post is live; a missing link is no reason to report a failure

    def _get(self, path: str, params: dict[str, str]) -> dict:
        return self.http.request("GET", f"{api_base()}/{path}", params=params).json()


def _check(request: PublishRequest) -> None:
    if not request.text.strip() and not request.media:
        raise PermanentError("A Threads post needs text or media")
    if len(request.media) > MAX_CAROUSEL:
        raise PermanentError(f"Threads carousels hold at most {MAX_CAROUSEL} items")
    if any(not item.public_url for item in request.media):
        raise PermanentError("Threads fetches media by URL: PUBLIC_BASE_URL must be set")
    if request.options.get("reply_control", "everyone") not in REPLY_CONTROL_VALUES:
        raise PermanentError(f"Threads reply_control must be one of {', '.join(REPLY_CONTROL_VALUES)}")


def _item_fields(item: MediaFile) -> dict[str, str]:
    if item.kind == "video":
        return {"media_type": "VIDEO", "video_url": item.public_url}
    return {"media_type": "IMAGE", "image_url": item.public_url}


def _post_fields(request: PublishRequest) -> dict[str, str]:
    """What the published container carries: the text and who may reply."""
    fields = {"reply_control": str(request.options.get("reply_control") or "everyone")}
    if request.text:
        fields["text"] = request.text
    return fields
