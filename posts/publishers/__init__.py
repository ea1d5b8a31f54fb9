"""Publishers by network: `get_publisher(network)` builds the one to call.

Each class reads its configuration from settings when built, so a settings
change (or a test's override) applies to the next publish.
"""

from django.utils.module_loading import import_string

from posts.publishers.base import Publisher
from socialtrend.networks import Network

PUBLISHER_CLASSES: dict[str, str] = {
    Network.SANDBOX: "posts.publishers.sandbox.SandboxPublisher",
    Network.INSTAGRAM: "posts.publishers.instagram.InstagramPublisher",
    Network.LINKEDIN: "posts.publishers.linkedin.LinkedInPublisher",
    Network.X: "posts.publishers.x.XPublisher",
    Network.REDDIT: "posts.publishers.reddit.RedditPublisher",
}


class NoPublisherError(LookupError):
    pass


def get_publisher(network: str) -> Publisher:
    try:
        path = PUBLISHER_CLASSES[network]
    except KeyError as exc:
        raise NoPublisherError(f"no publisher for network {network!r}") from exc
    return import_string(path)()
