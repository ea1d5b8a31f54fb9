"""One Mastodon instance's REST API, through the core's `HttpClient`.

Instances are typed by people, so every call refuses non-public addresses
(unless `MASTODON_ALLOW_PRIVATE_INSTANCES`, for development and tests); the
trend source's instance is the operator's setting and is reached like any API.
"""

import time
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import requests
from django.conf import settings
from django.core.cache import cache

from networks.mastodon import DEFAULT_DESCRIPTION_LIMIT, DEFAULT_MAX_CHARACTERS, SPEC
from networks.mastodon.errors import classify
from networks.publishing import MediaFile
from socialtrend.outbound import HttpClient, PermanentError, RetryableError

# Mastodon's own defaults (MediaAttachment::IMAGE_LIMIT and VIDEO_LIMIT), for an instance that does not say.
DEFAULT_IMAGE_SIZE_LIMIT = 16 * 1024 * 1024
DEFAULT_VIDEO_SIZE_LIMIT = 99 * 1024 * 1024


@dataclass(frozen=True)
class InstanceLimits:
    """What `GET /api/v2/instance` says of statuses and media (configuration.*)."""

    max_characters: int = DEFAULT_MAX_CHARACTERS
    max_media_attachments: int = SPEC.media.max_items
    description_limit: int = DEFAULT_DESCRIPTION_LIMIT
    image_size_limit: int = DEFAULT_IMAGE_SIZE_LIMIT
    video_size_limit: int = DEFAULT_VIDEO_SIZE_LIMIT
    # Empty: the instance did not list them, and the upload decides.
    supported_mime_types: tuple[str, ...] = ()

    @classmethod
    def from_instance(cls, instance: Mapping[str, Any]) -> "InstanceLimits":
        configuration = instance.get("configuration") or {}
        statuses = configuration.get("statuses") or {}
        media = configuration.get("media_attachments") or {}
        default = cls()
        return cls(
            max_characters=int(statuses.get("max_characters") or default.max_characters),
            max_media_attachments=int(statuses.get("max_media_attachments") or default.max_media_attachments),
            description_limit=int(media.get("description_limit") or default.description_limit),
            image_size_limit=int(media.get("image_size_limit") or default.image_size_limit),
            video_size_limit=int(media.get("video_size_limit") or default.video_size_limit),
            supported_mime_types=tuple(media.get("supported_mime_types") or ()),
        )


def public_only() -> bool:
    return not settings.MASTODON_ALLOW_PRIVATE_INSTANCES


class MastodonAPI:
    def __init__(self, base_url: str, *, token: str = "", http: HttpClient | None = None):
        self.base_url = base_url
        self.token = token
        self.http = http or HttpClient(classify=classify, public_only=public_only())

    def call(self, method: str, path: str, *, safe_to_retry: bool | None = None, **kwargs) -> requests.Response:
        headers = kwargs.pop("headers", {})
        if self.token:
            headers["Authorization"] = f"Bearer {self.token}"
        return self.http.request(
            method, f"{self.base_url}{path}", headers=headers, safe_to_retry=safe_to_retry, **kwargs
        )

    def json(self, method: str, path: str, **kwargs) -> Any:
        response = self.call(method, path, **kwargs)
        try:
            return response.json()
        except ValueError as exc:
            raise PermanentError(f"Mastodon answered {path} with no JSON", http_status=response.status_code) from exc

    def limits(self) -> InstanceLimits:
        """The instance's limits, kept `MASTODON_INSTANCE_CACHE_SECONDS` per instance in the cache."""
        key = f"mastodon:limits:{self.base_url}"
        cached = cache.get(key)
        if cached is not None:
            return InstanceLimits(**cached)
        limits = InstanceLimits.from_instance(self.json("GET", "/api/v2/instance"))
        cache.set(key, {**vars(limits)}, timeout=settings.MASTODON_INSTANCE_CACHE_SECONDS)
        return limits

    def upload(self, item: MediaFile, *, description: str) -> dict[str, Any]:
        """`POST /api/v2/media`: 200 when processed at once (small images), 202 while processing (url null).
        Nothing anyone sees: safe to repeat (an unused attachment is removed by the instance a day later)."""
        with item.path.open("rb") as stream:
            return self.json(
                "POST",
                "/api/v2/media",
                files={"file": (item.path.name, stream, item.mime_type)},
                data={"description": description} if description else {},
                safe_to_retry=True,
            )

    def wait_until_processed(self, media_ids: list[str]) -> None:
        """Poll `GET /api/v1/media/:id` (206 while processing, 200 with its `url` when done) for each."""
        deadline = time.monotonic() + settings.MASTODON_MEDIA_POLL_MAX_WAIT
        pending = list(media_ids)
        while pending:
            response = self.call("GET", f"/api/v1/media/{pending[0]}")
            if response.status_code == 200 and response.json().get("url"):
                pending.pop(0)
                continue
            if time.monotonic() + settings.MASTODON_MEDIA_POLL_INTERVAL > deadline:
                raise RetryableError(
                    f"Mastodon is still processing the media after {settings.MASTODON_MEDIA_POLL_MAX_WAIT:.0f} s",
                    retry_after=settings.MASTODON_MEDIA_POLL_MAX_WAIT,
                )
            time.sleep(settings.MASTODON_MEDIA_POLL_INTERVAL)
