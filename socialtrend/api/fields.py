"""Serializer fields shared by apps."""

from datetime import tzinfo
from zoneinfo import ZoneInfo

from rest_framework import serializers


class UserDateTimeField(serializers.DateTimeField):
    """ISO 8601 input; a time without an offset is read in the requesting user's
    timezone. The value reaching services is aware (and stored in UTC)."""

    def default_timezone(self) -> tzinfo:
        request = self.context.get("request")
        user_timezone = getattr(getattr(request, "user", None), "timezone", "") or "UTC"
        return ZoneInfo(user_timezone)
