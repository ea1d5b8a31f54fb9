import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

from posts.media_links import media_link_url

pytestmark = pytest.mark.django_db


@pytest.fixture
def stored(settings) -> str:
    settings.PUBLIC_BASE_URL = "https://st.example.com"
    return default_storage.save("media/2026/photo.jpg", ContentFile(b"\xff\xd8jpeg-bytes"))


def path_of(url: str) -> str:
    return url.removeprefix("https://st.example.com")


def test_signed_link_serves_the_file_without_login(client, stored):
    url = media_link_url(file_name=stored, mime_type="image/jpeg")

    response = client.get(path_of(url))

    assert url.startswith("https://st.example.com/media-links/") and url.endswith("/media.jpg")
    assert response.status_code == 200
    assert response["Content-Type"] == "image/jpeg"
    assert b"".join(response.streaming_content) == b"\xff\xd8jpeg-bytes"


def test_expired_link_is_404(client, stored, settings):
    url = media_link_url(file_name=stored, mime_type="image/jpeg")
    settings.MEDIA_LINK_MAX_AGE = -1

    assert client.get(path_of(url)).status_code == 404


def test_tampered_link_is_404(client, stored):
    url = media_link_url(file_name=stored, mime_type="image/jpeg")
    token = path_of(url).split("/")[2]
    forged = path_of(url).replace(token, token[:-3] + "abc")

    assert client.get(forged).status_code == 404


def test_link_to_a_deleted_file_is_404(client, stored):
    url = media_link_url(file_name=stored, mime_type="image/jpeg")
    default_storage.delete(stored)

    assert client.get(path_of(url)).status_code == 404
