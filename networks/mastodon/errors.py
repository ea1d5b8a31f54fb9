"""What Mastodon's error answers mean, for `HttpClient(classify=...)`.

Mastodon answers errors as `{"error": "..."}` (its Error entity; OAuth endpoints
add `error_description`): 401 "The access token is invalid"; 403 "This action is
outside the authorized scopes" or a disabled or suspended login; 404 "Record not
found"; 422 "Validation failed: ..." for a status or media it refuses; 429 with
`X-RateLimit-Reset`, an ISO 8601 time (docs: rate limits); 503 while in
maintenance. The token endpoint answers 400 `invalid_grant` for a bad code and
401 `invalid_client` for a registration the instance no longer knows.
"""

import json
from datetime import UTC, datetime
from typing import Any

import requests

from socialtrend.outbound import (
    AuthError,
    ConfigurationError,
    OutboundError,
    PermanentError,
    RetryableError,
    retry_after_seconds,
)


class RegistrationUnknown(ConfigurationError):
    """The instance no longer knows the app's registration (`invalid_client`): register again."""


def classify(response: requests.Response) -> OutboundError | None:
    """The error a failed Mastodon answer stands for, or None to use the core's default."""
    status = response.status_code
    body = _body(response)
    said = error_text(body) or f"HTTP {status}"
    if body.get("error") == "invalid_client":
        return RegistrationUnknown(
            f"The Mastodon instance no longer knows this app's registration ({said}); connect again to register anew.",
            http_status=status,
        )
    if status == 401:
        return AuthError(f"Mastodon refused the access token ({said}); reconnect the account.", http_status=status)
    if status == 403:
        # Missing scopes (an older connection) or a disabled or suspended login: only a person can act.
        return AuthError(
            f"Mastodon refused the account ({said}); reconnect it or check it on its instance.", http_status=status
        )
    if status == 422:
        return PermanentError(f"Mastodon refused it: {said}", http_status=status)
    if status == 429:
        return RetryableError(
            f"Mastodon's rate limit is reached ({said}).",
            retry_after=reset_seconds(response.headers.get("X-RateLimit-Reset"))
            or retry_after_seconds(response.headers),
            http_status=status,
        )
    return None


def reset_seconds(value: str | None) -> float | None:
    """Seconds until `X-RateLimit-Reset` (Mastodon: an ISO 8601 time, e.g. 2024-01-01T12:05:00.019685Z)."""
    if not value:
        return None
    try:
        when = datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
    except ValueError:
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - datetime.now(UTC)).total_seconds())


def error_text(body: dict[str, Any]) -> str:
    return " ".join(str(body[key]) for key in ("error", "error_description") if body.get(key))


def _body(response: requests.Response) -> dict[str, Any]:
    try:
        body = json.loads(response.content or b"{}")
    except (ValueError, UnicodeDecodeError):
        return {}
    return body if isinstance(body, dict) else {}
