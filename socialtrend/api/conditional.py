"""Conditional GET for representations the SPA polls.

A view makes an ETag from something cheap that changes whenever its answer
would (a change token, never the answer itself) and answers 304 with no body
when the client's `If-None-Match` already holds it. The answer carries
`Cache-Control: private, no-cache`: a browser may keep it, but asks again
every time.
"""

import hashlib
from collections.abc import Callable
from typing import Any

from django.core.cache import cache
from django.http import HttpResponse, HttpResponseBase
from django.utils.cache import get_conditional_response
from rest_framework.request import Request

from socialtrend.api.renderers import JSONRenderer

CACHE_CONTROL = "private, no-cache"


def etag_of(*parts: object) -> str:
    """A strong ETag for the parts (a representation's name, its parameters and its stamp)."""
    digest = hashlib.blake2b(repr(parts).encode(), digest_size=16).hexdigest()
    return f'"{digest}"'


def conditional_get(request: Request, etag: str, respond: Callable[[], HttpResponseBase]) -> HttpResponseBase:
    """304 when the client holds `etag`, else `respond()`; a 200 or 304 carries the ETag
    (an error does not, or a poll would keep getting 304 for it)."""
    response = get_conditional_response(request, etag=etag) or respond()
    if response.status_code in (200, 304):
        response["ETag"] = etag
        response["Cache-Control"] = CACHE_CONTROL
    return response


def rendered_once(etag: str, build: Callable[[], Any], *, timeout: int) -> HttpResponse:
    """The JSON of `build()`, rendered once per ETag and then served from the cache: every
    client that asks for the same answer (another tab, a reload) gets the same bytes."""
    key = f"answer:{etag}"
    body = cache.get(key)
    if body is None:
        body = JSONRenderer().render(build())
        cache.set(key, body, timeout)
    return HttpResponse(body, content_type="application/json")
