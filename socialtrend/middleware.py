"""Refuse oversized API request bodies before anything reads them."""

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse


class RequestSizeLimitMiddleware:
    """413 for an `/api/` body over its limit, judged by Content-Length.

    JSON bodies get `API_MAX_BODY_BYTES`; multipart uploads get
    `API_MAX_UPLOAD_BYTES` (per-kind media limits are checked by the upload
    service, which names them).
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.path.startswith("/api/"):
            limit = self.limit_for(request)
            length = self.content_length(request)
            if length is None:
                return self.error(400, "Content-Length header is not a number.", "Content-Length")
            if length > limit:
                return self.error(413, f"Request body of {length} bytes exceeds the limit of {limit} bytes.", "body")
        return self.get_response(request)

    @staticmethod
    def limit_for(request: HttpRequest) -> int:
        if request.content_type == "multipart/form-data":
            return settings.API_MAX_UPLOAD_BYTES
        return settings.API_MAX_BODY_BYTES

    @staticmethod
    def content_length(request: HttpRequest) -> int | None:
        raw = request.META.get("CONTENT_LENGTH") or "0"
        try:
            return int(raw)
        except ValueError:
            return None

    @staticmethod
    def error(status: int, message: str, field: str) -> JsonResponse:
        return JsonResponse({"detail": message, "errors": {field: [message]}}, status=status)
