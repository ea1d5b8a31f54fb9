"""Serves a stored media file to whoever holds a valid signed link (see `posts.media_links`)."""

from django.core.files.storage import default_storage
from django.http import FileResponse, Http404, HttpRequest
from django.views.decorators.http import require_GET

from posts.media_links import MediaLinkInvalid, media_link_resolve


@require_GET
def media_link(request: HttpRequest, token: str, filename: str) -> FileResponse:
    try:
        name, mime_type = media_link_resolve(token)
    except MediaLinkInvalid as exc:
        raise Http404("This media link is invalid or has expired.") from exc
    if not default_storage.exists(name):
        raise Http404("This media file no longer exists.")
    response = FileResponse(default_storage.open(name, "rb"), content_type=mime_type)
    response["Cache-Control"] = "private, max-age=3600"
    response["X-Content-Type-Options"] = "nosniff"
    return response
