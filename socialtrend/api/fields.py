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


# The largest id a row can have (BigAutoField; SQLite's INTEGER): a larger one would overflow
# the database driver (a 500) instead of matching nothing.
MAX_ID = 2**63 - 1


class IdField(serializers.IntegerField):
    """An object's id in input: 1 to MAX_ID."""

    def __init__(self, **kwargs):
        kwargs.setdefault("min_value", 1)
        kwargs.setdefault("max_value", MAX_ID)
        super().__init__(**kwargs)
