"""Connecting a sandbox account: its handle is all there is, and nothing is asked of a network."""

import re
from collections.abc import Mapping

from networks.connect import CredentialsRefused, DirectConnector
from networks.oauth import Connection, Profile, TokenSet
from networks.sandbox import SPEC

HANDLE_RE = re.compile(r"[A-Za-z0-9_.-]{1,50}")


class SandboxConnector(DirectConnector):
    network = SPEC.name

    def connect(self, *, handle: str, credentials: Mapping[str, str]) -> Connection:
        if not HANDLE_RE.fullmatch(handle):
            raise CredentialsRefused("Use 1-50 letters, digits, dots, dashes or underscores.", field="handle")
        return Connection(
            tokens=TokenSet(access_token=""),
            profile=Profile(remote_id=f"{self.network}:{handle.lower()}", handle=handle, display_name=handle),
        )
