"""Throttles backed by the default cache (Redis when `REDIS_URL` is set).

DRF binds `THROTTLE_RATES` when its module is imported; these classes read the
rate when a request arrives, so a changed setting takes effect at once.
"""

from rest_framework import throttling
from rest_framework.settings import api_settings


class SettingsRateMixin:
    scope: str

    def get_rate(self) -> str | None:
        return api_settings.DEFAULT_THROTTLE_RATES.get(self.scope)


class UserRateThrottle(SettingsRateMixin, throttling.UserRateThrottle):
    pass


class AnonRateThrottle(SettingsRateMixin, throttling.AnonRateThrottle):
    pass


class AuthRateThrottle(SettingsRateMixin, throttling.SimpleRateThrottle):
    """Per client IP, for login and registration, whether or not authenticated."""

    scope = "auth"

    def get_cache_key(self, request, view) -> str:
        return self.cache_format % {"scope": self.scope, "ident": self.get_ident(request)}
