"""X: OAuth 2.0 authorization code with PKCE (S256), confidential client.

`offline.access` yields a refresh token; access tokens last two hours and X
rotates the refresh token on every refresh, so both are stored each time.
"""

import requests
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
from networks.x.errors import classify_x_error
from socialtrend.outbound import ConfigurationError, HttpClient, OutboundError

SCOPES = "tweet.read tweet.write users.read media.write offline.access"
# Token endpoint errors that refuse the app's own client credentials (a wrong or rotated
# X_CLIENT_SECRET answers 401 unauthorized_client "Missing valid authorization header"):
# every account would be refused the same way, so none is expired over it.
APP_CREDENTIALS_REFUSED = ("unauthorized_client", "invalid_client")


def classify_oauth_error(response: requests.Response) -> OutboundError | None:
    try:
        body = response.json()
    except ValueError:
        body = {}
    error = body.get("error") if isinstance(body, dict) else None
    if error in APP_CREDENTIALS_REFUSED:
        return ConfigurationError(
            f"X refused the app's client credentials ({error}: {body.get('error_description', '')}): "
            "check X_CLIENT_ID and X_CLIENT_SECRET against the app's OAuth 2.0 keys",
            http_status=response.status_code,
        )
    return classify_x_error(response)


class XOAuth(OAuthProvider):
    settings_prefix = "X"
    scopes = SCOPES
    network = SPEC.name
    uses_pkce = True

    def __init__(self) -> None:
        self.http = HttpClient(classify=classify_oauth_error)

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
