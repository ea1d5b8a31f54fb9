from drf_spectacular.utils import extend_schema
from rest_framework.decorators import api_view, authentication_classes, permission_classes, throttle_classes
from rest_framework.exceptions import NotFound
from rest_framework.request import Request


@extend_schema(exclude=True)
@api_view(["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"])
@authentication_classes([])
@permission_classes([])
@throttle_classes([])
def api_not_found(request: Request, unmatched: str = "") -> None:
    """Any unknown path under /api/ answers with the API's JSON 404."""
    raise NotFound(f"No API endpoint at {request.path}.")
