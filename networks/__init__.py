"""The network registry: the one list of networks, and how to reach each one's code.

A network is a package `networks/<name>/` whose `__init__` declares its
`SPEC` (see `networks.spec`); its publisher, OAuth provider and trend source
are named there by dotted path and imported on first use, because their SDKs
are heavy and the web process needs few of them. Nothing outside the network
packages and this list names a network: adding one is its folder, a line
here and its fake (docs/adding-a-network.md).

This module imports no Django app, so the settings can read it.
"""

from functools import cache
from importlib import import_module
from typing import TYPE_CHECKING, Any

from networks.spec import NetworkSpec

if TYPE_CHECKING:
    from networks.connect import DirectConnector
    from networks.oauth import OAuthProvider
    from networks.publishing import Publisher
    from networks.trends import TrendSource

# Display order.
NETWORK_PACKAGES = (
    "sandbox",
    "instagram",
    "facebook",
    "threads",
    "linkedin",
    "x",
    "reddit",
    "bluesky",
    "mastodon",
    "google",
)


class UnknownNetworkError(LookupError):
    """No network of that name, or it cannot do what was asked (publish, connect, trends)."""


@cache
def all_specs() -> tuple[NetworkSpec, ...]:
    return tuple(import_module(f"networks.{package}").SPEC for package in NETWORK_PACKAGES)


def get(name: str) -> NetworkSpec:
    for spec in all_specs():
        if spec.name == name:
            return spec
    raise UnknownNetworkError(f"no network named {name!r}")


def names() -> list[str]:
    return [spec.name for spec in all_specs()]


def publishing_specs() -> list[NetworkSpec]:
    return [spec for spec in all_specs() if spec.publishes]


def publishing_names() -> list[str]:
    return [spec.name for spec in publishing_specs()]


def choices() -> list[tuple[str, str]]:
    """(name, label) of the networks one can post to, for serializers and admin filters."""
    return [(spec.name, spec.label) for spec in publishing_specs()]


def trend_specs() -> list[NetworkSpec]:
    return [spec for spec in all_specs() if spec.trends]


def label(name: str) -> str:
    try:
        return get(name).label
    except UnknownNetworkError:
        return name


def _load(path: str) -> Any:
    module, _, attribute = path.rpartition(".")
    return getattr(import_module(module), attribute)


def publisher(name: str) -> "Publisher":
    """The network's publisher, built now: it reads its settings when built."""
    spec = get(name)
    if not spec.publisher:
        raise UnknownNetworkError(f"{spec.label} has no publisher")
    return _load(spec.publisher)()


def oauth_provider(name: str) -> "OAuthProvider":
    spec = get(name)
    if not spec.oauth:
        raise UnknownNetworkError(f"{spec.label} is not connected through OAuth")
    return _load(spec.oauth)()


def direct_connector(name: str) -> "DirectConnector":
    spec = get(name)
    if spec.connect != "direct" or not spec.connector:
        raise UnknownNetworkError(f"{spec.label} is not connected directly")
    return _load(spec.connector)()


def token_refresher(name: str) -> "OAuthProvider | DirectConnector":
    """Whatever renews the network's tokens: its OAuth provider, or its direct connector."""
    return direct_connector(name) if get(name).connect == "direct" else oauth_provider(name)


def trend_source(name: str, *, keywords: list[str]) -> "TrendSource":
    spec = get(name)
    if not spec.trends:
        raise UnknownNetworkError(f"{spec.label} has no trend source")
    return _load(spec.trends.source)(keywords=keywords)


def trend_source_enabled(name: str) -> bool:
    spec = get(name)
    return bool(spec.trends) and _load(spec.trends.enabled)()


def is_configured(name: str) -> bool:
    """Whether the operator set the credentials the network's app needs."""
    from django.conf import settings

    return all(getattr(settings, setting, "") for setting in get(name).required_settings)


def settings_from_environment() -> dict[str, Any]:
    """Every network's own settings, read from the environment (for the settings module)."""
    return {setting.name: setting.read() for spec in all_specs() for setting in spec.settings}


def text_length(name: str, text: str) -> int:
    """Length of `text` as the network counts it."""
    return get(name).text_length(text)


def django_apps() -> list[str]:
    """The network packages that are Django apps, for INSTALLED_APPS."""
    return [f"networks.{spec.name}" for spec in all_specs() if spec.django_app]


def sdk_loggers() -> list[str]:
    return [logger for spec in all_specs() for logger in spec.sdk_loggers]
