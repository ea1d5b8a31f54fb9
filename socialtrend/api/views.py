"""Views of the API itself: the JSON 404 for unknown paths, and Django's 400 page for API paths."""

from django.core.exceptions import SuspiciousOperation
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.views import defaults
from drf_spectacular.utils import extend_schema
from rest_framework.decorators import api_view, authentication_classes, permission_classes, throttle_classes
from rest_framework.exceptions import NotFound
from rest_framework.request import Request

from socialtrend.api.exceptions import error_body, summarize, suspicious_errors


@extend_schema(exclude=True)
@api_view(["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"])
@authentication_classes([])
@permission_classes([])
@throttle_classes([])
def api_not_found(request: Request, unmatched: str = "") -> None:
    """Any unknown path under /api/ answers with the API's JSON 404."""
    raise NotFound(f"No API endpoint at {request.path}.")


def bad_request(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    """Django's `handler400`: a request refused before any view (a Host not served, too many
    fields) gets the API's JSON error shape under /api/, Django's page elsewhere."""
    if not request.path.startswith("/api/"):
        return defaults.bad_request(request, exception)
    if isinstance(exception, SuspiciousOperation):
        status, errors = suspicious_errors(exception, request)
    else:
        status, errors = 400, {}
    return JsonResponse(error_body(summarize(errors) if errors else "Bad request.", errors), status=status)
