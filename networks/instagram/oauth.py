"""Instagram API with Instagram Login (Business Login).

Authorize at instagram.com, exchange the code at api.instagram.com for a
short-lived token (1 h), swap that for a long-lived one (60 days,
`ig_exchange_token`), read `/me`. Refresh with `ig_refresh_token` (the token
must be at least 24 hours old; it is, inside the refresh window).
"""

from django.conf import settings

from networks.instagram import SPEC
from networks.instagram.publisher import classify_graph_error
from networks.oauth import Connection, OAuthProvider, Profile, TokenSet, scopes_from
from networks.publishing import AccountRef
from socialtrend.outbound import HttpClient

# manage_comments: the optional first comment of a post (POST /{ig-media-id}/comments).
SCOPES = "instagram_business_basic,instagram_business_content_publish,instagram_business_manage_comments"


class InstagramOAuth(OAuthProvider):
    settings_prefix = "INSTAGRAM"
    scopes = SCOPES
    network = SPEC.name

    def __init__(self) -> None:
        self.http = HttpClient(classify=classify_graph_error)

    def complete(self, *, code: str, code_verifier: str = "") -> Connection:
        short = self.http.request(
            "POST",
            f"{settings.INSTAGRAM_OAUTH_URL}/oauth/access_token",
            data={
                "client_id": settings.INSTAGRAM_CLIENT_ID,
                "client_secret": settings.INSTAGRAM_CLIENT_SECRET,
                "grant_type": "authorization_code",
                "redirect_uri": settings.INSTAGRAM_REDIRECT_URI,
                "code": code,
            },
            safe_to_retry=True,
        ).json()
        # Business Login answers {"data": [{...}]}; older apps get the object itself.
        short = (short.get("data") or [short])[0]
        long_lived = self.http.request(
            "GET",
            f"{settings.INSTAGRAM_GRAPH_URL}/access_token",
            params={
                "grant_type": "ig_exchange_token",
                "client_secret": settings.INSTAGRAM_CLIENT_SECRET,
                "access_token": short["access_token"],
            },
        ).json()
        tokens = TokenSet(
            access_token=long_lived["access_token"],
            expires_in=long_lived.get("expires_in"),
            scopes=scopes_from(short.get("permissions") or SCOPES),
        )
        me = self.http.request(
            "GET",
            f"{settings.INSTAGRAM_GRAPH_URL}/{settings.INSTAGRAM_GRAPH_VERSION}/me",
            params={"fields": "user_id,username,name,profile_picture_url", "access_token": tokens.access_token},
        ).json()
        profile = Profile(
            remote_id=str(me.get("user_id") or short["user_id"]),
            handle=me["username"],
            display_name=me.get("name", ""),
            avatar_url=me.get("profile_picture_url", ""),
        )
        return Connection(tokens=tokens, profile=profile)

    def refresh(self, *, account: AccountRef) -> TokenSet:
        answer = self.http.request(
            "GET",
            f"{settings.INSTAGRAM_GRAPH_URL}/refresh_access_token",
            params={"grant_type": "ig_refresh_token", "access_token": account.access_token},
        ).json()
        return TokenSet(
            access_token=answer["access_token"], expires_in=answer.get("expires_in"), scopes=list(account.scopes)
        )
