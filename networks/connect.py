"""The shape of connecting a "direct" network: no authorize redirect, the person types what
the network needs (a handle, an app password, a server's address) and the connector checks
it with the network there and then.

The spec declares the fields (`NetworkSpec.connect_fields`), the SPA shows them, and
`accounts.services.social_account_connect_direct` hands them to the connector.
"""

from abc import ABC, abstractmethod
from collections.abc import Mapping

from networks.oauth import Connection, RefreshUnsupported, TokenSet
from networks.publishing import AccountRef


class CredentialsRefused(Exception):
    """What the person typed is wrong (a malformed handle, a password the network refused);
    `field` is the one at fault: "handle" or the name of one of the spec's connect fields."""

    def __init__(self, message: str, *, field: str):
        self.message = message
        self.field = field
        super().__init__(message)


class DirectConnector(ABC):
    network: str

    @abstractmethod
    def connect(self, *, handle: str, credentials: Mapping[str, str]) -> Connection:
        """Check `handle` and `credentials` with the network and return the account's tokens and
        profile (and `Connection.options` to keep with it); raise `CredentialsRefused`, or an
        `OutboundError` subclass when the network could not be asked."""

    def refresh(self, *, account: AccountRef) -> TokenSet:
        """New tokens for `account`; raise `RefreshUnsupported` or an `OutboundError` subclass."""
        raise RefreshUnsupported(f"{self.network} accounts keep their credentials until disconnected.")
