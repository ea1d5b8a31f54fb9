"""Mastodon publisher: statuses with media on the account's own instance.

1. the instance's limits (`GET /api/v2/instance`, cached per instance), checked
   before anything is sent: characters as Mastodon counts them (the content
   warning included), media count, types, sizes and description length;
2. each media item, `POST /api/v2/media` with its description; a 202 means the
   instance is still processing it: `GET /api/v1/media/:id` answers 206 until
   it is ready (200 with its `url`);
3. `POST /api/v1/statuses` with an `Idempotency-Key` derived from the delivery:
   Mastodon keeps the key an hour and answers a repeat with the status already
   made, so a retry after a lost answer (a 5xx, a read timeout) cannot post twice.
   A retry later than that could, so it becomes an unknown outcome instead.

Uploaded media ids and the time of the first unanswered status post are kept
across attempts (`resume`). The account's instance and id are in its options.
"""

import time
from datetime import datetime
from typing import Any, ClassVar

from networks.counting import countable_text, grapheme_count
from networks.mastodon import SPEC
from networks.mastodon.client import InstanceLimits, MastodonAPI
from networks.mastodon.instances import instance_host
from networks.publishing import AccountRef, Lookup, MediaFile, Publisher, PublishRequest, PublishResult
from socialtrend.outbound import NOT_TAKEN_5XX, OutcomeUnknownError, PermanentError, RetryableError

# Mastodon stores an Idempotency-Key for 3,600 s (PostStatusService#idempotency_key); stop relying
# on it well before, leaving room for clocks and the time a retry waits in the queue.
IDEMPOTENCY_TRUST_SECONDS = 45 * 60
# Mastodon removes media that no status used after a day (MediaCleanupScheduler): reuse uploads younger.
MEDIA_REUSE_SECONDS = 12 * 3600
# Statuses read back per page of the account's own statuses (Mastodon's maximum).
PAGE = 40


def idempotency_key(delivery_id: int) -> str:
    return f"socialtrend-delivery-{delivery_id}"


class MastodonPublisher(Publisher):
    network = SPEC.name
    # A status is stored before POST /api/v1/statuses answers: it can be read back at once.
    visible_after: ClassVar[float] = 0.0

    def publish(self, request: PublishRequest) -> PublishResult:
        api = api_for(request.account)
        spoiler = str(request.options.get("spoiler_text") or "")
        check_fits(api.limits(), request, spoiler=spoiler, host=instance_host(api.base_url))
        resume: dict[str, Any] = dict(request.resume)
        media_ids = self._media_ids(api, request, resume)
        first_sent = float(resume.get("status_first_sent_at") or 0)
        if first_sent and time.time() - first_sent > IDEMPOTENCY_TRUST_SECONDS:
            raise OutcomeUnknownError(
                "An earlier attempt got no answer and Mastodon forgets its idempotency key after an hour: "
                "check the account before retrying, or the status may appear twice."
            )
        body: dict[str, Any] = {"status": request.text, "visibility": request.options.get("visibility") or "public"}
        if spoiler:
            body["spoiler_text"] = spoiler
        if media_ids:
            body["media_ids"] = media_ids
        try:
            status = api.json(
                "POST",
                "/api/v1/statuses",
                json=body,
                headers={"Idempotency-Key": idempotency_key(request.delivery_id)},
                safe_to_retry=True,  # the key makes a repeat answer the status already made
            )
        except RetryableError as exc:
            # A 429 or 503 took nothing; a lost answer may have made the status (the key covers it for an hour).
            taken = exc.http_status is None or (exc.http_status >= 500 and exc.http_status not in NOT_TAKEN_5XX)
            exc.resume = {**resume, "status_first_sent_at": first_sent or time.time()} if taken else resume
            raise
        return PublishResult(remote_id=str(status["id"]), url=status.get("url") or status.get("uri") or "")

    def _media_ids(self, api: MastodonAPI, request: PublishRequest, resume: dict[str, Any]) -> list[str]:
        """Upload the media (or take last attempt's uploads) and wait until the instance processed them."""
        kept = resume.get("media_ids") or []
        fresh = time.time() - float(resume.get("media_uploaded_at") or 0) < MEDIA_REUSE_SECONDS
        if len(kept) == len(request.media) and fresh:
            media_ids = list(kept)
        else:
            media_ids = [str(api.upload(item, description=item.alt_text)["id"]) for item in request.media]
            resume.update(media_ids=media_ids, media_uploaded_at=time.time())
        try:
            api.wait_until_processed(media_ids)
        except RetryableError as exc:
            exc.resume = resume
            raise
        return media_ids

    def verify(self, account: AccountRef, remote_id: str) -> Lookup:
        """`GET /api/v1/statuses/:id`: 404 "Record not found" when it is gone (or not visible)."""
        try:
            status = api_for(account).json("GET", f"/api/v1/statuses/{remote_id}")
        except PermanentError as exc:
            if exc.http_status == 404:
                return Lookup(found=False)
            raise
        return Lookup(found=True, remote_id=str(status["id"]), url=status.get("url") or status.get("uri") or "")

    def find(self, request: PublishRequest, published_after: datetime) -> Lookup | None:
        """The account's own statuses since `published_after` (`GET /api/v1/accounts/:id/statuses`),
        matched on their source text and content warning (`GET /api/v1/statuses/:id/source`, as
        `content` is rendered HTML). None when the page does not reach back that far."""
        api = api_for(request.account)
        account_id = request.account.options.get("account_id") or request.account.remote_id.split("@", 1)[0]
        statuses = api.json(
            "GET", f"/api/v1/accounts/{account_id}/statuses", params={"limit": PAGE, "exclude_reblogs": "true"}
        )
        recent = [status for status in statuses if _created(status) >= published_after]
        spoiler = str(request.options.get("spoiler_text") or "")
        for status in recent:
            source = api.json("GET", f"/api/v1/statuses/{status['id']}/source")
            if source.get("text", "").strip() == request.text.strip() and (source.get("spoiler_text") or "") == spoiler:
                return Lookup(found=True, remote_id=str(status["id"]), url=status.get("url") or "")
        if len(statuses) == PAGE and len(recent) == len(statuses):
            return None  # more statuses since then than one page holds: undecided
        return Lookup(found=False)

    def delete(self, account: AccountRef, remote_id: str) -> None:
        """`DELETE /api/v1/statuses/:id`; a status already gone (404) counts as deleted."""
        try:
            api_for(account).call("DELETE", f"/api/v1/statuses/{remote_id}", safe_to_retry=True)
        except PermanentError as exc:
            if exc.http_status != 404:
                raise


def api_for(account: AccountRef) -> MastodonAPI:
    base_url = account.options.get("instance")
    if not base_url:
        raise PermanentError("This Mastodon account has no instance on record: reconnect it.")
    return MastodonAPI(base_url, token=account.access_token)


def check_fits(limits: InstanceLimits, request: PublishRequest, *, spoiler: str, host: str) -> None:
    """Refuse, before any call that creates something, what the instance would refuse."""
    length = grapheme_count(spoiler + countable_text(request.text))
    if length > limits.max_characters:
        raise PermanentError(
            f"{host} allows {limits.max_characters} characters per post (content warning included); "
            f"this one counts {length}."
        )
    if len(request.media) > limits.max_media_attachments:
        raise PermanentError(
            f"{host} allows {limits.max_media_attachments} media per post; this one has {len(request.media)}."
        )
    if problem := SPEC.media_mix_problem([item.kind for item in request.media]):
        raise PermanentError(problem)
    for number, item in enumerate(request.media, start=1):
        if problem := _media_problem(limits, item, host=host):
            raise PermanentError(f"Media {number}: {problem}")


def _media_problem(limits: InstanceLimits, item: MediaFile, *, host: str) -> str | None:
    if limits.supported_mime_types and item.mime_type not in limits.supported_mime_types:
        return f"{host} does not take {item.mime_type} files."
    limit = limits.video_size_limit if item.kind == "video" else limits.image_size_limit
    if item.size > limit:
        megabytes = item.size / (1024 * 1024)
        return f"{host} takes {item.kind}s up to {limit // (1024 * 1024)} MB; this one is {megabytes:.1f} MB."
    if len(item.alt_text) > limits.description_limit:
        return (
            f"{host} takes descriptions up to {limits.description_limit} characters; this one has {len(item.alt_text)}."
        )
    return None


def _created(status: dict[str, Any]) -> datetime:
    return datetime.fromisoformat(str(status["created_at"]).replace("Z", "+00:00"))
