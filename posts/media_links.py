"""Signed, expiring links to stored media files, for networks that fetch media themselves.

Some networks download each image or video from a URL we give them, so the file
must be reachable from the internet, at `PUBLIC_BASE_URL`, without a login.
The link names one stored file, is signed with the secret key and expires
after `MEDIA_LINK_MAX_AGE` seconds; nothing else is reachable through it.
"""

from pathlib import PurePosixPath

from django.conf import settings
from django.core import signing
from django.urls import reverse

SALT = "socialtrend.posts.media-link"


class MediaLinkInvalid(Exception):
    pass


def media_link_url(*, file_name: str, mime_type: str) -> str:
    token = signing.dumps({"n": file_name, "t": mime_type}, salt=SALT)
    # The trailing file name is cosmetic: some fetchers look at the extension.
    path = reverse("media-link", kwargs={"token": token, "filename": f"media{PurePosixPath(file_name).suffix}"})
    return f"{settings.PUBLIC_BASE_URL}{path}"


def media_link_resolve(token: str) -> tuple[str, str]:
    """The (storage name, mime type) a token grants, or `MediaLinkInvalid`."""
    try:
        payload = signing.loads(token, salt=SALT, max_age=settings.MEDIA_LINK_MAX_AGE)
    except signing.BadSignature as exc:  # includes SignatureExpired
        raise MediaLinkInvalid from exc
    return payload["n"], payload["t"]
