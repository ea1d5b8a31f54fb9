"""X: OAuth 2.0 authorization code with PKCE (S256), confidential client.

`offline.access` yields a refresh token; access tokens last two hours and X
rotates the refresh token on every refresh, so both are stored each time.
"""

from django.conf import settings

from networks.oauth import (
    Connection,
    OAuthProvider,
    Profile,
    RefreshUnsupported,
    TokenSet,
    scopes_from,
)
from networks.publishing import AccountRef
from networks.x import SPEC
from socialtrend.outbound import HttpClient

SCOPES = "tweet.read tweet.write users.read media.write offline.access"


class XOAuth(OAuthProvider):
    settings_prefix = "X"
    scopes = SCOPES
    network = SPEC.name
    uses_pkce = True

    def __init__(self) -> None:
        self.http = HttpClient()

    def complete(self, *, code: str, code_verifier: str = "") -> Connection:
        tokens = self._token(
            {"grant_type": "authorization_code", "code": code, "code_verifier": code_verifier}, previous_scopes=[]
        )
        me = self.http.request(
            "GET",
            f"{settings.X_API_URL}/2/users/me",
            params={"user.fields": "profile_image_url"},
            headers={"Authorization": f"Bearer {tokens.access_token}"},
        ).json()["data"]
        profile = Profile(
            remote_id=me["id"],
            handle=me["username"],
            display_name=me.get("name", ""),
            avatar_url=me.get("profile_image_url", ""),
        )
        return Connection(tokens=tokens, profile=profile)

    def refresh(self, *, account: AccountRef) -> TokenSet:
        if not account.refresh_token:
            raise RefreshUnsupported("X gave no refresh token (offline.access missing): reconnect the account")
        return self._token(
            {"grant_type": "refresh_token", "refresh_token": account.refresh_token},
            previous_scopes=list(account.scopes),
        )

    def _token(self, grant: dict[str, str], *, previous_scopes: list[str]) -> TokenSet:
        answer = self.http.request(
            "POST",
            f"{settings.X_API_URL}/2/oauth2/token",
            data={**grant, "client_id": settings.X_CLIENT_ID, "redirect_uri": settings.X_REDIRECT_URI},
            auth=(settings.X_CLIENT_ID, settings.X_CLIENT_SECRET),
            safe_to_retry=True,
        ).json()
        return TokenSet(
            access_token=answer["access_token"],
            refresh_token=answer.get("refresh_token", ""),
            expires_in=answer.get("expires_in"),
            scopes=scopes_from(answer.get("scope")) or previous_scopes,
        )
