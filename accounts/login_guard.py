"""The per-account login lockout (django-axes), as the API and the admin use it.

Axes counts failed `authenticate()` calls (its backend refuses a locked account
before any password is checked) and keeps the counts in its own tables;
settings/auth.py configures it. This module is the project's side of it:

- `login_username` and `lockout_response` are axes' callables: one spelling of
  an account whatever the case typed, and a 429 in the API's JSON error shape
  (or, for the admin login, a page) with Retry-After.
- `locked_out`, `is_locked` and `record_failure` let the token and registration
  views ask and tell axes about a request, and `LoginLocked` is the domain
  error they raise, which the API's exception handler turns into that 429.
"""

import math

from axes.handlers.proxy import AxesProxyHandler
from django.conf import settings
from django.contrib import admin
from django.contrib.auth.signals import user_login_failed
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.template.response import TemplateResponse

from socialtrend.errors import ApplicationError

# Axes' username column holds 255 characters; longer input is no e-mail anyway.
USERNAME_MAX = 255


class LoginLocked(ApplicationError):
    """Too many failed logins for the account (or from the address): refused until the cool-off passes."""

    status_code = 429

    def __init__(self) -> None:
        super().__init__(lockout_message())
        self.retry_after = cool_off_seconds()


def cool_off_seconds() -> int | None:
    cool_off = settings.AXES_COOLOFF_TIME
    return int(cool_off.total_seconds()) if cool_off else None


def lockout_message() -> str:
    seconds = cool_off_seconds()
    if seconds is None:
        return "Too many failed logins. Ask an administrator to unlock the account."
    minutes = math.ceil(seconds / 60)
    return f"Too many failed logins. Try again in {minutes} minute{'s' if minutes != 1 else ''}."


def login_username(request: HttpRequest, credentials: dict | None) -> str | None:
    """AXES_USERNAME_CALLABLE: the account a login names, lower-cased as accounts are
    stored, whether it came as the API's `email` or the admin form's `username`."""
    credentials = credentials or {}
    value = credentials.get("email") or credentials.get("username")
    if value is None:
        data = getattr(request, "data", None)
        if not isinstance(data, dict):
            data = request.POST
        value = data.get("email") or data.get("username")
    if not isinstance(value, str) or not value.strip():
        return None
    # NUL and lone surrogates cannot be stored (PostgreSQL refuses them).
    cleaned = value.replace("\x00", "").encode("utf-8", "ignore").decode("utf-8")
    return cleaned.strip().lower()[:USERNAME_MAX] or None


def lockout_response(
    request: HttpRequest, original_response: HttpResponse | None = None, credentials: dict | None = None
) -> HttpResponse:
    """AXES_LOCKOUT_CALLABLE: the answer to a locked-out login that axes' middleware sends."""
    message = lockout_message()
    if request.path.startswith("/api/"):
        response: HttpResponse = JsonResponse({"detail": message, "errors": {}}, status=429)
    else:
        context = {**admin.site.each_context(request), "title": "Log in", "message": message}
        response = TemplateResponse(request, "admin/login_locked.html", context, status=429)
        response.render()
    if (seconds := cool_off_seconds()) is not None:
        response["Retry-After"] = str(seconds)
    return response


def locked_out(request) -> bool:
    """Whether axes refused or locked this request's login (after `authenticate()`)."""
    return bool(getattr(request, "axes_locked_out", False))


def is_locked(request, *, email: str) -> bool:
    return not AxesProxyHandler.is_allowed(request, {"email": email})


def record_failure(request, *, email: str) -> None:
    """Count a failure against `email` as a refused login would (axes listens)."""
    user_login_failed.send(sender=__name__, credentials={"email": email}, request=request)
