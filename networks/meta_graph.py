"""What Meta's Graph APIs share, whichever product serves them: the error body and the codes
every one of them documents (Graph API > Error Handling), and the container flow's statuses.

`{"error": {"message", "type", "code", "error_subcode", "error_user_title",
"error_user_msg", "is_transient", "fbtrace_id"}}` comes with an HTTP 400 (or 403,
500): the meaning is in `code`, not the status. A network package builds its
classifier with `classifier(label)` and checks its own codes (a product's
subcodes) before it; this module names no network.
"""

import json
from collections.abc import Callable
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

# 190: access token invalid or expired (subcodes 458 app removed, 460 password changed, 463 expired,
# 467 invalid); 102: API session. Only a new sign-in helps.
TOKEN_ERROR_CODES = frozenset({190, 102})
# 4 app, 17 user, 32 page, 613 custom rate limit; 80001-80014 business use case (Pages, Instagram, ...)
# rate limits, whose reset the X-Business-Use-Case-Usage header tells in minutes.
THROTTLE_CODES = frozenset({4, 17, 32, 613, *range(80001, 80015)})
# 10: the app lacks the permission (App Review: an operator's matter); 200-299: the person did not
# grant it, or may not act on the object (not a page admin): theirs to fix by reconnecting.
APP_PERMISSION_CODE = 10
USER_PERMISSION_CODES = range(200, 300)
# 100/33: "Unsupported get request. Object with ID ... does not exist, cannot be loaded due to missing
# permissions, or does not support this operation": a deleted post reads like this.
MISSING_OBJECT = (100, 33)
THROTTLE_DEFAULT_SECONDS = 300.0
# Container statuses of the two-step publishing flows (create, poll `status`/`status_code`, publish).
CONTAINER_DONE = ("FINISHED", "PUBLISHED", "EXPIRED")


class GraphObjectMissing(PermanentError):
    """The Graph API does not show this object (deleted, or never there)."""


def graph_error(response: requests.Response) -> dict[str, Any] | None:
    """The `error` object of a Graph answer, or None when the body is not one."""
    try:
        error = response.json()["error"]
    except (ValueError, KeyError, TypeError):
        return None
    return error if isinstance(error, dict) else None


def describe(label: str, error: dict[str, Any]) -> str:
    code, subcode = error.get("code"), error.get("error_subcode")
    number = f"{code}/{subcode}" if subcode is not None else f"{code}"
    detail = error.get("error_user_msg") or error.get("message") or ""
    return f"{label} error {number}: {detail}".strip()


def classify_common(response: requests.Response, *, label: str) -> OutboundError | None:
    """The codes every Graph API documents alike; None for the rest (the core's default by status)."""
    error = graph_error(response)
    if error is None:
        return None
    code, status = error.get("code"), response.status_code
    message = describe(label, error)
    if (code, error.get("error_subcode")) == MISSING_OBJECT:
        return GraphObjectMissing(message, http_status=status)
    if code in TOKEN_ERROR_CODES:
        return AuthError(f"{message} (reconnect the account)", http_status=status)
    if error.get("is_transient") and status >= 500 and code not in THROTTLE_CODES:
        # "Temporary issue" on a 5xx says nothing of whether a publishing call went through: the
        # core decides by the call (retried where safe, unknown on the call that publishes).
        return None
    if code in THROTTLE_CODES or error.get("is_transient"):
        delay = retry_after_seconds(response.headers, default=_business_use_case_wait(response))
        return RetryableError(message, retry_after=delay, http_status=status)
    if code == APP_PERMISSION_CODE:
        return ConfigurationError(
            f"{message} (the app lacks this permission: it needs Meta's App Review for it)", http_status=status
        )
    if code in USER_PERMISSION_CODES:
        return PermanentError(
            f"{message} (the account did not grant this permission, or may not act here: reconnect it "
            "and grant every permission asked)",
            http_status=status,
        )
    return None


def classifier(label: str) -> Callable[[requests.Response], OutboundError | None]:
    return lambda response: classify_common(response, label=label)


def _business_use_case_wait(response: requests.Response) -> float:
    """Seconds until access is regained, from X-Business-Use-Case-Usage (minutes, per business id)."""
    try:
        usage = json.loads(response.headers.get("X-Business-Use-Case-Usage") or "{}")
        minutes = max(
            float(entry.get("estimated_time_to_regain_access") or 0) for entries in usage.values() for entry in entries
        )
    except (ValueError, TypeError, AttributeError):
        return THROTTLE_DEFAULT_SECONDS
    return minutes * 60 or THROTTLE_DEFAULT_SECONDS
