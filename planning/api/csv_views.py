"""Posts as CSV: upload to check (dry run) then import, and export the filtered list."""

import io

from django.http import StreamingHttpResponse
from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers, status
from rest_framework.parsers import MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from planning.services.csv_io import posts_export_csv, posts_import_csv
from posts import selectors as post_selectors
from posts.api.serializers import PostFilterInput
from posts.api.views import POST_FILTER_PARAMETERS
from socialtrend.api.schema import ERROR_RESPONSES, TOO_LARGE
from socialtrend.errors import ApplicationError

TAG = ["csv"]
# A CSV is text: a few thousand posts fit in a few megabytes.
MAX_CSV_BYTES = 5 * 1024 * 1024


class ImportInput(serializers.Serializer):
    file = serializers.FileField(help_text="UTF-8 CSV with the columns scheduled_at, caption, accounts, media.")
    dry_run = serializers.BooleanField(default=False, help_text="Check every line; store nothing.")


class ProblemOutput(serializers.Serializer):
    line = serializers.IntegerField(help_text="The line's number in the file (the header is line 1).")
    field = serializers.CharField()
    message = serializers.CharField()


class ImportOutput(serializers.Serializer):
    lines = serializers.IntegerField()
    imported = serializers.IntegerField(help_text="Lines imported (or that would be, in a dry run).")
    problems = ProblemOutput(many=True)
    post_ids = serializers.ListField(child=serializers.IntegerField(), help_text="Empty in a dry run.")
    dry_run = serializers.BooleanField()


class ImportView(APIView):
    parser_classes = [MultiPartParser]

    @extend_schema(
        tags=TAG,
        request={"multipart/form-data": ImportInput},
        responses={200: ImportOutput, **ERROR_RESPONSES, **TOO_LARGE},
        description="Import the good lines of a CSV (or only check them with dry_run); each bad line "
        "is listed by number and field. Media are named media:ID from your library.",
    )
    def post(self, request: Request) -> Response:
        data = ImportInput(data=request.data)
        data.is_valid(raise_exception=True)
        upload, dry_run = data.validated_data["file"], data.validated_data["dry_run"]
        if upload.size > MAX_CSV_BYTES:
            raise ApplicationError(f"A CSV may hold at most {MAX_CSV_BYTES // (1024 * 1024)} MB.", field="file")
        text = io.TextIOWrapper(upload.file, encoding="utf-8-sig", newline="")
        report = posts_import_csv(owner=request.user, handle=text, dry_run=dry_run)
        body = {**report.__dict__, "problems": [p.__dict__ for p in report.problems], "dry_run": dry_run}
        return Response(ImportOutput(body).data, status=status.HTTP_200_OK)


class ExportView(APIView):
    @extend_schema(
        tags=TAG,
        parameters=POST_FILTER_PARAMETERS,
        responses={
            (200, "text/csv"): OpenApiResponse(OpenApiTypes.STR, description="The posts as CSV."),
            **ERROR_RESPONSES,
        },
        description="The filtered posts in the import's columns, so an export imports again.",
    )
    def get(self, request: Request) -> StreamingHttpResponse:
        filters = PostFilterInput(data=request.query_params, context={"request": request})
        filters.is_valid(raise_exception=True)
        posts = post_selectors.post_list(owner=request.user, **filters.selector_filters())
        response = StreamingHttpResponse(posts_export_csv(posts.iterator(chunk_size=200)), content_type="text/csv")
        response["Content-Disposition"] = f'attachment; filename="posts-{timezone.now():%Y%m%d-%H%M}.csv"'
        return response
