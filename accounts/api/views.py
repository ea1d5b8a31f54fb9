from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import status
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView
from rest_framework_simplejwt.views import TokenObtainPairView

from accounts import login_guard, refresh_tokens, services
from accounts.api.serializers import (
    LoginInputSerializer,
    PasswordChangeInputSerializer,
    ProfileInputSerializer,
    RefreshInputSerializer,
    RegisterInputSerializer,
    TokenPairSerializer,
    UserSerializer,
)
from socialtrend.api.schema import ERROR_RESPONSES
from socialtrend.api.throttling import AuthRateThrottle

AUTH_TAG = ["auth"]


class RegisterView(APIView):
    """Registering an e-mail that is taken counts as a failed login for that account
    (axes), so one account cannot be probed without end from many addresses."""

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
        email = data.validated_data["email"]
        if login_guard.is_locked(request, email=email):
            raise login_guard.LoginLocked()
        try:
            user = services.user_create(**data.validated_data)
        except services.EmailTaken:
            login_guard.record_failure(request, email=email)
            if login_guard.locked_out(request):
                raise login_guard.LoginLocked() from None
            raise
        return Response(UserSerializer(user).data, status=status.HTTP_201_CREATED)


@extend_schema(tags=AUTH_TAG, auth=[], responses={200: TokenPairSerializer, **ERROR_RESPONSES})
class LoginView(TokenObtainPairView):
    """Exchange e-mail and password for an access and a refresh token. Failed logins
    lock the account (429, whatever the password) until the cool-off passes."""

    serializer_class = LoginInputSerializer
    throttle_classes = [AuthRateThrottle]


class RefreshView(APIView):
    permission_classes = [AllowAny]
    authentication_classes = []

    @extend_schema(
        tags=AUTH_TAG,
        auth=[],
        request=RefreshInputSerializer,
        responses={200: TokenPairSerializer, **ERROR_RESPONSES},
    )
    def post(self, request: Request) -> Response:
        """Exchange a refresh token for a new pair; the old refresh token is blacklisted.
        Presenting a refresh token that was already exchanged revokes every token
        descended from the same login (reuse detection): log in again."""
        data = RefreshInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        pair = refresh_tokens.refresh_token_rotate(refresh=data.validated_data["refresh"])
        return Response(TokenPairSerializer(pair).data)


class LogoutView(APIView):
    @extend_schema(
        tags=AUTH_TAG,
        request=RefreshInputSerializer,
        responses={204: OpenApiResponse(description="Refresh token revoked."), **ERROR_RESPONSES},
    )
    def post(self, request: Request) -> Response:
        """Revoke the caller's own refresh token; someone else's is refused (400, `refresh`)."""
        data = RefreshInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        refresh_tokens.refresh_token_revoke(user=request.user, refresh=data.validated_data["refresh"])
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
        responses={200: TokenPairSerializer, **ERROR_RESPONSES},
    )
    def post(self, request: Request) -> Response:
        """Change the password. Every refresh and access token of the user stops working;
        the answer is a new pair for the session that changed it."""
        data = PasswordChangeInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        pair = services.user_change_password(user=request.user, **data.validated_data)
        return Response(TokenPairSerializer(pair).data)
