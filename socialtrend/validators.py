"""Checks of input values shared by the API and the services.

Django's URLValidator lets any five-digit port through (`:99999`), and
`urllib.parse` then raises on reading it: a URL is valid here only if a
connection could be made with it.
"""

from urllib.parse import urlsplit

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator

MAX_PORT = 65535


class HttpURLValidator(URLValidator):
    """An http(s) URL with a host, and a port (when given) in 1..65535."""

    def __init__(self, **kwargs):
        super().__init__(schemes=["http", "https"], **kwargs)

    def __call__(self, value) -> None:
        super().__call__(value)
        try:
            port = urlsplit(value).port
        except ValueError as exc:
            raise ValidationError(f"The port must be between 1 and {MAX_PORT}.", code="invalid_port") from exc
        if port == 0:
            raise ValidationError(f"The port must be between 1 and {MAX_PORT}.", code="invalid_port")


validate_http_url = HttpURLValidator()


def text_problem(value: str) -> str | None:
    """Why a database cannot store this text (PostgreSQL refuses NUL; no encoding has lone surrogates)."""
    if "\x00" in value:
        return "Text must not contain NUL characters."
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return "Text must not contain lone surrogates (invalid Unicode)."
    return None
