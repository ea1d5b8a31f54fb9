from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import status
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView
from rest_framework_simplejwt.views import TokenObtainPairView, TokenRefreshView

from accounts import services
from accounts.api.serializers import (
    PasswordChangeInputSerializer,
    ProfileInputSerializer,
    RefreshInputSerializer,
    RegisterInputSerializer,
    UserSerializer,
)
from socialtrend.api.schema import ERROR_RESPONSES
from socialtrend.api.throttling import AuthRateThrottle

AUTH_TAG = ["auth"]


class RegisterView(APIView):
    permission_classes = [AllowAny]
    authentication_classes = []
    throttle_classes = [AuthRateThrottle]

    @extend_schema(
        tags=AUTH_TAG,
        request=RegisterInputSerializer,
        responses={201: UserSerializer, **ERROR_RESPONSES},
        auth=[],
    )
    def post(self, request: Request) -> Response:
        data = RegisterInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        user = services.user_create(**data.validated_data)
        return Response(UserSerializer(user).data, status=status.HTTP_201_CREATED)


@extend_schema(tags=AUTH_TAG, auth=[])
class LoginView(TokenObtainPairView):
    """Exchange e-mail and password for an access and a refresh token."""

    throttle_classes = [AuthRateThrottle]


@extend_schema(tags=AUTH_TAG, auth=[])
class RefreshView(TokenRefreshView):
    """Exchange a refresh token for a new pair; the old refresh token is blacklisted."""


class LogoutView(APIView):
    @extend_schema(
        tags=AUTH_TAG,
        request=RefreshInputSerializer,
        responses={204: OpenApiResponse(description="Refresh token revoked."), **ERROR_RESPONSES},
    )
    def post(self, request: Request) -> Response:
        data = RefreshInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        services.refresh_token_revoke(refresh=data.validated_data["refresh"])
        return Response(status=status.HTTP_204_NO_CONTENT)


class MeView(APIView):
    @extend_schema(tags=AUTH_TAG, responses={200: UserSerializer, **ERROR_RESPONSES})
    def get(self, request: Request) -> Response:
        return Response(UserSerializer(request.user).data)

    @extend_schema(
        tags=AUTH_TAG,
        request=ProfileInputSerializer,
        responses={200: UserSerializer, **ERROR_RESPONSES},
    )
    def patch(self, request: Request) -> Response:
        data = ProfileInputSerializer(data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        user = services.user_update_profile(user=request.user, **data.validated_data)
        return Response(UserSerializer(user).data)


class PasswordChangeView(APIView):
    @extend_schema(
        tags=AUTH_TAG,
        request=PasswordChangeInputSerializer,
        responses={204: OpenApiResponse(description="Password changed."), **ERROR_RESPONSES},
    )
    def post(self, request: Request) -> Response:
        data = PasswordChangeInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        services.user_change_password(user=request.user, **data.validated_data)
        return Response(status=status.HTTP_204_NO_CONTENT)
