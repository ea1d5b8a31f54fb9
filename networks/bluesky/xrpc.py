"""XRPC over the core's HTTP layer: one account's server (PDS), and what its errors mean.

Plain HTTP rather than the `atproto` SDK: the SDK brings its own httpx client, which
would bypass `socialtrend.outbound` (the refusal of private addresses, which matters
because a person types the server's address; the total deadline; the bounded body
read; the one error family the pipeline understands). The few calls needed are small
JSON requests that the lexicons describe exactly.

An XRPC error is a status and a body `{"error": <name>, "message": <text>}`. The
reference PDS answers a rate limit with 429 and `RateLimit-Reset` (Unix seconds), an
expired access token with 400 `ExpiredToken`, a bad or revoked one with 400
`InvalidToken` or 401, a taken-down or deactivated account with 401
`AccountTakedown` / `AccountDeactivated`, and a record that breaks its lexicon
with 400 `InvalidRequest`.
"""

from typing import Any, BinaryIO

import requests
from django.conf import settings

from socialtrend.outbound import (
    AuthError,
    HttpClient,
    OutboundError,
    OutcomeUnknownError,
    PermanentError,
    RetryableError,
    retry_after_seconds,
    seconds_until,
)

# What the server's errors are called when the account's session is gone for good.
SESSION_GONE = frozenset(
    {"InvalidToken", "AuthenticationRequired", "AuthMissing", "AccountTakedown", "AccountDeactivated"}
)
# An expired access token: the periodic refresh renews it (refreshSession), then the post goes out.
EXPIRED_TOKEN_RETRY_SECONDS = 300.0


class XrpcRefusal(PermanentError):
    """The server refused the call; `error` is the XRPC error's name (e.g. "RecordNotFound")."""

    def __init__(self, message: str, *, error: str, http_status: int):
        self.error = error
        super().__init__(message, http_status=http_status)


class SessionExpired(RetryableError):
    """400 `ExpiredToken`: the access token ran out (a refresh renews it); at refreshSession,
    the refresh token itself ran out or was revoked."""


def error_name(response: requests.Response) -> tuple[str, str]:
    """The XRPC error's name and message, or empty strings when the body is not one."""
    try:
        body = response.json()
    except ValueError:
        return "", ""
    if not isinstance(body, dict):
        return "", ""
    return str(body.get("error") or ""), str(body.get("message") or "")


def classify(response: requests.Response) -> OutboundError | None:
    status = response.status_code
    name, message = error_name(response)
    text = f"Bluesky: {message or name or f'HTTP {status}'}" + (f" ({name})" if name and message else "")
    if status == 429:
        reset = seconds_until(response.headers.get("RateLimit-Reset"))
        return RetryableError(text, retry_after=reset or retry_after_seconds(response.headers), http_status=status)
    if name == "ExpiredToken":
        return SessionExpired(
            f"{text}: the session is renewed by the token refresh, then the post is tried again.",
            retry_after=EXPIRED_TOKEN_RETRY_SECONDS,
            http_status=status,
        )
    if name in SESSION_GONE or status == 401:
        return AuthError(text, http_status=status)
    if 400 <= status < 500 and status != 403:
        return XrpcRefusal(text, error=name, http_status=status)
    return None  # 403 and 5xx: the core's reading (403 expires the account, 503 is retried, ...)


class Xrpc:
    """Calls to one PDS, as one account (its access or refresh JWT) or anonymously."""

    def __init__(self, service: str, *, token: str = ""):
        self.service = service.rstrip("/")
        self.token = token
        self.http = HttpClient(classify=classify, public_only=not settings.BLUESKY_ALLOW_PRIVATE_SERVICES)

    def query(self, nsid: str, **params: Any) -> dict:
        return self._call("GET", nsid, params=params, safe_to_retry=True)

    def procedure(self, nsid: str, *, body: dict | None = None, safe_to_retry: bool = False) -> dict:
        return self._call("POST", nsid, json=body, safe_to_retry=safe_to_retry)

    def upload(self, nsid: str, *, data: BinaryIO | bytes, mime_type: str) -> dict:
        # An unreferenced blob is dropped by the server after a while: sending it again is harmless.
        return self._call("POST", nsid, data=data, headers={"Content-Type": mime_type}, safe_to_retry=True)

    def answer(self, nsid: str, *, body: dict) -> requests.Response:
        """A procedure's whole answer, whatever its status, for a caller that reads the errors
        itself; only a call that got no answer raises (an `OutboundError`)."""
        return self.http.send("POST", self._url(nsid), json=body, headers=self._headers(), safe_to_retry=True)

    def _url(self, nsid: str) -> str:
        return f"{self.service}/xrpc/{nsid}"

    def _headers(self, extra: dict | None = None) -> dict:
        headers = dict(extra or {})
        if self.token:
            headers["Authorization"] = f"Bearer {self.token}"
        return headers

    def _call(self, method: str, nsid: str, *, safe_to_retry: bool, headers: dict | None = None, **kwargs) -> dict:
        response = self.http.request(
            method, self._url(nsid), headers=self._headers(headers), safe_to_retry=safe_to_retry, **kwargs
        )
        try:
            body = response.json() if response.content else {}
        except ValueError as exc:
            message = f"Bluesky answered {nsid} with something that is not JSON."
            raise (PermanentError if safe_to_retry else OutcomeUnknownError)(message) from exc
        return body if isinstance(body, dict) else {}
