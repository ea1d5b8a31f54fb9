"""OAuth 2.0 authorization-code connect, one provider module per network.

`get_provider(network)` returns the network's `OAuthProvider`: it builds the
authorize URL, completes the flow (code -> tokens -> profile) and refreshes
tokens. Providers talk HTTP through `socialtrend.outbound`, so their failures
use the same vocabulary as publishing: `RetryableError`/`OutcomeUnknownError`
mean "try again later", anything else means the grant is gone.
"""

from accounts.oauth.base import Connection, OAuthProvider, Profile, RefreshUnsupported, TokenSet
from socialtrend.errors import NotFoundError
from socialtrend.networks import Network


def get_provider(network: str) -> OAuthProvider:
    from accounts.oauth.instagram import InstagramOAuth
    from accounts.oauth.linkedin import LinkedInOAuth
    from accounts.oauth.reddit import RedditOAuth
    from accounts.oauth.x import XOAuth

    providers: dict[str, type[OAuthProvider]] = {
        Network.INSTAGRAM: InstagramOAuth,
        Network.LINKEDIN: LinkedInOAuth,
        Network.X: XOAuth,
        Network.REDDIT: RedditOAuth,
    }
    if network not in providers:
        raise NotFoundError(f'"{network}" is not a network you can connect.', field="network")
    return providers[network]()


__all__ = ["Connection", "OAuthProvider", "Profile", "RefreshUnsupported", "TokenSet", "get_provider"]
