from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import status
from rest_framework.generics import GenericAPIView
from rest_framework.permissions import BasePermission, IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from socialtrend.api.schema import ERROR_RESPONSES, ErrorSerializer
from trends import cache as trend_cache
from trends import selectors, services
from trends.api.serializers import (
    TrendDetailOutput,
    TrendDetailParams,
    TrendItemOutput,
    TrendListParams,
    TrendRefreshInput,
    TrendRefreshOutput,
    TrendSourceOutput,
    WatchKeywordInput,
    WatchKeywordOutput,
)

TAGS = ["trends"]
NOT_FOUND = {404: OpenApiResponse(ErrorSerializer, description="No such object (or not yours).")}


class IsModerator(BasePermission):
    """Moderators and admins (the roles that make `is_staff` true)."""

    message = "Only moderators and admins may do this."

    def has_permission(self, request: Request, view) -> bool:
        return bool(request.user and request.user.is_authenticated and request.user.is_staff)


class TrendListView(GenericAPIView):
    serializer_class = TrendItemOutput

    @extend_schema(
        tags=TAGS, parameters=[TrendListParams], responses={200: TrendItemOutput(many=True), **ERROR_RESPONSES}
    )
    def get(self, request: Request) -> Response:
        """Stored trends, newest score first by default; answers are cached until a refresh stores data."""
        params = TrendListParams(data=request.query_params)
        params.is_valid(raise_exception=True)
        # Which keyword items the user may see is part of the answer: users who may see the
        # same ones share cached answers (most users: the public ones only).
        keywords = selectors.readable_keywords(user=request.user)
        cache_params = {
            **params.validated_data,
            "keywords": keywords,
            "page": request.query_params.get("page", "1"),
            "page_size": request.query_params.get("page_size", ""),
            "host": request.get_host(),
        }
        return Response(trend_cache.list_answer(cache_params, lambda: self._page(keywords, params.validated_data)))

    def _page(self, keywords: list[str], filters: dict) -> dict:
        items = selectors.trend_list(user=self.request.user, keywords=keywords, **filters)
        page = self.paginate_queryset(items)
        return self.get_paginated_response(TrendItemOutput(page, many=True).data).data


class TrendDetailView(APIView):
    @extend_schema(
        tags=TAGS, parameters=[TrendDetailParams], responses={200: TrendDetailOutput, **ERROR_RESPONSES, **NOT_FOUND}
    )
    def get(self, request: Request, trend_id: int) -> Response:
        """One trend with its score history as chart points."""
        params = TrendDetailParams(data=request.query_params)
        params.is_valid(raise_exception=True)
        item = selectors.trend_get(user=request.user, trend_id=trend_id)
        item.history = selectors.trend_history(item=item, **params.validated_data)
        return Response(TrendDetailOutput(item).data)


class SourceListView(APIView):
    @extend_schema(tags=TAGS, responses={200: TrendSourceOutput(many=True), **ERROR_RESPONSES})
    def get(self, request: Request) -> Response:
        """Every source: enabled or not, its interval, its last run and whether it is backing off.

        A run's error is shown to moderators and admins only: it can name watched keywords."""
        context = {"show_errors": request.user.is_staff}
        return Response(TrendSourceOutput(selectors.source_statuses(), many=True, context=context).data)


class RefreshView(APIView):
    permission_classes = [IsAuthenticated, IsModerator]

    @extend_schema(
        tags=TAGS,
        request=TrendRefreshInput,
        responses={
            202: TrendRefreshOutput,
            403: OpenApiResponse(ErrorSerializer, description="Not a moderator or admin."),
            **ERROR_RESPONSES,
        },
    )
    def post(self, request: Request) -> Response:
        """Queue a refresh of one source or all enabled ones (moderators and admins)."""
        data = TrendRefreshInput(data=request.data)
        data.is_valid(raise_exception=True)
        queued = services.refresh_enqueue(source=data.validated_data.get("source"))
        return Response(TrendRefreshOutput({"queued": queued}).data, status=status.HTTP_202_ACCEPTED)


class WatchlistView(APIView):
    @extend_schema(tags=TAGS, responses={200: WatchKeywordOutput(many=True), **ERROR_RESPONSES})
    def get(self, request: Request) -> Response:
        """Your watched keywords, each with the trend items that track its interest."""
        return Response(WatchKeywordOutput(selectors.watchlist_for_user(user=request.user), many=True).data)

    @extend_schema(
        tags=TAGS,
        request=WatchKeywordInput,
        responses={
            201: WatchKeywordOutput,
            409: OpenApiResponse(ErrorSerializer, description="Already on the watchlist."),
            **ERROR_RESPONSES,
        },
    )
    def post(self, request: Request) -> Response:
        """Watch a keyword: keyword-tracking sources record its interest from their next refresh on."""
        data = WatchKeywordInput(data=request.data)
        data.is_valid(raise_exception=True)
        watch = services.watch_keyword_add(user=request.user, **data.validated_data)
        [watch] = selectors.watch_keywords_with_trends([watch])
        return Response(WatchKeywordOutput(watch).data, status=status.HTTP_201_CREATED)


class WatchKeywordView(APIView):
    @extend_schema(
        tags=TAGS,
        responses={204: OpenApiResponse(description="No longer watched."), **ERROR_RESPONSES, **NOT_FOUND},
    )
    def delete(self, request: Request, keyword_id: int) -> Response:
        services.watch_keyword_remove(user=request.user, keyword_id=keyword_id)
        return Response(status=status.HTTP_204_NO_CONTENT)
