"""Reddit: PRAW's web-app code flow with `duration=permanent`.

Only the refresh token is stored; PRAW trades it for an hour-long access
token on each use, so there is nothing for the refresh task to do.
"""

import prawcore
from praw.exceptions import PRAWException

from networks.oauth import Connection, OAuthProvider, Profile, RefreshUnsupported, TokenSet
from networks.publishing import AccountRef
from networks.reddit import SPEC
from networks.reddit.client import account_client
from networks.reddit.publisher import SCOPES, classify_reddit_error
from socialtrend.outbound import AuthError


class RedditOAuth(OAuthProvider):
    network = SPEC.name
    settings_prefix = "REDDIT"

    def authorize_url(self, *, state: str, code_challenge: str = "") -> str:
        # PRAW builds Reddit's URL (with duration=permanent) from its own settings.
        return account_client().auth.url(scopes=SCOPES, state=state, duration="permanent")

    def complete(self, *, code: str, code_verifier: str = "") -> Connection:
        reddit = account_client()
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

    def refresh(self, *, account: AccountRef) -> TokenSet:
        raise RefreshUnsupported("Reddit refresh tokens do not expire; PRAW renews access on each use")
