from django.urls import reverse
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import status
from rest_framework.generics import ListAPIView
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from captions import selectors, services
from captions.api.serializers import CaptionHistorySerializer, CaptionInputSerializer
from socialtrend.api.schema import ERROR_RESPONSES, ErrorSerializer

CAPTIONS_TAG = ["captions"]
QUOTA_SPENT = {
    429: OpenApiResponse(ErrorSerializer, description="Daily caption quota spent (or too many requests)."),
}


class CaptionListCreateView(ListAPIView):
    serializer_class = CaptionHistorySerializer

    def get_queryset(self):
        return selectors.caption_request_list(user=self.request.user)

    @extend_schema(tags=CAPTIONS_TAG, responses={200: CaptionHistorySerializer(many=True), **ERROR_RESPONSES})
    def get(self, request: Request, *args, **kwargs) -> Response:
        """The user's caption requests, newest first: input, output, model, tokens, latency."""
        return super().get(request, *args, **kwargs)

    @extend_schema(
        tags=CAPTIONS_TAG,
        request=CaptionInputSerializer,
        parameters=[
            OpenApiParameter(
                "Location", str, OpenApiParameter.HEADER, response=[202], description="Where to poll the request."
            )
        ],
        responses={202: CaptionHistorySerializer, **ERROR_RESPONSES, **QUOTA_SPENT},
    )
    def post(self, request: Request) -> Response:
        """Queue the writing of caption variants per network, each within the network's limits.

        The brief is checked and a unit of the daily quota taken at once; a worker asks the
        model. Poll `Location` until `status` is `succeeded` (the variants) or `failed` (`error`
        says why: the model failed, was unreachable or busy, or did not answer in time)."""
        data = CaptionInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        caption_request = services.caption_request_create(user=request.user, **data.validated_data)
        location = reverse("caption-detail", kwargs={"pk": caption_request.pk})
        body = CaptionHistorySerializer(caption_request).data
        return Response(body, status=status.HTTP_202_ACCEPTED, headers={"Location": location})


class CaptionDetailView(APIView):
    @extend_schema(
        tags=CAPTIONS_TAG,
        responses={200: CaptionHistorySerializer, 404: OpenApiResponse(ErrorSerializer), **ERROR_RESPONSES},
    )
    def get(self, request: Request, pk: int) -> Response:
        caption_request = selectors.caption_request_get(user=request.user, request_id=pk)
        return Response(CaptionHistorySerializer(caption_request).data)
