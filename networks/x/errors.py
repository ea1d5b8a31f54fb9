"""What X's error answers mean, read in one place for the publisher, OAuth and the trend source.

X answers errors as RFC 7807 problems, `{"title", "detail", "type", ...}` plus
fields of their own per type. The type URI's host is `api.x.com` in the current
spec (v2.167) and `api.twitter.com` in older answers that X still sends, so only
its last path segment is compared. Checked against the OpenAPI spec (v2.167 and
v2.159, whose `Problem` mapping still lists `client-forbidden` and
`usage-capped`), X's "Response codes and errors" page and answers recorded by
X's users.
"""

import requests

from socialtrend.outbound import (
    AuthError,
    ConfigurationError,
    OutboundError,
    PermanentError,
    RetryableError,
    seconds_until,
)

# A 403 of this type is the app's access level (reason `client-not-enrolled`:
# the app is not in a project or package that includes the endpoint;
# `official-client-forbidden`): the same for every user, so no reconnecting helps.
APP_FORBIDDEN = "client-forbidden"
# A 403 of this type is the token itself (an app-only token where a user's is needed).
CREDENTIALS_REFUSED = "unsupported-authentication"
# A 429 of this type is a cap (`period` Daily or Monthly, `scope` Account or Product), not the 15-minute window.
USAGE_CAPPED = "usage-capped"
# Rate-limit windows by header prefix, each with `-limit`, `-remaining` and `-reset` (epoch seconds).
WINDOWS = {
    "x-rate-limit": "X rate limit reached (15-minute window)",
    "x-user-limit-24hour": "the account's 24-hour X post limit is used up",
    "x-app-limit-24hour": "the X app's 24-hour limit is used up",
}
# No reset comes with the monthly cap; an operator may raise it at any time.
MONTHLY_CAP_RETRY_AFTER = 3600.0
DAILY_CAP_RETRY_AFTER = 3600.0


def problem_of(response: requests.Response) -> dict:
    """The answer's problem document; empty when the body is not a JSON object."""
    try:
        body = response.json()
    except ValueError:
        return {}
    return body if isinstance(body, dict) else {}


def problem_kind(problem: dict) -> str:
    """`client-forbidden` for `https://api.twitter.com/2/problems/client-forbidden` (either host)."""
    return str(problem.get("type", "")).rstrip("/").rsplit("/", 1)[-1]


def problem_text(problem: dict, default: str = "") -> str:
    """What X says went wrong: the detail (or title), then the messages of an invalid request."""
    said = [str(problem.get("detail") or problem.get("title") or default)]
    errors = problem.get("errors")
    if isinstance(errors, list):
        said += [str(e["message"]) for e in errors if isinstance(e, dict) and e.get("message")]
    return " ".join(part for part in said if part)


def classify_x_error(response: requests.Response) -> OutboundError | None:
    """The `OutboundError` an X API v2 error answer means; None leaves it to the default rules."""
    status = response.status_code
    problem = problem_of(response)
    kind = problem_kind(problem)
    if status == 429:
        return rate_limit_error(response)
    if status == 402:
        return credits_error(response)
    if status == 400:
        return PermanentError(f"X refused the request: {problem_text(problem, 'Bad Request')}", http_status=400)
    if status == 403:
        text = problem_text(problem, "Forbidden")
        if kind == APP_FORBIDDEN or problem.get("reason") == "client-not-enrolled":
            reason = problem.get("reason") or kind
            return ConfigurationError(
                f"the X app's access level does not include this endpoint ({reason}): attach the app to a "
                f"project with the right access in the X Developer Console. X said: {text}",
                http_status=403,
            )
        if kind == CREDENTIALS_REFUSED:
            return AuthError(f"X refused the credentials: {text}", http_status=403)
        return PermanentError(f"X refused the post: {text}", http_status=403)
    return None


def credits_error(response: requests.Response) -> ConfigurationError:
    """A 402: pay-per-use with the app's credit balance used up (`CreditsDepleted`, type `.../credits`).
    Every call of every account is refused until an operator buys credits."""
    said = problem_text(problem_of(response), "Payment Required")
    return ConfigurationError(
        "the X app's credits are used up: top up the credit balance (or turn on auto-recharge) in the "
        f"X Developer Console, console.x.com. X said: {said}",
        http_status=402,
    )


def rate_limit_error(response: requests.Response) -> RetryableError:
    """A 429: the 15-minute window (`x-rate-limit-*`), a 24-hour cap (`x-user-limit-24hour-*`
    for the account, `x-app-limit-24hour-*` for the app: wait for that reset) or the app's
    monthly cap (`usage-capped`, period Monthly, with no reset to read: the operator's to raise)."""
    headers = response.headers
    problem = problem_of(response)
    capped = problem_kind(problem) == USAGE_CAPPED
    if capped and problem.get("period") == "Monthly":
        return ConfigurationError(
            f"the X app's monthly usage cap is reached ({problem.get('scope') or 'Product'} cap): raise it or "
            f"change plans in the X Developer Console. X said: {problem_text(problem)}",
            retry_after=MONTHLY_CAP_RETRY_AFTER,
            http_status=429,
        )
    used_up = {
        window: seconds_until(headers.get(f"{window}-reset"))
        for window in WINDOWS
        if headers.get(f"{window}-remaining", "").strip() == "0"
    }
    used_up = {window: delay for window, delay in used_up.items() if delay is not None}
    if used_up:
        window = max(used_up, key=lambda name: used_up[name])
        return RetryableError(WINDOWS[window], retry_after=used_up[window], http_status=429)
    if capped:  # a daily cap that sent no reset: X's 24-hour windows roll, so try again in a while
        return RetryableError(WINDOWS["x-user-limit-24hour"], retry_after=DAILY_CAP_RETRY_AFTER, http_status=429)
    delay = seconds_until(headers.get("x-rate-limit-reset"), default=900.0)
    return RetryableError(WINDOWS["x-rate-limit"], retry_after=delay, http_status=429)
