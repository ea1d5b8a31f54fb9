from rest_framework import serializers
from rest_framework.exceptions import AuthenticationFailed
from rest_framework_simplejwt.serializers import PasswordField, TokenObtainPairSerializer

from accounts import login_guard
from accounts.models import User, validate_timezone


class UserSerializer(serializers.ModelSerializer):
    class Meta:
        model = User
        fields = ["id", "email", "name", "timezone", "role", "date_joined"]
        read_only_fields = fields


class RegisterInputSerializer(serializers.Serializer):
    email = serializers.EmailField(max_length=254)
    password = serializers.CharField(write_only=True, max_length=128, style={"input_type": "password"})
    name = serializers.CharField(max_length=150, allow_blank=True, required=False, default="")
    timezone = serializers.CharField(max_length=64, required=False, default="UTC", validators=[validate_timezone])


class ProfileInputSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=150, allow_blank=True, required=False)
    timezone = serializers.CharField(max_length=64, required=False, validators=[validate_timezone])


class PasswordChangeInputSerializer(serializers.Serializer):
    old_password = serializers.CharField(max_length=128, style={"input_type": "password"})
    new_password = serializers.CharField(max_length=128, style={"input_type": "password"})


class RefreshInputSerializer(serializers.Serializer):
    refresh = serializers.CharField()


class TokenPairSerializer(serializers.Serializer):
    access = serializers.CharField()
    refresh = serializers.CharField()


class LoginInputSerializer(TokenObtainPairSerializer):
    # SimpleJWT's login with bounded fields, which tells a locked account apart: axes
    # refuses it inside `authenticate()`, and the answer is then a 429, not a 401.

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["email"] = serializers.CharField(max_length=254, write_only=True)
        self.fields["password"] = PasswordField(max_length=128)

    def validate(self, attrs: dict) -> dict:
        try:
            return super().validate(attrs)
        except AuthenticationFailed:
            if login_guard.locked_out(self.context["request"]):
                raise login_guard.LoginLocked() from None
            raise
