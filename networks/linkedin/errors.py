"""What LinkedIn's error answers mean, for `HttpClient(classify=...)`.

LinkedIn's REST errors are `{"status", "serviceErrorCode", "code", "message"}`
(some, such as the Videos API's 403, carry only `status` and `message`); its
OAuth endpoints answer `{"error", "error_description"}`.
"""

import json
from typing import Any

import requests

from socialtrend.outbound import ConfigurationError, OutboundError


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
    return None


def _body(response: requests.Response) -> dict[str, Any]:
    try:
        body = json.loads(response.content or b"{}")
    except (ValueError, UnicodeDecodeError):
        return {}
    return body if isinstance(body, dict) else {}
