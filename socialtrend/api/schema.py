"""OpenAPI pieces shared by every endpoint, and the schema class that applies them.

The fuzz test (tests/test_fuzz_openapi.py) holds every answer to this schema.
"""

from typing import Any

from django.core.exceptions import FieldDoesNotExist
from drf_spectacular import openapi
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, inline_serializer
from rest_framework import serializers

ErrorSerializer = inline_serializer(
    name="Error",
    fields={
        "detail": serializers.CharField(help_text="One-line summary, safe to show to a person."),
        "errors": serializers.DictField(
            child=serializers.ListField(child=serializers.CharField()),
            help_text="Messages per field; empty when no field is at fault.",
        ),
    },
)

ERROR_RESPONSES = {
    400: OpenApiResponse(ErrorSerializer, description="Invalid input; `errors` names the fields."),
    401: OpenApiResponse(ErrorSerializer, description="Missing or invalid credentials."),
    429: OpenApiResponse(ErrorSerializer, description="Too many requests; see `Retry-After`."),
}

NOT_FOUND = {404: OpenApiResponse(ErrorSerializer, description="No such object among yours.")}
CONFLICT = {409: OpenApiResponse(ErrorSerializer, description="The object's current state does not allow this.")}
TOO_LARGE = {
    413: OpenApiResponse(ErrorSerializer, description="The upload is over its size limit, named in the message.")
}
UNSUPPORTED_MEDIA_TYPE = {
    415: OpenApiResponse(ErrorSerializer, description="The body's Content-Type is not one this operation reads.")
}
# A polled answer (socialtrend.api.conditional): its ETag, the client's If-None-Match, and the 304.
CONDITIONAL_HEADERS = [
    OpenApiParameter("If-None-Match", str, OpenApiParameter.HEADER, description="The ETag of the answer you hold."),
    OpenApiParameter(
        "ETag", str, OpenApiParameter.HEADER, response=[200, 304], description="Send it back as If-None-Match."
    ),
]
NOT_MODIFIED = {304: OpenApiResponse(description="The answer you hold (its ETag) is still current; no body.")}
INVALID_PAGE = {404: OpenApiResponse(ErrorSerializer, description="No such page (`page` past the last one).")}


class AutoSchema(openapi.AutoSchema):
    """drf-spectacular's schema, with what every operation can answer said once, here:

    - the shared errors (400, 401, 429) on every operation, unless it declares its own,
      and 415 on every operation that reads a body;
    - the 404 of a page past the last one on every paginated list;
    - an optional URL (a model's blank URLField) as a URI or the empty string.
    """

    def _get_response_bodies(self, direction: str = "response") -> dict[str, Any]:
        responses = super()._get_response_bodies(direction)
        shared = dict(ERROR_RESPONSES)
        if self.method == "GET" and self._is_list_view() and self._get_paginator() is not None:
            shared.update(INVALID_PAGE)
        if self.method in ("POST", "PUT", "PATCH") and self.get_request_serializer() is not None:
            shared.update(UNSUPPORTED_MEDIA_TYPE)
        for code, response in shared.items():
            if str(code) not in responses:
                responses[str(code)] = self._get_response_for_code(response, str(code), direction=direction)
        return responses

    def _insert_field_validators(self, field, schema: dict[str, Any]) -> None:
        super()._insert_field_validators(field, schema)
        if isinstance(field, serializers.URLField) and _may_be_blank(field) and schema.get("format") == "uri":
            del schema["format"]
            schema["anyOf"] = [{"format": "uri"}, {"maxLength": 0}]


def _may_be_blank(field: serializers.URLField) -> bool:
    """Whether the field accepts or answers "": its own `allow_blank`, or for a read-only
    field of a ModelSerializer, its model field's `blank`."""
    if field.allow_blank:
        return True
    model = getattr(getattr(field.parent, "Meta", None), "model", None)
    if model is None:
        return False
    try:
        return model._meta.get_field(field.source).blank
    except FieldDoesNotExist:
        return False
