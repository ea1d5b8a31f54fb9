"""The API's JSON parser: DRF's, guarded so that no body becomes a 500 or a value no database stores.

- Nesting deeper than `API_MAX_JSON_DEPTH`: the json module's recursion (a
  RecursionError) and every recursive walk after it (serializers, the error
  flattening) are never reached with such data.
- A body over `API_MAX_BODY_BYTES`, whatever Content-Length said: 413.
- NaN, Infinity and numbers that overflow to infinity: not JSON, refused by
  PostgreSQL's jsonb, and unrenderable by a strict JSON renderer.
- NUL characters and lone surrogates in strings and keys: PostgreSQL refuses
  NUL, and no encoding holds a lone surrogate.

Each is a 400 naming the value's path (`options.12.title`), or `body` for the
body as a whole, in the API's error shape.
"""

import json
import math
from typing import Any

from django.conf import settings
from rest_framework import exceptions, parsers

from socialtrend.errors import ApplicationError
from socialtrend.validators import text_problem

NOT_FINITE = "Numbers must be finite (NaN and Infinity are not JSON)."
# Enough errors to fix a body in one go, few enough to keep the answer small.
MAX_REPORTED = 20


class BodyTooLargeError(ApplicationError):
    status_code = 413


class _NonFinite:
    """Stands in for NaN and infinities while parsing, so the walk can name where they were."""


_NON_FINITE = _NonFinite()


def _parse_float(text: str) -> float | _NonFinite:
    value = float(text)
    return value if math.isfinite(value) else _NON_FINITE


class JSONParser(parsers.JSONParser):
    def parse(self, stream, media_type=None, parser_context=None) -> Any:
        limit = settings.API_MAX_BODY_BYTES
        raw = stream.read(limit + 1)
        if len(raw) > limit:
            message = f"Request body exceeds the limit of {limit} bytes."
            raise BodyTooLargeError(message, field="body")
        encoding = parsers.get_encoding(parser_context or {})
        try:
            data = json.loads(raw.decode(encoding), parse_constant=lambda _name: _NON_FINITE, parse_float=_parse_float)
        except RecursionError:
            data = None
            depth_exceeded = True
        except ValueError as exc:
            raise exceptions.ParseError(f"JSON parse error - {exc}") from exc
        else:
            depth_exceeded = False
        max_depth = settings.API_MAX_JSON_DEPTH
        errors = {} if depth_exceeded else _problems(data, max_depth)
        if depth_exceeded or errors is None:
            raise exceptions.ValidationError({"body": [f"JSON nested deeper than {max_depth} levels."]})
        if errors:
            raise exceptions.ValidationError(errors)
        return data


def _problems(data: Any, max_depth: int) -> dict[str, list[str]] | None:
    """`{path: [message]}` for each value no database stores; None when nested deeper than `max_depth`.

    Iterative, so that it cannot itself run out of stack."""
    errors: dict[str, list[str]] = {}
    stack: list[tuple[Any, str, int]] = [(data, "", 0)]
    while stack:
        value, path, depth = stack.pop()
        problem = None
        if isinstance(value, dict | list):
            if depth >= max_depth:
                return None
            items = value.items() if isinstance(value, dict) else enumerate(value)
            for key, item in items:
                child = f"{path}.{key}" if path else str(key)
                if isinstance(key, str) and (key_problem := text_problem(key)):
                    errors.setdefault(child, [key_problem])
                stack.append((item, child, depth + 1))
        elif value is _NON_FINITE:
            problem = NOT_FINITE
        elif isinstance(value, str):
            problem = text_problem(value)
        if problem and len(errors) < MAX_REPORTED:
            errors.setdefault(path or "body", [problem])
    return dict(sorted(errors.items())[:MAX_REPORTED])
