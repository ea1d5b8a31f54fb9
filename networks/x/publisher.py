"""X publisher: tweets through tweepy's `Client.create_tweet` (API v2) with the user's OAuth 2.0 token.

tweepy 4.17 only speaks the v1.1 media upload, which X has retired, so media
goes through the v2 endpoints directly: one `POST /2/media/upload` for an
image, `initialize` / `append` / `finalize` (+ STATUS polling) for a video.
tweepy hard-codes api.twitter.com and gives its session no timeout: ours
mounts one. `wait_on_rate_limit` stays off (it would sleep in the worker).

An attempt that ends in a `RetryableError` after some media went up (a video X
is still processing, a 429 or 503 on the post) hands their ids back in
`resume`: the next attempt posts them rather than uploading again, unless X is
about to drop them (`expires_after_secs`). What each error means is read in
`networks.x.errors`.

A publication is read back with the post lookup (`GET /2/tweets/{id}`, which
answers 200 with a resource-not-found problem and no `data` for a post that is
not there); an unknown outcome is looked for among the user's own posts
(`GET /2/users/{id}/tweets` since the attempt) by its text, URLs aside (X
shortens them to t.co links).
"""

import re
import time
from collections.abc import Mapping
from datetime import UTC, datetime

import requests
import tweepy
from django.conf import settings

from networks.publishing import AccountRef, Lookup, MediaFile, Publisher, PublishRequest, PublishResult
from networks.x import SPEC
from networks.x.errors import classify_x_error
from socialtrend.outbound import (
    HttpClient,
    PermanentError,
    RetryableError,
    error_for_exception,
    error_for_status,
    with_timeouts,
)

CHUNK_BYTES = 4 * 1024 * 1024
MAX_MEDIA = 4
# Media that X drops sooner than this is uploaded again rather than posted.
EXPIRY_MARGIN = 600
# X's media best practices: "Image size: <= 5 MB" (enforced by the upload endpoint), video "must not exceed 512 mb".
MAX_BYTES = {"image": 5 * 2**20, "video": 512 * 2**20}
# The most posts one page of a user's posts holds (`max_results`, 5..100).
TIMELINE_PAGE = 100
URL = re.compile(r"https?://\S+")


class XPublisher(Publisher):
    network = SPEC.name

    # A new post is readable at once; a few seconds leave room for X's own replication.
    visible_after = 10.0

    def __init__(self, *, http: HttpClient | None = None):
        self.http = http or HttpClient(classify=classify_x_error)

    def verify(self, account: AccountRef, remote_id: str) -> Lookup:
        response = self._read(lambda client: client.get_tweet(remote_id, user_auth=False), account)
        if response.data is None:
            return Lookup(found=False)
        return Lookup(found=True, remote_id=remote_id, url=_tweet_url(account, remote_id))

    def find(self, request: PublishRequest, published_after: datetime) -> Lookup:
        account = request.account
        since = published_after.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
        response = self._read(
            lambda client: client.get_users_tweets(
                account.remote_id, start_time=since, max_results=TIMELINE_PAGE, user_auth=False
            ),
            account,
        )
        wanted = _comparable(request.text)
        match = next((tweet for tweet in response.data or [] if _comparable(tweet.text) == wanted), None)
        if match is None:
            return Lookup(found=False)
        return Lookup(found=True, remote_id=str(match.id), url=_tweet_url(account, str(match.id)))

    def delete(self, account: AccountRef, remote_id: str) -> None:
        self._read(lambda client: client.delete_tweet(remote_id, user_auth=False), account)

    @staticmethod
    def _read(call, account: AccountRef) -> tweepy.Response:
        """A read (or a delete) through tweepy, its errors classified as a publish's are;
        any of them may be asked again."""
        client = tweepy.Client(bearer_token=account.access_token, wait_on_rate_limit=False)
        with_timeouts(client.session)
        try:
            return call(client)
        except tweepy.HTTPException as exc:
            raise classify_x_error(exc.response) or error_for_status(exc.response, safe_to_retry=True) from exc
        except requests.RequestException as exc:
            raise error_for_exception(exc, safe_to_retry=True) from exc

    def publish(self, request: PublishRequest) -> PublishResult:
        if len(request.media) > MAX_MEDIA:
            raise PermanentError(f"X allows at most {MAX_MEDIA} media items")
        # X takes up to 4 photos or 1 video (a mix answers 400 "Your media IDs are invalid.").
        if problem := SPEC.media_mix_problem([item.kind for item in request.media]):
            raise PermanentError(problem)
        for item in request.media:
            limit = MAX_BYTES.get(item.kind)
            if limit and item.size > limit:
                raise PermanentError(
                    f"X takes {item.kind}s up to {limit // 2**20} MB; this one is {item.size / 2**20:.1f} MB"
                )
        token = request.account.access_token
        uploaded: list[dict] = []
        try:
            media_ids = self._media_ids(token, request, uploaded)
            client = tweepy.Client(bearer_token=token, wait_on_rate_limit=False)
            with_timeouts(client.session)
            try:
                response = client.create_tweet(text=request.text, media_ids=media_ids or None, user_auth=False)
            except tweepy.HTTPException as exc:
                raise classify_x_error(exc.response) or error_for_status(exc.response, safe_to_retry=False) from exc
            except requests.RequestException as exc:
                raise error_for_exception(exc, safe_to_retry=False) from exc
        except RetryableError as exc:
            # What went up stays up (until it expires): the next attempt posts it instead of uploading again.
            exc.resume = {**exc.resume, "media": uploaded}
            raise
        tweet_id = response.data["id"]
        return PublishResult(remote_id=tweet_id, url=_tweet_url(request.account, tweet_id), http_status=201)

    def _media_ids(self, token: str, request: PublishRequest, uploaded: list[dict]) -> list[str]:
        """Upload each media item, or take the one an earlier attempt uploaded (`resume["media"]`,
        one entry per item: its id, when X drops it, whether X was still processing it)."""
        earlier = [dict(e) if isinstance(e, Mapping) and e.get("id") else {} for e in request.resume.get("media") or []]
        headers = {"Authorization": f"Bearer {token}"}
        for index, item in enumerate(request.media):
            entry = earlier[index] if index < len(earlier) else {}
            if not entry or float(entry.get("expires_at", 0)) < time.time() + EXPIRY_MARGIN:
                entry = self._upload(headers, item)
            uploaded.append(entry)
            if entry.get("processing"):
                self._wait_for_processing(headers, entry["id"], entry.pop("info", None))
                entry.pop("processing")
        return [entry["id"] for entry in uploaded]

    def _upload(self, headers: dict, item: MediaFile) -> dict:
        url = f"{settings.X_API_URL}/2/media/upload"
        if item.kind == "image":
            response = self.http.request(
                "POST",
                url,
                headers=headers,
                files={"media": (item.path.name, item.path.read_bytes(), item.mime_type)},
                # Only the spec's fields (v2.167 forbids others): X reads the type from the bytes.
                data={"media_category": "tweet_image"},
                safe_to_retry=True,
            )
            return _uploaded(response.json()["data"])
        started = self.http.request(
            "POST",
            f"{url}/initialize",
            headers=headers,
            json={"media_type": item.mime_type, "total_bytes": item.size, "media_category": "tweet_video"},
            safe_to_retry=True,
        )
        media_id = started.json()["data"]["id"]
        with item.path.open("rb") as stream:
            for index, chunk in enumerate(iter(lambda: stream.read(CHUNK_BYTES), b"")):
                self.http.request(
                    "POST",
                    f"{url}/{media_id}/append",
                    headers=headers,
                    files={"media": ("chunk", chunk, "application/octet-stream")},
                    data={"segment_index": str(index)},
                    safe_to_retry=True,
                )
        finished = self.http.request("POST", f"{url}/{media_id}/finalize", headers=headers, safe_to_retry=True)
        data = finished.json()["data"]
        entry = _uploaded({"id": media_id, **data})
        info = data.get("processing_info")
        if info and info.get("state") != "succeeded":
            entry |= {"processing": True, "info": info}
        return entry

    def _wait_for_processing(self, headers: dict, media_id: str, info: dict | None) -> None:
        """Poll STATUS until X has processed the video (`info`: the last answer, None to ask first)."""
        url = f"{settings.X_API_URL}/2/media/upload"
        deadline = time.monotonic() + settings.X_MEDIA_MAX_WAIT
        while True:
            if info is None:
                status = self.http.request(
                    "GET", url, headers=headers, params={"command": "STATUS", "media_id": media_id}
                )
                info = status.json()["data"].get("processing_info") or {}
            state = info.get("state")
            if state in ("succeeded", None):
                return
            if state == "failed":
                # The spec's processing_info has no error object; older answers had {"code", "name", "message"}.
                error = info.get("error") or {}
                raise PermanentError(f"X could not process the video: {error.get('message', 'failed')}")
            wait = float(info.get("check_after_secs", 1))
            if time.monotonic() + wait > deadline:
                raise RetryableError("X is still processing the video", retry_after=max(wait, 1.0))
            time.sleep(wait)
            info = None


def _tweet_url(account: AccountRef, tweet_id: str) -> str:
    return f"https://x.com/{account.handle}/status/{tweet_id}"


def _comparable(text: str) -> str:
    return " ".join(URL.sub("", text).split())


def _uploaded(data: dict) -> dict:
    """What a later attempt needs of an upload: its id and when X drops it (`expires_after_secs`)."""
    return {"id": data["id"], "expires_at": int(time.time()) + int(data.get("expires_after_secs") or 86400)}
