"""Media upload and deletion. The type comes from the content, never the name.

An upload is sniffed by its first bytes, then checked for what it claims: an
image is opened by Pillow (and capped in pixels), a video's container is parsed
by MediaInfo and must hold a video track. Each user's media fit in a quota.
"""

import hashlib
from dataclasses import dataclass
from typing import BinaryIO

import filetype
import pymediainfo
from django.conf import settings
from django.core.files import File
from django.db import transaction
from django.db.models import Sum
from PIL import Image, UnidentifiedImageError

from accounts.models import User
from posts import selectors
from posts.models import Delivery, Media, Post, PostMedia
from socialtrend.errors import ApplicationError, ConflictError
from socialtrend.humanize import human_bytes

# Accepted formats, by the MIME type `filetype` detects from the first bytes.
ACCEPTED: dict[str, str] = {
    "image/jpeg": Media.Kind.IMAGE,
    "image/png": Media.Kind.IMAGE,
    "image/webp": Media.Kind.IMAGE,
    "image/gif": Media.Kind.IMAGE,
    "video/mp4": Media.Kind.VIDEO,
    "video/quicktime": Media.Kind.VIDEO,
}
ACCEPTED_NAMES = "JPEG, PNG, WebP, GIF, MP4, MOV"
SNIFF_BYTES = 8192
# The posts whose media may be deleted from under them: they never published and never will without an edit.
MEDIA_LETS_GO = (Post.Status.DRAFT, Post.Status.CANCELLED)


class MediaTooLargeError(ApplicationError):
    status_code = 413


@dataclass(frozen=True)
class MediaInfo:
    kind: str
    mime_type: str
    extension: str
    size: int
    checksum: str
    width: int | None = None
    height: int | None = None


def size_limit(kind: str) -> int:
    return settings.MEDIA_MAX_IMAGE_BYTES if kind == Media.Kind.IMAGE else settings.MEDIA_MAX_VIDEO_BYTES


def media_inspect(*, content: BinaryIO, size: int) -> MediaInfo:
    """Validate an upload and describe it; raises ApplicationError naming `file`."""
    if size == 0:
        raise ApplicationError("The file is empty.", field="file")
    content.seek(0)
    guess = filetype.guess(content.read(SNIFF_BYTES))
    mime_type = guess.mime if guess else ""
    if mime_type not in ACCEPTED:
        found = f" (found {mime_type})" if mime_type else ""
        raise ApplicationError(f"Unsupported file type{found}; accepted: {ACCEPTED_NAMES}.", field="file")
    kind = ACCEPTED[mime_type]
    limit = size_limit(kind)
    if size > limit:
        raise MediaTooLargeError(
            f"The {kind} is {human_bytes(size)}; {kind}s can be at most {human_bytes(limit)}.", field="file"
        )
    if kind == Media.Kind.IMAGE:
        width, height = _image_size(content)
    else:
        _check_video(content)
        width, height = None, None
    return MediaInfo(
        kind=kind,
        mime_type=mime_type,
        extension=guess.extension,
        size=size,
        checksum=_sha256(content),
        width=width,
        height=height,
    )


def media_create(*, owner: User, content: BinaryIO, name: str, size: int, alt_text: str = "") -> Media:
    info = media_inspect(content=content, size=size)
    _check_quota(owner=owner, size=info.size)  # refused before the file is written, in the usual case
    content.seek(0)
    media = Media(
        owner=owner,
        original_name=name[:255],
        kind=info.kind,
        mime_type=info.mime_type,
        size=info.size,
        width=info.width,
        height=info.height,
        checksum=info.checksum,
        alt_text=alt_text,
    )
    # The stored name's extension follows the content, whatever the upload was called.
    media.file.save(f"upload.{info.extension}", File(content), save=False)
    try:
        with transaction.atomic():
            # One user's uploads queue on their row here, so two cannot both fit the last room.
            User.objects.select_for_update().filter(pk=owner.pk).exists()
            _check_quota(owner=owner, size=info.size)
            media.save()
    except BaseException:
        media.file.delete(save=False)
        raise
    return media


def _check_quota(*, owner: User, size: int) -> None:
    quota = settings.MEDIA_USER_QUOTA_BYTES
    if not quota:
        return
    used = Media.objects.filter(owner=owner).aggregate(total=Sum("size"))["total"] or 0
    if used + size > quota:
        raise MediaTooLargeError(
            f"This upload ({human_bytes(size)}) would bring your media to {human_bytes(used + size)}; "
            f"your storage quota is {human_bytes(quota)}. Delete media you no longer need.",
            field="file",
        )


def media_describe(*, media: Media, alt_text: str) -> Media:
    """Set the item's text alternative. Deliveries read it when they publish, so a post
    scheduled with it carries the new one."""
    media.alt_text = alt_text
    media.save(update_fields=["alt_text"])
    return media


def media_delete(*, media: Media) -> None:
    """Delete a media item unless a post that is not a draft or cancelled uses it (409 naming
    those posts): what is scheduled, publishing, published or failed keeps its media, so a
    retry or the record of what went out stays true. Drafts and cancelled posts that use it
    simply lose it (a draft is checked again when it is scheduled)."""
    with transaction.atomic():
        post_ids = list(PostMedia.objects.filter(media=media).values_list("post_id", flat=True))
        # Locked as an edit locks them, so no draft using it is scheduled while this runs.
        list(Delivery.objects.filter(post_id__in=post_ids).select_for_update(of=("self",)).values_list("pk"))
        keeping = (
            selectors.with_status(Post.objects.filter(pk__in=post_ids))
            .exclude(status__in=MEDIA_LETS_GO)
            .order_by("pk")
            .values_list("pk", "status")
        )
        if keeping:
            raise ConflictError(
                f"{media} is used by {_posts_phrase(list(keeping))}, so it is kept: "
                "only media that drafts and cancelled posts alone use can be deleted."
            )
        media.delete()
    # The row is gone; the file follows once the deletion is committed.
    transaction.on_commit(lambda: media.file.delete(save=False))


def _posts_phrase(posts: list[tuple[int, str]], shown: int = 5) -> str:
    named = ", ".join(f"post {pk} ({Post.Status(status).label.lower()})" for pk, status in posts[:shown])
    more = len(posts) - shown
    return f"{named} and {more} more" if more > 0 else named


def _image_size(content: BinaryIO) -> tuple[int, int]:
    content.seek(0)
    try:
        with Image.open(content) as image:  # reads the header only; refuses a bomb (Pillow's guard)
            width, height = image.size
            if width * height > settings.MEDIA_MAX_IMAGE_PIXELS:
                raise _too_many_pixels(f"{width}x{height} = {width * height:,}")
            image.verify()
            return width, height
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as exc:
        raise ApplicationError("The image is damaged or cannot be read.", field="file") from exc
    except Image.DecompressionBombError as exc:
        raise _too_many_pixels(f"over {2 * Image.MAX_IMAGE_PIXELS:,}") from exc


def _too_many_pixels(detail: str) -> ApplicationError:
    limit = settings.MEDIA_MAX_IMAGE_PIXELS
    return ApplicationError(
        f"The image has too many pixels ({detail}); the limit is {limit:,} pixels (MEDIA_MAX_IMAGE_PIXELS).",
        field="file",
    )


def _check_video(content: BinaryIO) -> None:
    """The container must parse as MP4/QuickTime and hold a video track: a signature alone
    (an `ftyp` box before anything at all) is not a video."""
    content.seek(0)
    tracks = pymediainfo.MediaInfo.parse(content).tracks
    general = next((track for track in tracks if track.track_type == "General"), None)
    has_video = any(track.track_type == "Video" and track.width and track.height for track in tracks)
    if general is None or general.format != "MPEG-4" or not has_video:
        raise ApplicationError("The video cannot be read: it has no video track.", field="file")


def _sha256(content: BinaryIO) -> str:
    content.seek(0)
    digest = hashlib.sha256()
    for chunk in iter(lambda: content.read(1024 * 1024), b""):
        digest.update(chunk)
    return digest.hexdigest()
