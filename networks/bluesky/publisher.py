"""Publishing to Bluesky: an `app.bsky.feed.post` record in the account's repository.

1. `com.atproto.identity.resolveHandle` for each @mention (a mention's facet names a DID);
2. `com.atproto.repo.uploadBlob` for each image (at most 4, each at most 2,000,000 bytes,
   app.bsky.embed.images) or the one MP4 video (app.bsky.embed.video), with its alt text;
3. `com.atproto.repo.createRecord` (collection app.bsky.feed.post): the text, its facets
   (links, mentions, hashtags; UTF-8 byte offsets), the embed and `createdAt`.

The record's `at://` URI is the remote id; its last part (the record key) makes the
link `https://bsky.app/profile/<handle>/post/<rkey>`. Reading back is
`com.atproto.repo.getRecord`, looking up a post whose answer was lost is
`com.atproto.repo.listRecords` matched on text and time, deleting is
`com.atproto.repo.deleteRecord`. A video goes to the PDS as a blob, the documented
"simple method": Bluesky's video service processes it once the post is out, so the
post shows it a little later (uploading to video.bsky.app first is bsky.social's
own path, not something every PDS offers).
"""

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

from django.conf import settings

from networks.bluesky import DEFAULT_SERVICE, MAX_IMAGES, SPEC, alt_texts
from networks.bluesky.facets import facets
from networks.bluesky.xrpc import Xrpc, XrpcRefusal
from networks.publishing import AccountRef, Lookup, MediaFile, Publisher, PublishRequest, PublishResult
from socialtrend.outbound import PermanentError

POST = "app.bsky.feed.post"
# app.bsky.feed.post's `text`: maxLength 3000 (UTF-8 bytes) besides its 300 graphemes.
MAX_TEXT_BYTES = 3000
# app.bsky.embed.images#image: maxSize 2,000,000; app.bsky.embed.video: video/mp4, maxSize 300,000,000.
MAX_IMAGE_BYTES = 2_000_000
MAX_VIDEO_BYTES = 300_000_000
VIDEO_TYPE = "video/mp4"
# How far back `find` reads the account's posts, in pages of 100, and the clock skew it allows.
FIND_PAGES = 5
FIND_SLACK = timedelta(minutes=2)


class BlueskyPublisher(Publisher):
    network = SPEC.name
    # The PDS writes the record before it answers: getRecord sees it at once.
    visible_after = 0.0

    def publish(self, request: PublishRequest) -> PublishResult:
        account = request.account
        _check(request)
        xrpc = _client(account)
        record: dict = {"$type": POST, "text": request.text, "createdAt": _now()}
        resolved: dict[str, str | None] = {}
        if found := facets(request.text, resolve_handle=lambda handle: _did(xrpc, handle, resolved)):
            record["facets"] = found
        if request.media:
            record["embed"] = _embed(xrpc, request)
        created = xrpc.procedure(
            "com.atproto.repo.createRecord", body={"repo": account.remote_id, "collection": POST, "record": record}
        )
        uri = str(created.get("uri", ""))
        return PublishResult(remote_id=uri, url=post_url(account, uri))

    def verify(self, account: AccountRef, remote_id: str) -> Lookup:
        repo, collection, rkey = _parts(remote_id)
        try:
            record = _client(account).query("com.atproto.repo.getRecord", repo=repo, collection=collection, rkey=rkey)
        except XrpcRefusal as exc:
            if exc.error == "RecordNotFound":
                return Lookup(found=False)
            raise
        return Lookup(found=True, remote_id=record.get("uri", remote_id), url=post_url(account, remote_id))

    def find(self, request: PublishRequest, published_after: datetime) -> Lookup:
        account = request.account
        since = published_after - FIND_SLACK
        for record in _records_since(_client(account), account.remote_id, since):
            if record.get("value", {}).get("text") == request.text:
                return Lookup(found=True, remote_id=record["uri"], url=post_url(account, record["uri"]))
        return Lookup(found=False)

    def delete(self, account: AccountRef, remote_id: str) -> None:
        repo, collection, rkey = _parts(remote_id)
        body = {"repo": repo, "collection": collection, "rkey": rkey}
        # Deleting what is already gone answers 200: safe to send again.
        _client(account).procedure("com.atproto.repo.deleteRecord", body=body, safe_to_retry=True)


def post_url(account: AccountRef, uri: str) -> str:
    """The bsky.app link of an `at://<did>/app.bsky.feed.post/<rkey>` URI."""
    rkey = uri.rsplit("/", 1)[-1]
    return f"{settings.BLUESKY_APP_URL}/profile/{account.handle}/post/{rkey}" if rkey else ""


def _client(account: AccountRef) -> Xrpc:
    return Xrpc(account.options.get("service") or DEFAULT_SERVICE, token=account.access_token)


def _check(request: PublishRequest) -> None:
    """What the lexicons refuse, said before anything is uploaded."""
    size = len(request.text.encode("utf-8"))
    if size > MAX_TEXT_BYTES:
        raise PermanentError(f"Bluesky posts hold {MAX_TEXT_BYTES} bytes of UTF-8 text; this one has {size}.")
    for media in request.media:
        if media.kind == "video" and media.mime_type != VIDEO_TYPE:
            raise PermanentError(f"Bluesky videos must be MP4 ({VIDEO_TYPE}); {media.path.name} is {media.mime_type}.")
        limit = MAX_VIDEO_BYTES if media.kind == "video" else MAX_IMAGE_BYTES
        if media.size > limit:
            name, size = media.path.name, media.size
            raise PermanentError(f"Bluesky takes {media.kind}s of at most {limit:,} bytes; {name} has {size:,}.")
    if sum(media.kind == "image" for media in request.media) > MAX_IMAGES:
        raise PermanentError(f"Bluesky posts carry at most {MAX_IMAGES} images.")


def _now() -> str:
    return datetime.now(tz=UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def _did(xrpc: Xrpc, handle: str, resolved: dict[str, str | None]) -> str | None:
    """The DID of a mentioned handle, or None when it resolves to none (the mention stays text)."""
    if handle not in resolved:
        try:
            resolved[handle] = xrpc.query("com.atproto.identity.resolveHandle", handle=handle).get("did")
        except XrpcRefusal:  # 400 "Unable to resolve handle"
            resolved[handle] = None
    return resolved[handle]


def _embed(xrpc: Xrpc, request: PublishRequest) -> dict:
    alts = alt_texts(request.options)
    items = [
        {_blob_key(media): _upload(xrpc, media), "alt": _alt(alts, index, media), **_aspect(media)}
        for index, media in enumerate(request.media)
    ]
    if request.media[0].kind == "video":  # the spec lets a video only come alone
        return {"$type": "app.bsky.embed.video", **items[0]}
    return {"$type": "app.bsky.embed.images", "images": items}


def _alt(alts: list[str], index: int, media: MediaFile) -> str:
    """The post's `alt_text` line for this item, else the description saved with the media item."""
    line = alts[index] if index < len(alts) else ""
    return line or media.alt_text


def _blob_key(media: MediaFile) -> str:
    return "video" if media.kind == "video" else "image"


def _upload(xrpc: Xrpc, media: MediaFile) -> dict:
    with media.path.open("rb") as content:
        answer = xrpc.upload("com.atproto.repo.uploadBlob", data=content, mime_type=media.mime_type)
    if "blob" not in answer:
        raise PermanentError(f"Bluesky's uploadBlob answer for {media.path.name} carries no blob.")
    return answer["blob"]


def _aspect(media: MediaFile) -> dict:
    if media.width and media.height:
        return {"aspectRatio": {"width": media.width, "height": media.height}}
    return {}


def _parts(uri: str) -> tuple[str, str, str]:
    """(repo, collection, rkey) of an at:// URI."""
    parts = uri.removeprefix("at://").split("/")
    if len(parts) != 3 or not all(parts):
        raise PermanentError(f"{uri!r} is not the at:// URI of a record.")
    return parts[0], parts[1], parts[2]


def _records_since(xrpc: Xrpc, repo: str, since: datetime) -> Iterator[dict]:
    """The account's posts, newest first, back to those created before `since`."""
    page_from: dict[str, str] = {}
    for _ in range(FIND_PAGES):
        page = xrpc.query("com.atproto.repo.listRecords", repo=repo, collection=POST, limit=100, **page_from)
        for record in page.get("records", []):
            created = _parsed(record.get("value", {}).get("createdAt"))
            if created is not None and created < since:
                return
            yield record
        if not page.get("cursor"):
            return
        page_from = {"cursor": page["cursor"]}


def _parsed(value: object) -> datetime | None:
    try:
        parsed = datetime.fromisoformat(str(value).replace("Z", "+00:00"))
    except ValueError:
        return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)
