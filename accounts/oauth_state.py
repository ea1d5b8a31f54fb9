"""The OAuth `state`: signed, expiring, bound to the user, the network and the browser,
carrying the PKCE verifier.

The browser binding closes a login-CSRF hole: without it, someone could start
a connect flow on their own SocialTrend user and send the authorize link to a
victim, whose network account would then land in the sender's SocialTrend. The
connect step gives the starting browser a random nonce in a cookie; the state
carries its hash, and the callback accepts only the browser that holds it.

What the network's provider prepared for this connect (`OAuthProvider.prepare`,
e.g. the instance a person typed) travels signed in the state too, so the
callback finishes on the same server the person started on.

The verifier travels encrypted (Fernet) inside the signed state, so the
server keeps no session for a connect in progress and nobody who sees the
redirect URL learns the verifier.

A state is single-use: the callback that verifies it records its digest
(`OAuthStateUse`, kept for the state's lifetime, OAUTH_STATE_MAX_AGE), and a
second callback with the same state is refused as invalid, so a captured
callback URL cannot be replayed within those minutes.
"""

import base64
import hashlib
import secrets
from dataclasses import dataclass, field

from django.conf import settings
from django.core import signing

from socialtrend.crypto import decrypt, encrypt

SALT = "socialtrend.accounts.oauth-state"


@dataclass(frozen=True)
class State:
    user_id: int
    network: str
    code_verifier: str = ""
    context: dict[str, str] = field(default_factory=dict)


class StateExpired(Exception):
    pass


class StateInvalid(Exception):
    pass


class StateOtherBrowser(StateInvalid):
    pass


def new_browser_nonce() -> str:
    return secrets.token_urlsafe(32)


def _nonce_digest(nonce: str) -> str:
    return hashlib.sha256(nonce.encode()).hexdigest()[:32]


def new_code_verifier() -> str:
    return secrets.token_urlsafe(64)[:96]


def code_challenge(verifier: str) -> str:
    return base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest()).rstrip(b"=").decode()


def state_sign(
    *, user_id: int, network: str, browser_nonce: str, code_verifier: str = "", context: dict[str, str] | None = None
) -> str:
    payload = {"u": user_id, "n": network, "b": _nonce_digest(browser_nonce)}
    if code_verifier:
        payload["v"] = encrypt(code_verifier)
    if context:
        payload["c"] = context
    return signing.dumps(payload, salt=SALT, compress=True)


def state_verify(value: str, *, network: str, browser_nonce: str) -> State:
    try:
        payload = signing.loads(value, salt=SALT, max_age=settings.OAUTH_STATE_MAX_AGE)
    except signing.SignatureExpired as exc:
        raise StateExpired from exc
    except signing.BadSignature as exc:
        raise StateInvalid from exc
    if payload.get("n") != network:
        raise StateInvalid
    if not browser_nonce or not secrets.compare_digest(payload.get("b", ""), _nonce_digest(browser_nonce)):
        raise StateOtherBrowser
    try:
        verifier = decrypt(payload["v"]) if payload.get("v") else ""
    except ValueError as exc:
        raise StateInvalid from exc
    context = payload.get("c") or {}
    return State(user_id=payload["u"], network=network, code_verifier=verifier, context=context)
