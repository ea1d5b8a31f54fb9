"""Builders shared by the posts tests: real images and videos, posts through the service."""

import io
import struct
import zlib
from datetime import timedelta

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image

from posts.models import Delivery, Post
from posts.services import dispatch
from posts.services import media as media_services
from posts.services import posts as post_services
from posts.tasks import publish_deliveries


def box(kind: bytes, *payload: bytes) -> bytes:
    """An ISO BMFF box: 32-bit size, four-character type, payload."""
    body = b"".join(payload)
    return struct.pack(">I", 8 + len(body)) + kind + body


def full_box(kind: bytes, flags: int, *payload: bytes) -> bytes:
    return box(kind, struct.pack(">I", flags), *payload)  # version 0


_MATRIX = struct.pack(">9I", 0x10000, 0, 0, 0, 0x10000, 0, 0, 0, 0x40000000)


def mp4_bytes(*, brand: bytes = b"isom", video: bool = True, width: int = 320, height: int = 240) -> bytes:
    """A small but complete MP4 (or, with brand `qt  `, MOV): one second, one track of one
    sample, H.264 video (or AAC audio with `video=False`), as an encoder lays it out."""
    sample = b"\x00\x00\x00\x02\x09\xf0"
    ftyp = box(b"ftyp", brand, struct.pack(">I", 0x200), brand, b"mp41" if brand != b"qt  " else b"")
    mvhd = full_box(
        b"mvhd",
        0,
        struct.pack(">IIIIIH", 0, 0, 1000, 1000, 0x10000, 0x100),
        b"\0" * 10,
        _MATRIX,
        b"\0" * 24,
        struct.pack(">I", 2),  # next track id
    )
    tkhd = full_box(
        b"tkhd",
        3,
        struct.pack(">IIIII", 0, 0, 1, 0, 1000),
        b"\0" * 8,
        struct.pack(">HHHH", 0, 0, 0 if video else 0x100, 0),
        _MATRIX,
        struct.pack(">II", (width if video else 0) << 16, (height if video else 0) << 16),
    )
    mdhd = full_box(b"mdhd", 0, struct.pack(">IIIIHH", 0, 0, 1000, 1000, 0x55C4, 0))
    if video:
        sps, pps = bytes.fromhex("6742c00ada0282f602200000030020000003033c48992c"), bytes.fromhex("68ce3c80")
        avcc = box(
            b"avcC",
            bytes([1, 0x42, 0xC0, 0x0A, 0xFF, 0xE1]),
            struct.pack(">H", len(sps)),
            sps,
            b"\x01",
            struct.pack(">H", len(pps)),
            pps,
        )
        entry = box(
            b"avc1",
            b"\0" * 6 + struct.pack(">H", 1) + b"\0" * 16,
            struct.pack(">HHIII", width, height, 0x480000, 0x480000, 0),
            struct.pack(">H", 1) + b"\0" * 32 + struct.pack(">Hh", 0x18, -1),
            avcc,
        )
        handler, media_header = b"vide", full_box(b"vmhd", 1, b"\0" * 8)
    else:
        esds = full_box(b"esds", 0, bytes.fromhex("03190000000411400000000000000000000000000000000005021210060102"))
        entry = box(
            b"mp4a", b"\0" * 6 + struct.pack(">H", 1) + b"\0" * 8, struct.pack(">HHHHI", 2, 16, 0, 0, 44100 << 16), esds
        )
        handler, media_header = b"soun", full_box(b"smhd", 0, b"\0" * 4)
    hdlr = full_box(b"hdlr", 0, b"\0" * 4, handler, b"\0" * 12, b"Handler\0")
    dinf = box(b"dinf", full_box(b"dref", 0, struct.pack(">I", 1), full_box(b"url ", 1)))

    def moov(chunk_offset: int) -> bytes:
        stbl = box(
            b"stbl",
            full_box(b"stsd", 0, struct.pack(">I", 1), entry),
            full_box(b"stts", 0, struct.pack(">III", 1, 1, 1000)),
            full_box(b"stsc", 0, struct.pack(">IIII", 1, 1, 1, 1)),
            full_box(b"stsz", 0, struct.pack(">III", 0, 1, len(sample))),
            full_box(b"stco", 0, struct.pack(">II", 1, chunk_offset)),
        )
        trak = box(b"trak", tkhd, box(b"mdia", mdhd, hdlr, box(b"minf", media_header, dinf, stbl)))
        return box(b"moov", mvhd, trak)

    header = ftyp + moov(0)
    return ftyp + moov(len(header) + 8) + box(b"mdat", sample)


MP4_BYTES = mp4_bytes()


def png_bytes(width: int, height: int) -> bytes:
    """A valid PNG, 1-bit grey and all black: many pixels in few bytes, built without decoding it."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    rows = (b"\x00" + b"\x00" * ((width + 7) // 8)) * height
    header = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(rows, 9)) + chunk(b"IEND", b"")


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


def dispatch_and_publish(post: Post, capture) -> Delivery:
    """Dispatch the due post and run its publish task (`capture`: pytest-django's
    django_capture_on_commit_callbacks, so on-commit work such as webhooks runs too)."""
    make_due(post)
    with capture(execute=False):
        dispatch.dispatch_due()
    delivery = Delivery.objects.get(post=post)
    with capture(execute=True):
        publish(delivery.pk)
    delivery.refresh_from_db()
    return delivery
