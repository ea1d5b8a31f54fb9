"""Builders shared by the posts tests: real images and videos, posts through the service."""

import io
from datetime import timedelta

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image

from posts.models import Delivery, Post
from posts.services import media as media_services
from posts.services import posts as post_services
from posts.tasks import publish_deliveries

# The smallest MP4 header `filetype` recognises: an `ftyp` box with brand isom.
MP4_BYTES = b"\x00\x00\x00\x18ftypisom\x00\x00\x02\x00isomiso2" + b"\x00" * 64


def image_bytes(fmt: str = "PNG", size: tuple[int, int] = (64, 48)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, (200, 30, 30)).save(buffer, format=fmt)
    return buffer.getvalue()


def upload(name: str = "photo.png", content: bytes | None = None, content_type: str = "image/png"):
    return SimpleUploadedFile(name, image_bytes() if content is None else content, content_type=content_type)


def make_media(owner, **kwargs):
    file = upload(**kwargs)
    return media_services.media_create(owner=owner, content=file, name=file.name, size=file.size)


def make_post(*, accounts, seconds_ahead: float = 60, caption: str = "Hello", **kwargs) -> Post:
    return post_services.post_create(
        owner=accounts[0].owner,
        account_ids=[a.pk for a in accounts],
        caption=caption,
        scheduled_at=timezone.now() + timedelta(seconds=seconds_ahead),
        **kwargs,
    )


def make_due(*deliveries_or_posts, seconds_ago: float = 1) -> None:
    """Move deliveries' due time into the past, as if their time had come."""
    due = timezone.now() - timedelta(seconds=seconds_ago)
    for item in deliveries_or_posts:
        rows = Delivery.objects.filter(post=item) if isinstance(item, Post) else Delivery.objects.filter(pk=item.pk)
        rows.update(due_at=due)


def publish(delivery_id: int) -> str | None:
    """Run the publish task for a message carrying one delivery; its new status, or None if not claimed."""
    return publish_deliveries([delivery_id]).get(delivery_id)
