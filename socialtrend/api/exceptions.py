"""One exception handler for the whole API.

Every error leaves as `{"detail": "...", "errors": {"field": ["message"]}}`
with its 4xx status; `errors` is empty when no field is at fault. Anything
unexpected still propagates, so a real bug is a logged 500, never hidden.
"""

from typing import Any

from django.conf import settings
from django.core.exceptions import (
    DisallowedHost,
    RequestDataTooBig,
    SuspiciousOperation,
    TooManyFieldsSent,
    TooManyFilesSent,
)
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import HttpRequest
from rest_framework import exceptions
from rest_framework.response import Response
from rest_framework.serializers import as_serializer_error
from rest_framework.views import exception_handler as drf_exception_handler

from socialtrend.errors import ApplicationError

NON_FIELD_KEY = "non_field_errors"


def exception_handler(exc: Exception, context: dict) -> Response | None:
    if isinstance(exc, ApplicationError):
        detail = summarize(exc.errors) if exc.errors else exc.message
        retry_after = getattr(exc, "retry_after", None)
        headers = {"Retry-After": str(retry_after)} if retry_after is not None else None
        return Response(error_body(detail, exc.errors), status=exc.status_code, headers=headers)
    if isinstance(exc, DjangoValidationError):
        exc = exceptions.ValidationError(as_serializer_error(exc))
    if isinstance(exc, SuspiciousOperation):
        request = context.get("request")
        status, errors = suspicious_errors(exc, getattr(request, "_request", request))
        return Response(error_body(summarize(errors), errors), status=status)
    response = drf_exception_handler(exc, context)
    if response is None:
        return None
    if isinstance(exc, exceptions.ValidationError):
        errors = flatten_errors(exc.detail)
        response.data = error_body(summarize(errors), errors)
    else:
        detail = exc.detail if isinstance(exc, exceptions.APIException) else response.data
        if isinstance(detail, dict):
            detail = detail.get("detail", "Request failed.")
        response.data = error_body(str(detail), {})
    return response


def suspicious_errors(exc: SuspiciousOperation, request: HttpRequest | None) -> tuple[int, dict[str, list[str]]]:
    """Django's refusals of a request (too many files or fields, a bad Host), which it
    would answer with an HTML page, as a status and the field at fault."""
    if isinstance(exc, TooManyFilesSent):
        return 400, {"file": [f"A request may carry at most {settings.DATA_UPLOAD_MAX_NUMBER_FILES} files."]}
    if isinstance(exc, TooManyFieldsSent):
        limit = settings.DATA_UPLOAD_MAX_NUMBER_FIELDS
        query = request.META.get("QUERY_STRING", "") if request is not None else ""
        where = "query" if query and query.count("&") + 1 > limit else "body"
        return 400, {where: [f"A request may carry at most {limit} fields."]}
    if isinstance(exc, DisallowedHost):
        return 400, {"Host": ["This server does not answer for that host name."]}
    if isinstance(exc, RequestDataTooBig):
        return 413, {"body": [f"Request body exceeds the limit of {settings.DATA_UPLOAD_MAX_MEMORY_SIZE} bytes."]}
    return 400, {NON_FIELD_KEY: ["The request was refused as malformed."]}


def error_body(detail: str, errors: dict[str, list[str]]) -> dict[str, Any]:
    return {"detail": detail, "errors": errors}


def flatten_errors(detail: Any, prefix: str = "") -> dict[str, list[str]]:
    """Turn DRF's nested error detail into `{"a.b.0": ["message"]}`."""
    if isinstance(detail, dict):
        flat: dict[str, list[str]] = {}
        for key, value in detail.items():
            name = f"{prefix}.{key}" if prefix else str(key)
            flat.update(flatten_errors(value, name))
        return flat
    if isinstance(detail, list) and any(isinstance(item, dict | list) for item in detail):
        flat = {}
        for index, item in enumerate(detail):
            if item:
                flat.update(flatten_errors(item, f"{prefix}.{index}" if prefix else str(index)))
        return flat
    messages = detail if isinstance(detail, list) else [detail]
    return {prefix or NON_FIELD_KEY: [str(message) for message in messages]}


def summarize(errors: dict[str, list[str]]) -> str:
    """A one-line message for toasts: the first error, prefixed by its field."""
    if not errors:
        return "Invalid input."
    field, messages = next(iter(errors.items()))
    first = messages[0] if messages else "Invalid input."
    return first if field == NON_FIELD_KEY else f"{field}: {first}"
