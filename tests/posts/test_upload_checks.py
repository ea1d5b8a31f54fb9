"""Uploads are what they claim: videos are parsed as containers, images are capped in pixels,
and each user's media fit in a storage quota."""

import threading

import pytest
from django.db import connection
from PIL import Image

from posts.models import Media
from socialtrend.humanize import human_bytes
from tests.conftest import client_for
from tests.factories import UserFactory
from tests.posts.helpers import MP4_BYTES, box, image_bytes, mp4_bytes, png_bytes, upload

pytestmark = pytest.mark.django_db

URL = "/api/v1/media/"
FTYP = b"\x00\x00\x00\x18ftypisom\x00\x00\x02\x00isomiso2"


def video(name: str, content: bytes):
    return upload(name, content, "video/mp4")


@pytest.mark.parametrize(
    ("name", "content", "mime"),
    [("clip.mp4", MP4_BYTES, "video/mp4"), ("clip.mov", mp4_bytes(brand=b"qt  "), "video/quicktime")],
)
def test_a_real_video_is_accepted(auth_client, name, content, mime):
    response = auth_client.post(URL, {"file": video(name, content)})

    assert response.status_code == 201, response.json()
    assert (response.json()["kind"], response.json()["mime_type"]) == ("video", mime)


@pytest.mark.parametrize(
    "content",
    [
        pytest.param(FTYP + b"<html><script>alert(document.cookie)</script></html>" * 20, id="html-after-ftyp"),
        pytest.param(FTYP + b"\x00" * 64, id="ftyp-alone"),
        pytest.param(FTYP + box(b"free", b"\x00" * 64) + box(b"mdat", b"\x00" * 256), id="no-movie-box"),
        pytest.param(MP4_BYTES[: len(MP4_BYTES) // 2], id="cut-in-half"),
    ],
)
def test_a_file_with_a_video_signature_but_no_video_is_refused(auth_client, content):
    response = auth_client.post(URL, {"file": video("clip.mp4", content)})

    assert response.status_code == 400, response.json()
    assert response.json()["errors"]["file"] == ["The video cannot be read: it has no video track."]
    assert not Media.objects.exists()


def test_a_container_with_only_sound_is_refused(auth_client):
    response = auth_client.post(URL, {"file": video("song.mp4", mp4_bytes(video=False))})

    assert response.status_code == 400
    assert response.json()["errors"]["file"] == ["The video cannot be read: it has no video track."]


def test_a_144_megapixel_png_is_refused_naming_the_setting(auth_client, settings):
    content = png_bytes(12_000, 12_000)
    assert len(content) < settings.MEDIA_MAX_IMAGE_BYTES  # small in bytes: only its pixels are too many

    response = auth_client.post(URL, {"file": upload("huge.png", content)})

    assert response.status_code == 400, response.json()
    [message] = response.json()["errors"]["file"]
    assert message.startswith("The image has too many pixels")
    assert f"the limit is {settings.MEDIA_MAX_IMAGE_PIXELS:,} pixels (MEDIA_MAX_IMAGE_PIXELS)" in message
    assert not Media.objects.exists()


def test_the_pixel_limit_is_a_setting(auth_client, settings):
    settings.MEDIA_MAX_IMAGE_PIXELS = 100 * 50 - 1

    over = auth_client.post(URL, {"file": upload("a.png", png_bytes(100, 50))})
    settings.MEDIA_MAX_IMAGE_PIXELS = 100 * 50
    at = auth_client.post(URL, {"file": upload("a.png", png_bytes(100, 50))})

    assert over.status_code == 400
    assert over.json()["errors"]["file"] == [
        "The image has too many pixels (100x50 = 5,000); the limit is 4,999 pixels (MEDIA_MAX_IMAGE_PIXELS)."
    ]
    assert at.status_code == 201 and (at.json()["width"], at.json()["height"]) == (100, 50)


def test_pillows_decompression_bomb_guard_follows_the_setting(settings):
    assert Image.MAX_IMAGE_PIXELS == settings.MEDIA_MAX_IMAGE_PIXELS == 36_152_320


def test_uploads_beyond_the_users_quota_are_413_naming_it(settings, django_capture_on_commit_callbacks):
    content = image_bytes("PNG", size=(64, 48))
    settings.MEDIA_USER_QUOTA_BYTES = 2 * len(content) + 10
    alice, bob = UserFactory(), UserFactory()
    client, others = client_for(alice), client_for(bob)

    first, second = (
        client.post(URL, {"file": upload("1.png", content)}),
        client.post(URL, {"file": upload("2.png", content)}),
    )
    third = client.post(URL, {"file": upload("3.png", content)})
    bobs = others.post(URL, {"file": upload("b.png", content)})
    with django_capture_on_commit_callbacks(execute=True):
        client.delete(f"{URL}{first.json()['id']}/")
    after_delete = client.post(URL, {"file": upload("3.png", content)})

    assert (first.status_code, second.status_code, third.status_code) == (201, 201, 413)
    assert third.json()["errors"]["file"] == [
        f"This upload ({human_bytes(len(content))}) would bring your media to {human_bytes(3 * len(content))}; "
        f"your storage quota is {human_bytes(settings.MEDIA_USER_QUOTA_BYTES)}. "
        "Delete media you no longer need."
    ]
    assert bobs.status_code == 201
    assert after_delete.status_code == 201
    assert Media.objects.filter(owner=alice).count() == 2
    assert len(list((settings.MEDIA_ROOT / "uploads").rglob("*.png"))) == 3  # the refused upload left no file


@pytest.mark.postgres
def test_concurrent_uploads_cannot_both_squeeze_into_the_quota(postgres, transactional_db, settings):
    content = image_bytes("PNG", size=(64, 48))
    settings.MEDIA_USER_QUOTA_BYTES = len(content) + 10  # room for one
    user = UserFactory()
    start = threading.Barrier(4)
    statuses: list[int] = []

    def send() -> None:
        try:
            start.wait(timeout=10)
            statuses.append(client_for(user).post(URL, {"file": upload("x.png", content)}).status_code)
        finally:
            connection.close()

    threads = [threading.Thread(target=send) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert sorted(statuses) == [201, 413, 413, 413]
    assert Media.objects.filter(owner=user).count() == 1
