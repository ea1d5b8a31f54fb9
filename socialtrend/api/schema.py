"""OpenAPI pieces shared by every endpoint."""

from drf_spectacular.utils import OpenApiResponse, inline_serializer
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
