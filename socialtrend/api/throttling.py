"""Throttles backed by the default cache (Redis when `REDIS_URL` is set), and
the one answer to "which address is this client?".

DRF binds `THROTTLE_RATES` when its module is imported; these classes read the
rate when a request arrives, so a changed setting takes effect at once.
"""

import ipaddress

from django.http import HttpRequest
from rest_framework import throttling
from rest_framework.settings import api_settings


def client_address(request: HttpRequest) -> str:
    """The client's address as the throttles see it: the socket's (REMOTE_ADDR), or,
    with NUM_PROXIES trusted proxies in front, the address the outermost of them saw.
    The login lockout (django-axes, AXES_CLIENT_IP_CALLABLE) uses it too, and stores
    it: a forwarded value that is not an address (a client that reached the app past
    its proxies) counts as the socket's."""
    ident = throttling.BaseThrottle().get_ident(request)
    try:
        return str(ipaddress.ip_address(ident))
    except ValueError:
        return request.META.get("REMOTE_ADDR", "")


class ClientAddressMixin:
    def get_ident(self, request) -> str:
        return client_address(request)


class SettingsRateMixin:
    scope: str

    def get_rate(self) -> str | None:
        return api_settings.DEFAULT_THROTTLE_RATES.get(self.scope)


class UserRateThrottle(SettingsRateMixin, ClientAddressMixin, throttling.UserRateThrottle):
    pass


class AnonRateThrottle(SettingsRateMixin, ClientAddressMixin, throttling.AnonRateThrottle):
    pass


class AuthRateThrottle(SettingsRateMixin, ClientAddressMixin, throttling.SimpleRateThrottle):
    """Per client IP, for login and registration, whether or not authenticated."""

    scope = "auth"

    def get_cache_key(self, request, view) -> str:
        return self.cache_format % {"scope": self.scope, "ident": self.get_ident(request)}
