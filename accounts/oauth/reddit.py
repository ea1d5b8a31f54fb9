"""Reddit: PRAW's web-app code flow with `duration=permanent`.

Only the refresh token is stored; PRAW trades it for an hour-long access
token on each use, so there is nothing for the refresh task to do.
"""

import prawcore
from praw.exceptions import PRAWException

from accounts.models import SocialAccount
from accounts.oauth.base import Connection, OAuthProvider, Profile, RefreshUnsupported, TokenSet
from posts.publishers.base import AuthError
from posts.publishers.reddit import SCOPES, classify_reddit_error, reddit_client
from socialtrend.networks import Network


class RedditOAuth(OAuthProvider):
    network = Network.REDDIT
    settings_prefix = "REDDIT"

    def authorize_url(self, *, state: str, code_challenge: str = "") -> str:
        # PRAW builds Reddit's URL (with duration=permanent) from its own settings.
        return reddit_client().auth.url(scopes=SCOPES, state=state, duration="permanent")

    def complete(self, *, code: str, code_verifier: str = "") -> Connection:
        reddit = reddit_client()
        try:
            refresh_token = reddit.auth.authorize(code)
            me = reddit.user.me()
        except (prawcore.PrawcoreException, PRAWException) as exc:
            raise classify_reddit_error(exc) from exc
        if not refresh_token:
            raise AuthError("Reddit issued no refresh token (the app must ask for duration=permanent)")
        profile = Profile(
            remote_id=me.name,
            handle=me.name,
            display_name=me.name,
            avatar_url=(getattr(me, "icon_img", "") or "").split("?")[0],
        )
        return Connection(tokens=TokenSet(access_token="", refresh_token=refresh_token, scopes=SCOPES), profile=profile)

    def refresh(self, *, account: SocialAccount) -> TokenSet:
        raise RefreshUnsupported("Reddit refresh tokens do not expire; PRAW renews access on each use")
