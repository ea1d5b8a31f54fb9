from rest_framework import serializers

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
