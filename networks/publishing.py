"""The one interface every network publisher implements.

The pipeline builds a `PublishRequest` from a delivery, calls
`Publisher.publish`, and reads the outcome from the result or the error's
type (the `OutboundError` family of `socialtrend.outbound`). Publishers never
touch deliveries or the database state machine: they talk to one network and
classify what happened. They see an account as an `AccountRef`, a plain copy
of what a call needs, so this package depends on no app.
"""

from abc import ABC, abstractmethod
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any, ClassVar


@dataclass(frozen=True)
class AccountRef:
    """What a network call needs of a connected account (tokens decrypted)."""

    id: int
    network: str
    handle: str
    # The network's own id for the account (a user id, a person or organization URN, a username).
    remote_id: str
    access_token: str = ""
    refresh_token: str = ""
    scopes: tuple[str, ...] = ()
    options: Mapping[str, Any] = field(default_factory=dict)

    def __repr__(self) -> str:  # never the tokens, even in a traceback
        return f"AccountRef(id={self.id}, network={self.network!r}, handle={self.handle!r})"


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
    # The person's description of the item for screen readers; empty when none was given.
    alt_text: str = ""


@dataclass(frozen=True)
class PublishRequest:
    delivery_id: int
    account: AccountRef
    text: str
    media: tuple[MediaFile, ...] = ()
    # Per-network options validated at post creation (a title, a visibility, ...).
    options: Mapping[str, Any] = field(default_factory=dict)
    # What this publisher asked to keep at the last attempt (`RetryableError.resume`).
    resume: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class PublishResult:
    remote_id: str
    url: str = ""
    http_status: int | None = None
    # Something that went wrong after the post went live (it stays published), for the user to see.
    warning: str = ""


class Publisher(ABC):
    network: ClassVar[str]

    @abstractmethod
    def publish(self, request: PublishRequest) -> PublishResult:
        """Publish one post to one account, or raise an `OutboundError` subclass."""

    # How long the network documents (or is seen) to take before a new publication can be read back.
    visible_after: ClassVar[float] = 0.0

    def verify(self, account: AccountRef, remote_id: str) -> "Lookup":
        """Read a publication back by the id `publish` returned: is it live?

        Raise an `OutboundError` subclass when the network could not be asked; return
        `Lookup(found=False)` only when the network answered that it does not show it.
        """
        raise NotImplementedError(f"{self.network} cannot read a publication back")

    def find(self, request: PublishRequest, published_after: datetime) -> "Lookup | None":
        """Look for a publication of `request` whose outcome is unknown (no id came back).

        Match the account's own recent publications on text and time. Return None when this
        network cannot decide (no such listing): the delivery then stays for a person.
        """
        return None

    def delete(self, account: AccountRef, remote_id: str) -> None:
        """Remove a publication from the network, where the network allows it."""
        raise NotImplementedError(f"{self.network} cannot delete a publication")


@dataclass(frozen=True)
class Lookup:
    """What a network said when asked whether a publication exists."""

    found: bool
    remote_id: str = ""
    url: str = ""
