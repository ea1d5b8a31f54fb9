"""Media upload and deletion. The type comes from the content, never the name."""

import hashlib
from dataclasses import dataclass
from typing import BinaryIO

import filetype
from django.conf import settings
from django.core.files import File
from django.db import transaction
from PIL import Image, UnidentifiedImageError

from accounts.models import User
from posts.models import Delivery, Media
from socialtrend.errors import ApplicationError, ConflictError

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
        setting = "MEDIA_MAX_IMAGE_BYTES" if kind == Media.Kind.IMAGE else "MEDIA_MAX_VIDEO_BYTES"
        raise MediaTooLargeError(
            f"The {kind} is {size} bytes; the {kind} limit is {limit} bytes ({setting}).", field="file"
        )
    width, height = _image_size(content) if kind == Media.Kind.IMAGE else (None, None)
    return MediaInfo(
        kind=kind,
        mime_type=mime_type,
        extension=guess.extension,
        size=size,
        checksum=_sha256(content),
        width=width,
        height=height,
    )


def media_create(*, owner: User, content: BinaryIO, name: str, size: int) -> Media:
    info = media_inspect(content=content, size=size)
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
    )
    # The stored name's extension follows the content, whatever the upload was called.
    media.file.save(f"upload.{info.extension}", File(content), save=False)
    media.save()
    return media


def media_delete(*, media: Media) -> None:
    with transaction.atomic():
        in_use = Delivery.objects.filter(post__post_media__media=media, status__in=Delivery.ACTIVE).exists()
        if in_use:
            raise ConflictError("This media is used by a post that is scheduled or being published.")
        media.delete()
    # The row is gone; the file follows once the deletion is committed.
    transaction.on_commit(lambda: media.file.delete(save=False))


def _image_size(content: BinaryIO) -> tuple[int, int]:
    content.seek(0)
    try:
        with Image.open(content) as image:
            image.verify()
            return image.size
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as exc:
        raise ApplicationError("The image is damaged or cannot be read.", field="file") from exc
    except Image.DecompressionBombError as exc:
        raise ApplicationError("The image has too many pixels.", field="file") from exc


def _sha256(content: BinaryIO) -> str:
    content.seek(0)
    digest = hashlib.sha256()
    for chunk in iter(lambda: content.read(1024 * 1024), b""):
        digest.update(chunk)
    return digest.hexdigest()
