"""LinkedIn: OAuth 2.0 (3-legged) with OpenID Connect for the profile.

Members connect as `urn:li:person:{sub}`. Access tokens last 60 days; only
partners approved for programmatic refresh get a refresh token, so most
accounts must reconnect when theirs runs out (`RefreshUnsupported`). A refresh
token lives a year from the first grant whatever the refreshes; then the
member must sign in again. A wrong client id or secret (`invalid_client`) is
the operator's setup, never a reason to expire an account.
"""

from django.conf import settings

from networks.linkedin import SPEC
from networks.linkedin.errors import classify
from networks.oauth import (
    Connection,
    OAuthProvider,
    Profile,
    RefreshUnsupported,
    TokenSet,
    scopes_from,
)
from networks.publishing import AccountRef
from socialtrend.outbound import HttpClient

SCOPES = "openid profile w_member_social"


class LinkedInOAuth(OAuthProvider):
    settings_prefix = "LINKEDIN"
    scopes = SCOPES
    network = SPEC.name

    def __init__(self) -> None:
        self.http = HttpClient(classify=classify)

    def complete(self, *, code: str, code_verifier: str = "") -> Connection:
        tokens = self._token({"grant_type": "authorization_code", "code": code})
        me = self.http.request(
            "GET",
            f"{settings.LINKEDIN_API_URL}/v2/userinfo",
            headers={"Authorization": f"Bearer {tokens.access_token}"},
        ).json()
        profile = Profile(
            remote_id=f"urn:li:person:{me['sub']}",
            handle=me.get("name") or me["sub"],
            display_name=me.get("name", ""),
            avatar_url=me.get("picture", ""),
        )
        return Connection(tokens=tokens, profile=profile)

    def refresh(self, *, account: AccountRef) -> TokenSet:
        if not account.refresh_token:
            raise RefreshUnsupported("LinkedIn gave this app no refresh token: reconnect the account")
        return self._token({"grant_type": "refresh_token", "refresh_token": account.refresh_token})

    def _token(self, grant: dict[str, str]) -> TokenSet:
        answer = self.http.request(
            "POST",
            f"{settings.LINKEDIN_OAUTH_URL}/accessToken",
            data={
                **grant,
                "client_id": settings.LINKEDIN_CLIENT_ID,
                "client_secret": settings.LINKEDIN_CLIENT_SECRET,
                "redirect_uri": settings.LINKEDIN_REDIRECT_URI,
            },
            safe_to_retry=True,
        ).json()
        return TokenSet(
            access_token=answer["access_token"],
            refresh_token=answer.get("refresh_token", ""),
            expires_in=answer.get("expires_in"),
            scopes=scopes_from(answer.get("scope") or SCOPES),
        )
