"""`/api/v1/media/`: upload (type from content, limits, dimensions), list, detail, delete."""

import hashlib
import os

import pytest

from posts.models import Media
from socialtrend.humanize import human_bytes
from tests.factories import SocialAccountFactory
from tests.posts.helpers import MP4_BYTES, image_bytes, make_media, make_post, upload

pytestmark = pytest.mark.django_db

URL = "/api/v1/media/"


@pytest.mark.parametrize(
    ("fmt", "mime"), [("PNG", "image/png"), ("JPEG", "image/jpeg"), ("WEBP", "image/webp"), ("GIF", "image/gif")]
)
def test_upload_image_detects_type_size_and_checksum(auth_client, user, fmt, mime):
    content = image_bytes(fmt, size=(120, 80))

    response = auth_client.post(URL, {"file": upload("holiday.bin", content, "application/octet-stream")})

    assert response.status_code == 201, response.json()
    body = response.json()
    assert (body["kind"], body["mime_type"], body["width"], body["height"]) == ("image", mime, 120, 80)
    assert body["size"] == len(content)
    assert body["checksum"] == hashlib.sha256(content).hexdigest()
    assert body["original_name"] == "holiday.bin"
    assert body["url"].startswith("http://testserver/media/uploads/")
    media = Media.objects.get(pk=body["id"], owner=user)
    assert media.file.read() == content
    assert "holiday" not in media.file.name
    assert media.file.name.endswith("." + {"image/jpeg": "jpg"}.get(mime, fmt.lower()))


def test_upload_video(auth_client):
    response = auth_client.post(URL, {"file": upload("clip.mp4", MP4_BYTES, "video/mp4")})

    assert response.status_code == 201
    assert (response.json()["kind"], response.json()["mime_type"], response.json()["width"]) == (
        "video",
        "video/mp4",
        None,
    )


def test_upload_rejects_a_file_that_only_claims_to_be_an_image(auth_client):
    response = auth_client.post(URL, {"file": upload("fake.png", b"%PDF-1.4 not an image" * 10, "image/png")})

    assert response.status_code == 400
    assert "Unsupported file type" in response.json()["errors"]["file"][0]
    assert not Media.objects.exists()


def test_upload_rejects_a_damaged_image(auth_client):
    damaged = image_bytes("PNG")[:60]

    response = auth_client.post(URL, {"file": upload("broken.png", damaged)})

    assert response.status_code == 400
    assert response.json()["errors"]["file"] == ["The image is damaged or cannot be read."]


def test_upload_over_the_image_limit_is_413_naming_it(auth_client, settings):
    content = image_bytes("PNG", size=(300, 300))
    settings.MEDIA_MAX_IMAGE_BYTES = len(content) - 1

    response = auth_client.post(URL, {"file": upload("big.png", content)})

    assert response.status_code == 413
    message = response.json()["errors"]["file"][0]
    assert f"images can be at most {human_bytes(len(content) - 1)}" in message
    assert "MEDIA_MAX" not in message  # no setting names: read as a person would
    assert not Media.objects.exists()


def test_upload_over_the_video_limit_is_413_naming_it(auth_client, settings):
    settings.MEDIA_MAX_VIDEO_BYTES = 10

    response = auth_client.post(URL, {"file": upload("clip.mp4", MP4_BYTES, "video/mp4")})

    assert response.status_code == 413
    assert (
        response.json()["detail"]
        == f"file: The video is {human_bytes(len(MP4_BYTES))}; videos can be at most 10 bytes."
    )


def test_upload_without_a_file_names_the_field(auth_client):
    response = auth_client.post(URL, {}, format="multipart")

    assert response.status_code == 400
    assert "file" in response.json()["errors"]


def test_upload_of_an_empty_file_is_refused(auth_client):
    response = auth_client.post(URL, {"file": upload("empty.png", b"")})

    assert response.status_code == 400
    assert response.json()["errors"]["file"] == ["The file is empty."]


def test_upload_as_json_is_415(auth_client):
    assert auth_client.post(URL, {"file": "x"}, format="json").status_code == 415


def test_list_and_detail_show_only_own_media(auth_client, user):
    mine = make_media(user)
    make_media(SocialAccountFactory().owner)

    listed = auth_client.get(URL)
    detail = auth_client.get(f"{URL}{mine.pk}/")

    assert [m["id"] for m in listed.json()["results"]] == [mine.pk]
    assert detail.status_code == 200
    assert detail.json()["checksum"] == mine.checksum


def test_delete_removes_row_and_file(auth_client, user, django_capture_on_commit_callbacks):
    media = make_media(user)
    path = media.file.path

    with django_capture_on_commit_callbacks(execute=True):
        response = auth_client.delete(f"{URL}{media.pk}/")

    assert response.status_code == 204
    assert not Media.objects.filter(pk=media.pk).exists()
    assert not os.path.exists(path)


def test_delete_of_media_used_by_a_scheduled_post_is_409(auth_client, user):
    account = SocialAccountFactory(owner=user)
    media = make_media(user)
    make_post(accounts=[account], media_ids=[media.pk])

    response = auth_client.delete(f"{URL}{media.pk}/")

    assert response.status_code == 409
    assert Media.objects.filter(pk=media.pk).exists()
