from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import status
from rest_framework.generics import ListAPIView
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from captions import selectors, services
from captions.api.serializers import CaptionHistorySerializer, CaptionInputSerializer, CaptionOutputSerializer
from socialtrend.api.schema import ERROR_RESPONSES, ErrorSerializer

CAPTIONS_TAG = ["captions"]
MODEL_ERRORS = {
    429: OpenApiResponse(ErrorSerializer, description="Daily caption quota spent (or too many requests)."),
    502: OpenApiResponse(ErrorSerializer, description="The caption model failed or answered invalid captions."),
    503: OpenApiResponse(ErrorSerializer, description="The caption model is unreachable or rate-limited."),
    504: OpenApiResponse(ErrorSerializer, description="The caption model did not answer in time."),
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
        responses={201: CaptionOutputSerializer, **ERROR_RESPONSES, **MODEL_ERRORS},
    )
    def post(self, request: Request) -> Response:
        """Write caption variants per network, each within the network's limits."""
        data = CaptionInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        caption_request = services.caption_generate(user=request.user, **data.validated_data)
        return Response(CaptionOutputSerializer(caption_request).data, status=status.HTTP_201_CREATED)


class CaptionDetailView(APIView):
    @extend_schema(
        tags=CAPTIONS_TAG,
        responses={200: CaptionHistorySerializer, 404: OpenApiResponse(ErrorSerializer), **ERROR_RESPONSES},
    )
    def get(self, request: Request, pk: int) -> Response:
        caption_request = selectors.caption_request_get(user=request.user, request_id=pk)
        return Response(CaptionHistorySerializer(caption_request).data)
