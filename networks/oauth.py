"""The shape every OAuth provider fills in."""

from abc import ABC, abstractmethod
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.utils import timezone

from networks.publishing import AccountRef


@dataclass(frozen=True)
class TokenSet:
    access_token: str
    refresh_token: str = ""
    expires_in: int | None = None
    scopes: list[str] = field(default_factory=list)

    def expires_at(self) -> datetime | None:
        return timezone.now() + timedelta(seconds=self.expires_in) if self.expires_in else None


@dataclass(frozen=True)
class Profile:
    remote_id: str
    handle: str
    display_name: str = ""
    avatar_url: str = ""


@dataclass(frozen=True)
class Identity:
    """One account a sign-in may publish as (a page, an organization, the person), with its own tokens."""

    profile: Profile
    tokens: TokenSet
    # What it is, for the picker: "Profile", "Page", "Organization".
    kind: str = ""
    # Kept with the account as `AccountRef.options` (not secrets).
    options: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Connection:
    """What a sign-in gave: the person who signed in and their tokens, and the identities to choose among.

    With no `choices`, the profile is the account. With one, that identity is the account. With
    several, the person picks in the SPA which become accounts (`profile` then only says who signed in).
    """

    tokens: TokenSet
    profile: Profile
    # Kept with the account as `AccountRef.options` (not secrets: e.g. the server it lives on).
    options: Mapping[str, Any] = field(default_factory=dict)
    choices: tuple[Identity, ...] = ()

    def identities(self) -> tuple[Identity, ...]:
        return self.choices or (Identity(profile=self.profile, tokens=self.tokens, options=self.options),)


class NothingToConnect(Exception):
    """The sign-in worked but gave nothing to publish as (a person who manages no page); says why."""


class RefreshUnsupported(Exception):
    """The network gave this account no way to refresh: a person must reconnect."""


class OAuthProvider(ABC):
    """One network's OAuth 2.0 code flow.

    Client id, secret, redirect URI and authorize URL come from the settings
    named `<settings_prefix>_CLIENT_ID` and so on. A network whose app lives on
    a server the person names (a Mastodon instance) declares `connect_fields`
    in its spec, checks them in `prepare` and gets what `prepare` returned back
    in `bind` for the authorize URL and the callback.
    """

    network: str
    settings_prefix: str
    scopes: str = ""
    uses_pkce = False

    def setting(self, name: str) -> str:
        return getattr(settings, f"{self.settings_prefix}_{name}")

    def prepare(self, fields: Mapping[str, str]) -> dict[str, str]:
        """Check the spec's `connect_fields` as typed and set up what connecting needs; the
        answer (no secrets: it travels signed, not encrypted) comes back to `bind`. Raise
        `socialtrend.errors.ApplicationError` naming the field for a bad value."""
        return {}

    def bind(self, context: Mapping[str, str]) -> "OAuthProvider":
        """This provider for one connect, with what `prepare` returned."""
        return self

    def authorize_url(self, *, state: str, code_challenge: str = "") -> str:
        params = {
            "response_type": "code",
            "client_id": self.setting("CLIENT_ID"),
            "redirect_uri": self.setting("REDIRECT_URI"),
            "scope": self.scopes,
            "state": state,
        }
        if self.uses_pkce:
            params |= {"code_challenge": code_challenge, "code_challenge_method": "S256"}
        return with_query(self.setting("AUTHORIZE_URL"), params)

    @abstractmethod
    def complete(self, *, code: str, code_verifier: str = "") -> Connection:
        """Exchange the code and fetch the profile; raise a `OutboundError` subclass on failure."""

    @abstractmethod
    def refresh(self, *, account: AccountRef) -> TokenSet:
        """New tokens for `account`; raise `RefreshUnsupported` or a `OutboundError` subclass."""


def with_query(url: str, params: dict[str, str]) -> str:
    return f"{url}?{urlencode(params)}"


def scopes_from(value: str | None, separator: str = " ") -> list[str]:
    return [scope for scope in (value or "").replace(",", " ").split(separator) if scope]
