"""The one interface every network publisher implements.

The pipeline builds a `PublishRequest` from a delivery, calls
`Publisher.publish`, and reads the outcome from the result or the error's
type. Publishers never touch deliveries or the database state machine: they
talk to one network and classify what happened.
"""

from abc import ABC, abstractmethod
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, ClassVar

from accounts.models import SocialAccount


@dataclass(frozen=True)
class MediaFile:
    path: Path
    mime_type: str
    kind: str  # "image" or "video"
    size: int
    # A signed, expiring URL for networks that fetch media themselves (Instagram).
    public_url: str = ""
    width: int | None = None
    height: int | None = None


@dataclass(frozen=True)
class PublishRequest:
    delivery_id: int
    account: SocialAccount
    text: str
    media: tuple[MediaFile, ...] = ()
    # Per-network options validated at post creation (Reddit subreddit and title, ...).
    options: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class PublishResult:
    remote_id: str
    url: str = ""
    http_status: int | None = None
    # Something that went wrong after the post went live (it stays published), for the user to see.
    warning: str = ""


class PublishError(Exception):
    """Base of every publishing failure; `http_status` is the network's answer, if any."""

    def __init__(self, message: str, *, http_status: int | None = None):
        self.message = message
        self.http_status = http_status
        super().__init__(message)


class RetryableError(PublishError):
    """Nothing was published and trying again later may work (429, documented-safe 5xx,
    connection refused, timeout before the request was sent)."""

    def __init__(self, message: str, *, retry_after: float | None = None, http_status: int | None = None):
        self.retry_after = retry_after
        super().__init__(message, http_status=http_status)


class AuthError(PublishError):
    """The account's credentials are invalid, expired or revoked (401/403): a person must reconnect."""


class PermanentError(PublishError):
    """The network refused this post; sending it again unchanged will fail again."""


class OutcomeUnknownError(PublishError):
    """The request may have reached the network (e.g. a read timeout): never re-send silently."""


class Publisher(ABC):
    network: ClassVar[str]

    @abstractmethod
    def publish(self, request: PublishRequest) -> PublishResult:
        """Publish one post to one account, or raise a `PublishError` subclass."""
