"""Connecting a Bluesky account: a handle (or the account's e-mail) and an app password,
checked by the account's server with com.atproto.server.createSession; the session's
tokens are refreshed with com.atproto.server.refreshSession.

App passwords are Bluesky's documented way for a third-party client to act for an
account without its real password. OAuth for atproto asks the client to publish its
metadata at a public https address and to bind tokens to a key with DPoP, per server:
a self-hosted install on a private address cannot offer the first. The password is
not kept: the refresh token is, encrypted like every token.
"""

from collections.abc import Mapping
from datetime import UTC, datetime

import jwt
import regex
import requests
from django.conf import settings

from networks.bluesky import DEFAULT_SERVICE, SPEC
from networks.bluesky.xrpc import SessionExpired, Xrpc, classify, error_name
from networks.connect import CredentialsRefused, DirectConnector
from networks.oauth import Connection, Profile, TokenSet
from networks.publishing import AccountRef
from socialtrend.outbound import AuthError, PermanentError, PrivateAddressError, error_for_status, refuse_private_url

# A handle (a domain name), the account's e-mail or its DID: no spaces, no slashes.
IDENTIFIER_RE = regex.compile(r"[^\s/]{3,253}")
# What createSession and refreshSession answer, by their lexicons.
SESSION_KEYS = ("accessJwt", "refreshJwt", "handle", "did")
# createSession's own errors (its lexicon), in words for the person connecting.
REFUSED = {
    "AuthFactorTokenRequired": "This account asks for a sign-in code sent by e-mail: use an app password instead.",
    "AccountTakedown": "Bluesky has taken this account down.",
}


class BlueskyConnector(DirectConnector):
    network = SPEC.name

    def connect(self, *, handle: str, credentials: Mapping[str, str]) -> Connection:
        if not IDENTIFIER_RE.fullmatch(handle):
            raise CredentialsRefused("Type the account's handle (name.bsky.social) or its e-mail.", field="handle")
        service = credentials["service"].rstrip("/")
        self._check_service(service)
        response = Xrpc(service).answer(
            "com.atproto.server.createSession", body={"identifier": handle, "password": credentials["password"]}
        )
        if not response.ok:
            raise self._refused(response)
        session = _session(response)
        return Connection(
            tokens=_tokens(session),
            profile=Profile(remote_id=session["did"], handle=session["handle"], display_name=session["handle"]),
            options={"service": service},
        )

    def refresh(self, *, account: AccountRef) -> TokenSet:
        # Needs the refresh JWT, not the access one; the answer carries a new refresh JWT (rotated).
        xrpc = Xrpc(account.options.get("service") or DEFAULT_SERVICE, token=account.refresh_token)
        try:
            session = xrpc.procedure("com.atproto.server.refreshSession", safe_to_retry=True)
        except SessionExpired as exc:  # the refresh token's own end: only a person can sign in again
            raise AuthError(exc.message, http_status=exc.http_status) from exc
        if not _is_session(session):
            raise PermanentError("Bluesky's refreshSession answer carries no session.")
        return _tokens(session)

    @staticmethod
    def _check_service(service: str) -> None:
        if settings.BLUESKY_ALLOW_PRIVATE_SERVICES:
            return
        try:
            refuse_private_url(service)
        except PrivateAddressError as exc:
            raise CredentialsRefused(f"This server is not allowed: {exc}.", field="service") from exc

    @staticmethod
    def _refused(response: requests.Response) -> Exception:
        name, message = error_name(response)
        if response.status_code == 401 and name not in REFUSED:
            return CredentialsRefused("Bluesky did not accept this handle and app password.", field="password")
        if name in REFUSED:
            return CredentialsRefused(REFUSED[name], field="password")
        if not name and response.status_code in (404, 405, 501):
            return CredentialsRefused("This address does not answer as a Bluesky server (PDS).", field="service")
        if response.status_code == 400:
            return CredentialsRefused(f"Bluesky refused to sign in: {message or name}.", field="handle")
        # A rate limit, a server error: the network could not be asked, nothing is wrong with the input.
        return classify(response) or error_for_status(response, safe_to_retry=True)


def _session(response: requests.Response) -> dict:
    try:
        session = response.json()
    except ValueError:
        session = None
    if not _is_session(session):
        raise CredentialsRefused("This address does not answer as a Bluesky server (PDS).", field="service")
    return session


def _is_session(session: object) -> bool:
    return isinstance(session, dict) and all(isinstance(session.get(key), str) for key in SESSION_KEYS)


def _tokens(session: Mapping) -> TokenSet:
    return TokenSet(
        access_token=session["accessJwt"],
        refresh_token=session["refreshJwt"],
        expires_in=_seconds_left(session["accessJwt"]),
    )


def _seconds_left(token: str) -> int | None:
    """When the server says the access token runs out (its `exp` claim), in seconds from now.

    The token is the server's to verify; here only its expiry is read, to refresh it in time.
    """
    try:
        claims = jwt.decode(token, options={"verify_signature": False})
    except jwt.InvalidTokenError:
        return None
    expires = claims.get("exp")
    if not isinstance(expires, int | float):
        return None
    return max(1, int(expires - datetime.now(tz=UTC).timestamp()))
