"""Thin views: validate, call a service or selector, serialize. Owner-scoped: another
user's object is a 404."""

from django.conf import settings
from django.utils import timezone
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import status
from rest_framework.generics import GenericAPIView
from rest_framework.parsers import MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from posts import changes, selectors
from posts.api.serializers import (
    POST_ORDERINGS,
    BulkRetryInput,
    CalendarInput,
    CalendarOutput,
    DashboardOutput,
    DeliveryOutput,
    MediaOutput,
    MediaUpdateInput,
    MediaUploadInput,
    PostCreateInput,
    PostFilterInput,
    PostOutput,
    PostUpdateInput,
    RetryInput,
    RetryReportOutput,
)
from posts.models import Post
from posts.services import deliveries as delivery_services
from posts.services import drafts as draft_services
from posts.services import media as media_services
from posts.services import posts as post_services
from socialtrend.api.conditional import conditional_get, etag_of, rendered_once
from socialtrend.api.schema import CONDITIONAL_HEADERS, CONFLICT, ERROR_RESPONSES, NOT_FOUND, NOT_MODIFIED, TOO_LARGE
from socialtrend.errors import ConflictError

MEDIA_TAG, POSTS_TAG, DELIVERIES_TAG, DASHBOARD_TAG = ["media"], ["posts"], ["deliveries"], ["dashboard"]
NO_CONTENT = {204: OpenApiResponse(description="Done.")}
# Part of each polled answer's ETag: a change of the answer's shape makes every ETag new.
CALENDAR_VERSION, POST_VERSION, DASHBOARD_VERSION = "calendar-1", "post-1", "dashboard-1"
POST_FILTER_PARAMETERS = [
    OpenApiParameter("from", str, description="Scheduled at or after (ISO 8601)."),
    OpenApiParameter("to", str, description="Scheduled before (ISO 8601)."),
    OpenApiParameter("status", str, enum=Post.Status.values),
    OpenApiParameter("account", int, description="Posts with a delivery to this account."),
    OpenApiParameter("network", str, description="Posts with a delivery to this network."),
    OpenApiParameter("q", str, description="Words the caption contains (all of them)."),
    OpenApiParameter("ordering", str, enum=POST_ORDERINGS, description="Oldest first by default."),
]


class MediaListView(GenericAPIView):
    parser_classes = [MultiPartParser]
    serializer_class = MediaOutput

    @extend_schema(tags=MEDIA_TAG, responses={200: MediaOutput(many=True), **ERROR_RESPONSES})
    def get(self, request: Request) -> Response:
        page = self.paginate_queryset(selectors.media_list(owner=request.user))
        return self.get_paginated_response(MediaOutput(page, many=True, context={"request": request}).data)

    @extend_schema(
        tags=MEDIA_TAG,
        request={"multipart/form-data": MediaUploadInput},
        responses={201: MediaOutput, **ERROR_RESPONSES, **TOO_LARGE},
        description="Upload an image (JPEG, PNG, WebP, GIF) or a video (MP4, MOV); the type is read from the content.",
    )
    def post(self, request: Request) -> Response:
        data = MediaUploadInput(data=request.data)
        data.is_valid(raise_exception=True)
        upload = data.validated_data["file"]
        media = media_services.media_create(
            owner=request.user,
            content=upload,
            name=upload.name,
            size=upload.size,
            alt_text=data.validated_data["alt_text"],
        )
        return Response(MediaOutput(media, context={"request": request}).data, status=status.HTTP_201_CREATED)


class MediaDetailView(APIView):
    @extend_schema(tags=MEDIA_TAG, responses={200: MediaOutput, **ERROR_RESPONSES, **NOT_FOUND})
    def get(self, request: Request, pk: int) -> Response:
        media = selectors.media_get(owner=request.user, pk=pk)
        return Response(MediaOutput(media, context={"request": request}).data)

    @extend_schema(
        tags=MEDIA_TAG, request=MediaUpdateInput, responses={200: MediaOutput, **ERROR_RESPONSES, **NOT_FOUND}
    )
    def patch(self, request: Request, pk: int) -> Response:
        """Change the item's text alternative (alt text)."""
        data = MediaUpdateInput(data=request.data)
        data.is_valid(raise_exception=True)
        media = media_services.media_describe(
            media=selectors.media_get(owner=request.user, pk=pk), alt_text=data.validated_data["alt_text"]
        )
        return Response(MediaOutput(media, context={"request": request}).data)

    @extend_schema(
        tags=MEDIA_TAG,
        responses={**NO_CONTENT, **ERROR_RESPONSES, **NOT_FOUND, **CONFLICT},
        description="Delete a media item. Drafts and cancelled posts that use it lose it; while any other post "
        "(scheduled, publishing, published, failed) uses it, 409 naming those posts.",
    )
    def delete(self, request: Request, pk: int) -> Response:
        media_services.media_delete(media=selectors.media_get(owner=request.user, pk=pk))
        return Response(status=status.HTTP_204_NO_CONTENT)


class PostListView(GenericAPIView):
    serializer_class = PostOutput

    @extend_schema(
        tags=POSTS_TAG,
        parameters=POST_FILTER_PARAMETERS,
        responses={200: PostOutput(many=True), **ERROR_RESPONSES},
        description="The calendar's posts, by scheduled time; `status=draft&ordering=-updated_at`: the drafts "
        "(no time), last edited first.",
    )
    def get(self, request: Request) -> Response:
        filters = PostFilterInput(data=request.query_params, context={"request": request})
        filters.is_valid(raise_exception=True)
        posts = selectors.post_list(owner=request.user, **filters.selector_filters())
        page = self.paginate_queryset(posts)
        return self.get_paginated_response(PostOutput(page, many=True, context={"request": request}).data)

    @extend_schema(tags=POSTS_TAG, request=PostCreateInput, responses={201: PostOutput, **ERROR_RESPONSES})
    def post(self, request: Request) -> Response:
        data = PostCreateInput(data=request.data, context={"request": request})
        data.is_valid(raise_exception=True)
        post = post_services.post_create(owner=request.user, **data.validated_data)
        return _post_response(request, post.pk, status.HTTP_201_CREATED)


class PostCalendarView(APIView):
    @extend_schema(
        tags=POSTS_TAG,
        parameters=[
            OpenApiParameter("from", str, required=True, description="Scheduled at or after (ISO 8601)."),
            OpenApiParameter("to", str, required=True, description="Scheduled before (ISO 8601), at most 62 days on."),
            *CONDITIONAL_HEADERS,
        ],
        responses={200: CalendarOutput, **NOT_MODIFIED, **ERROR_RESPONSES},
        description="What the calendar shows of each post in a range, in one answer (no pages). "
        "Poll it with `If-None-Match`: 304 while none of your posts changed.",
    )
    def get(self, request: Request) -> Response:
        query = CalendarInput(data=request.query_params, context={"request": request})
        query.is_valid(raise_exception=True)
        start, end = query.validated_data["from"], query.validated_data["to"]
        etag = etag_of(CALENDAR_VERSION, request.user.pk, start, end, _token(request))

        def answer() -> dict:
            return {"posts": selectors.calendar(owner=request.user, start=start, end=end)}

        return conditional_get(request, etag, lambda: rendered_once(etag, answer, timeout=settings.CHANGES_TOKEN_TTL))


class PostDetailView(APIView):
    @extend_schema(
        tags=POSTS_TAG,
        parameters=CONDITIONAL_HEADERS,
        responses={200: PostOutput, **NOT_MODIFIED, **ERROR_RESPONSES, **NOT_FOUND},
        description="Poll it with `If-None-Match`: 304 while none of your posts changed.",
    )
    def get(self, request: Request, pk: int) -> Response:
        etag = etag_of(POST_VERSION, request.user.pk, pk, _token(request))
        return conditional_get(request, etag, lambda: _post_response(request, pk))

    @extend_schema(
        tags=POSTS_TAG,
        request=PostUpdateInput,
        responses={200: PostOutput, **ERROR_RESPONSES, **NOT_FOUND, **CONFLICT},
        description="Edit or reschedule while no delivery has started (else 409). `scheduled_at: null` makes a draft.",
    )
    def patch(self, request: Request, pk: int) -> Response:
        post = selectors.post_get_for_update(owner=request.user, pk=pk)
        data = PostUpdateInput(data=request.data, context={"request": request})
        data.is_valid(raise_exception=True)
        post_services.post_update(post=post, **data.validated_data)
        return _post_response(request, pk)

    @extend_schema(
        tags=POSTS_TAG,
        responses={**NO_CONTENT, **ERROR_RESPONSES, **NOT_FOUND, **CONFLICT},
        description="Delete a `draft` or `cancelled` post; any other is 409 (cancel it first with `.../cancel/`).",
    )
    def delete(self, request: Request, pk: int) -> Response:
        draft_services.post_delete(post=selectors.post_get_for_update(owner=request.user, pk=pk))
        return Response(status=status.HTTP_204_NO_CONTENT)


class PostDuplicateView(APIView):
    @extend_schema(
        tags=POSTS_TAG,
        request=None,
        responses={201: PostOutput, **ERROR_RESPONSES, **NOT_FOUND, **CONFLICT},
        description="Copy a post of any status into a new draft: caption, media, and each account still "
        "connected with its variant and options (409 when none is).",
    )
    def post(self, request: Request, pk: int) -> Response:
        copy = draft_services.post_duplicate(post=selectors.post_get_for_update(owner=request.user, pk=pk))
        return _post_response(request, copy.pk, status.HTTP_201_CREATED)


class PostPublishNowView(APIView):
    @extend_schema(
        tags=POSTS_TAG, request=None, responses={200: PostOutput, **ERROR_RESPONSES, **NOT_FOUND, **CONFLICT}
    )
    def post(self, request: Request, pk: int) -> Response:
        post_services.post_publish_now(post=selectors.post_get_for_update(owner=request.user, pk=pk))
        return _post_response(request, pk)


class PostCancelView(APIView):
    @extend_schema(
        tags=POSTS_TAG, request=None, responses={200: PostOutput, **ERROR_RESPONSES, **NOT_FOUND, **CONFLICT}
    )
    def post(self, request: Request, pk: int) -> Response:
        post_services.post_cancel(post=selectors.post_get_for_update(owner=request.user, pk=pk))
        return _post_response(request, pk)


class DeliveryRetryView(APIView):
    @extend_schema(
        tags=DELIVERIES_TAG,
        request=RetryInput,
        responses={200: DeliveryOutput, **ERROR_RESPONSES, **NOT_FOUND, **CONFLICT},
        description=(
            "Try a `failed` or `unknown` delivery again: at the post's scheduled time, or now if it has "
            "passed (a retry never publishes early); `publish_now` sends it at once, `at` reschedules it. "
            "An `unknown` one may already be live: without `confirm` it is a 409."
        ),
    )
    def post(self, request: Request, pk: int) -> Response:
        data = RetryInput(data=request.data, context={"request": request})
        data.is_valid(raise_exception=True)
        delivery = selectors.delivery_get(owner=request.user, pk=pk)
        delivery = delivery_services.delivery_retry(delivery=delivery, **data.validated_data)
        return Response(DeliveryOutput(delivery).data)


class DeliveryBulkRetryView(APIView):
    @extend_schema(
        operation_id="deliveries_bulk_retry",
        tags=DELIVERIES_TAG,
        request=BulkRetryInput,
        responses={200: RetryReportOutput, **ERROR_RESPONSES},
        description=(
            "Retry every failed delivery of one post or one account (and, with `confirm`, the unknown ones) "
            "as a single retry does; the answer says which were retried and why the others were not."
        ),
    )
    def post(self, request: Request) -> Response:
        data = BulkRetryInput(data=request.data, context={"request": request})
        data.is_valid(raise_exception=True)
        choice = dict(data.validated_data)
        scope = {key: choice.pop(key) for key in ("post", "account") if key in choice}
        report = delivery_services.deliveries_retry(
            selectors.deliveries_to_retry(owner=request.user, **scope), **choice
        )
        return Response(RetryReportOutput(report).data)


class DeliveryCancelView(APIView):
    @extend_schema(
        tags=DELIVERIES_TAG,
        request=None,
        responses={200: DeliveryOutput, **ERROR_RESPONSES, **NOT_FOUND, **CONFLICT},
        description="Stop a delivery that has not started, or set aside a failed or unknown one.",
    )
    def post(self, request: Request, pk: int) -> Response:
        delivery = selectors.delivery_get(owner=request.user, pk=pk)
        if not delivery_services.delivery_cancel(delivery=delivery, reason="Cancelled by the user."):
            raise ConflictError("This delivery has started or is published; it can no longer be cancelled.")
        delivery.refresh_from_db()
        return Response(DeliveryOutput(delivery).data)


class DashboardView(APIView):
    @extend_schema(
        tags=DASHBOARD_TAG,
        parameters=CONDITIONAL_HEADERS,
        responses={200: DashboardOutput, **NOT_MODIFIED, **ERROR_RESPONSES},
        description="Poll it with `If-None-Match`: 304 while none of your posts, deliveries and accounts changed.",
    )
    def get(self, request: Request) -> Response:
        accounts = selectors.accounts_stamp(owner=request.user)
        etag = etag_of(DASHBOARD_VERSION, request.user.pk, _token(request), accounts)
        return conditional_get(request, etag, lambda: _dashboard_response(request))


def _token(request: Request) -> str:
    return changes.change_token(owner_id=request.user.pk)


def _dashboard_response(request: Request) -> Response:
    board = selectors.dashboard(owner=request.user, now=timezone.now())
    return Response(DashboardOutput(board, context={"request": request}).data)


def _post_response(request: Request, pk: int, code: int = status.HTTP_200_OK) -> Response:
    post = selectors.post_get(owner=request.user, pk=pk)
    return Response(PostOutput(post, context={"request": request}).data, status=code)
