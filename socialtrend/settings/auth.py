"""Logging in: the authentication backends and the per-account lockout
(django-axes) that protects the API's token endpoint, registration and the
Django admin login.

Failed logins are counted per account (the e-mail, lower-cased) whatever the
address they come from, so guessing one password from many addresses is slowed
as much as from one; and per address whatever the account, so one address
cannot try one password on many accounts (on the API the throttle,
THROTTLE_AUTH_RATE in api.py, bounds requests per minute too; the admin login
has only this). A locked account or address answers 429 (even to the right
password) until LOGIN_COOLOFF_MINUTES have passed without a new failure, or
until an administrator resets it (`manage.py axes_reset_username <e-mail>`,
`axes_reset_ip <address>`, or the "Access attempts" page in admin).
"""

from datetime import timedelta

from django.core.exceptions import ImproperlyConfigured

from socialtrend.env import env_int, env_list

# Axes first: it refuses a locked account before any password is checked.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

# Failed logins that lock the account, and the minutes without a failure after
# which it unlocks by itself (0: only an administrator unlocks it).
LOGIN_FAILURE_LIMIT = env_int("LOGIN_FAILURE_LIMIT", 10)
LOGIN_COOLOFF_MINUTES = env_int("LOGIN_COOLOFF_MINUTES", 15)
# What a lock applies to: "username" (the account, from any address), "ip_address"
# (one address, for any account), or "username+ip_address" (that account from that
# address only); several, comma-separated, lock on any of them. The default locks
# the account and the address each. Without "ip_address", `check --deploy` warns (axes.W006).
LOGIN_LOCKOUT_PARAMETERS = env_list("LOGIN_LOCKOUT_PARAMETERS", ["username", "ip_address"])

_LOCKOUT_NAMES = {"username", "ip_address", "user_agent"}


def _lockout_parameters(values: list[str]) -> list[str | list[str]]:
    parsed: list[str | list[str]] = []
    for value in values:
        names = [name.strip() for name in value.split("+")]
        if not set(names) <= _LOCKOUT_NAMES:
            raise ImproperlyConfigured(
                f"LOGIN_LOCKOUT_PARAMETERS: {value!r} is not made of {', '.join(sorted(_LOCKOUT_NAMES))}"
            )
        parsed.append(names if len(names) > 1 else names[0])
    return parsed


AXES_FAILURE_LIMIT = LOGIN_FAILURE_LIMIT
AXES_COOLOFF_TIME = timedelta(minutes=LOGIN_COOLOFF_MINUTES) if LOGIN_COOLOFF_MINUTES > 0 else None
AXES_LOCKOUT_PARAMETERS = _lockout_parameters(LOGIN_LOCKOUT_PARAMETERS)
# The same client address as the throttles (NUM_PROXIES), and one spelling of each account.
AXES_CLIENT_IP_CALLABLE = "socialtrend.api.throttling.client_address"
AXES_USERNAME_CALLABLE = "accounts.login_guard.login_username"
# The API answers in its JSON error shape, the admin with a page (accounts.login_guard).
AXES_LOCKOUT_CALLABLE = "accounts.login_guard.lockout_response"
AXES_HTTP_RESPONSE_CODE = 429
# Failures are what a lock needs; a row per successful login would grow forever.
AXES_DISABLE_ACCESS_LOG = True
# Failures are never logged with the password, nor with the e-mail in the request data.
AXES_SENSITIVE_PARAMETERS = ["username", "email", "ip_address"]
AXES_VERBOSE = False  # no banner at every start of a process
