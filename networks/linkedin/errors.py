"""What LinkedIn's error answers mean, for `HttpClient(classify=...)`.

LinkedIn's REST errors are `{"status", "serviceErrorCode", "code", "message"}`
(some, such as the Videos API's 403, carry only `status` and `message`); its
OAuth endpoints answer `{"error", "error_description"}`.
"""

import json
import re
from datetime import UTC, datetime, time, timedelta
from typing import Any

import requests

from networks.linkedin import post_url
from socialtrend.outbound import (
    AuthError,
    ConfigurationError,
    OutboundError,
    PermanentError,
    RetryableError,
    retry_after_seconds,
)

_DUPLICATE_OF = re.compile(r"duplicate of (urn:li:\w+:[\w-]+)", re.IGNORECASE)

# What a 403 asks of people: LinkedIn refuses an author the token may not act for.
PERMISSION_HELP = (
    "The account's sign-in is fine; a permission is missing. To post as an organization page the "
    "connected member needs the ADMINISTRATOR, CONTENT_ADMIN or DIRECT_SPONSORED_CONTENT_POSTER role "
    "on the page and the app the w_organization_social permission (Community Management API); to post "
    "as a member the app needs w_member_social (Share on LinkedIn). Grant it, then retry the post."
)


def classify(response: requests.Response) -> OutboundError | None:
    """The error a failed LinkedIn answer stands for, or None to use the core's default."""
    body = _body(response)
    status = response.status_code
    code = str(body.get("code") or "")
    message = str(body.get("message") or body.get("error_description") or "")
    if status == 426 or code == "NONEXISTENT_VERSION":
        # Every call fails alike until an operator sets a version LinkedIn still serves.
        version = response.request.headers.get("Linkedin-Version", "") if response.request else ""
        return ConfigurationError(
            f"LinkedIn no longer serves Linkedin-Version {version or '(none sent)'} "
            f"({code or status}: {message or 'no message'}). Set LINKEDIN_VERSION to a current "
            "monthly version (YYYYMM): LinkedIn serves each for about a year after its release.",
            http_status=status,
        )
    if body.get("error") == "invalid_client":
        # The accessToken endpoint refusing the app itself: no account's token is at fault.
        return ConfigurationError(
            f"LinkedIn refused the app's client credentials (invalid_client: {message or 'no message'}). "
            "Check LINKEDIN_CLIENT_ID and LINKEDIN_CLIENT_SECRET against the app in LinkedIn's developer portal.",
            http_status=status,
        )
    said = f"{code or body.get('serviceErrorCode') or status}: {message or 'no message'}"
    if status == 401:
        # 65600 INVALID_ACCESS_TOKEN, 65601 REVOKED_ACCESS_TOKEN (the member took the app's access back)
        # and an expired token alike: only a new sign-in helps.
        return AuthError(f"LinkedIn refused the access token ({said}); reconnect the account.", http_status=status)
    if status == 403:
        # ACCESS_DENIED (serviceErrorCode 100), or the Videos API's bare "forbidden": a role or a product.
        return PermanentError(f"LinkedIn refused permission ({said}). {PERMISSION_HELP}", http_status=status)
    if status == 429 and "throttle" in message.lower():
        # "Resource level throttle APPLICATION[_AND_MEMBER] DAY limit for calls to this resource is
        # reached.": LinkedIn's limits are per day and reset at midnight UTC; no Retry-After comes.
        return RetryableError(
            f"LinkedIn's daily limit for this call is reached ({said}); it resets at midnight UTC.",
            retry_after=retry_after_seconds(response.headers, _seconds_to_midnight_utc()),
            http_status=status,
        )
    if status == 422 and (duplicate := _DUPLICATE_OF.search(message)):
        # "Content is a duplicate of urn:li:share:...": the same text is already posted by this author.
        return PermanentError(
            f"LinkedIn refused this post as a duplicate of one already there: {post_url(duplicate[1])} "
            f"({said}). Change the text to post it again.",
            http_status=status,
        )
    return None


def _seconds_to_midnight_utc() -> float:
    now = datetime.now(UTC)
    return (datetime.combine(now.date() + timedelta(days=1), time.min, UTC) - now).total_seconds()


def _body(response: requests.Response) -> dict[str, Any]:
    try:
        body = json.loads(response.content or b"{}")
    except (ValueError, UnicodeDecodeError):
        return {}
    return body if isinstance(body, dict) else {}
