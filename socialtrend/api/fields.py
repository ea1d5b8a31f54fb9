"""Serializer fields shared by apps."""

from datetime import tzinfo
from zoneinfo import ZoneInfo

from django.core.validators import URLValidator
from rest_framework import serializers

from socialtrend.validators import HttpURLValidator


class UserDateTimeField(serializers.DateTimeField):
    """ISO 8601 input; a time without an offset is read in the requesting user's
    timezone. The value reaching services is aware (and stored in UTC)."""

    def default_timezone(self) -> tzinfo:
        request = self.context.get("request")
        user_timezone = getattr(getattr(request, "user", None), "timezone", "") or "UTC"
        return ZoneInfo(user_timezone)


class HttpURLField(serializers.URLField):
    """An http(s) URL a connection can be made with: DRF's URLField lets `:99999` through."""

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        # Replace DRF's URLValidator (the last validator it adds) by the stricter one.
        self.validators = [v for v in self.validators if not isinstance(v, URLValidator)] + [HttpURLValidator()]
