"""LinkedIn: OAuth 2.0 (3-legged) with OpenID Connect for the profile.

Members connect as `urn:li:person:{sub}`. Access tokens last 60 days; only
partners approved for programmatic refresh get a refresh token, so most
accounts must reconnect when theirs runs out (`RefreshUnsupported`). A refresh
token lives a year from the first grant whatever the refreshes; then the
member must sign in again. A wrong client id or secret (`invalid_client`) is
the operator's setup, never a reason to expire an account.

With LINKEDIN_PAGES on, the sign-in also asks for `rw_organization_admin` and
`w_organization_social`, and the organizations the member administers
(`organizationAcls?q=roleAssignee&role=ADMINISTRATOR&state=APPROVED`) are offered
beside the member's own profile: each one picked becomes an account whose
author is `urn:li:organization:{id}`, with the member's token.
"""

from django.conf import settings

from networks.linkedin import ORGANIZATION_PREFIX, SPEC
from networks.linkedin.errors import classify
from networks.linkedin.publisher import rest_headers
from networks.oauth import (
    Connection,
    Identity,
    OAuthProvider,
    Profile,
    RefreshUnsupported,
    TokenSet,
    scopes_from,
)
from networks.publishing import AccountRef
from socialtrend.outbound import HttpClient

SCOPES = "openid profile w_member_social"
PAGE_SCOPES = "rw_organization_admin w_organization_social"


class LinkedInOAuth(OAuthProvider):
    settings_prefix = "LINKEDIN"
    scopes = SCOPES
    network = SPEC.name

    def __init__(self) -> None:
        self.http = HttpClient(classify=classify)
        if settings.LINKEDIN_PAGES:
            self.scopes = f"{SCOPES} {PAGE_SCOPES}"

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
        if not settings.LINKEDIN_PAGES:
            return Connection(tokens=tokens, profile=profile)
        pages = [Identity(profile=page, tokens=tokens, kind="Page") for page in self._organizations(tokens)]
        member = Identity(profile=profile, tokens=tokens, kind="Profile")
        return Connection(tokens=tokens, profile=profile, choices=(member, *pages) if pages else ())

    def _organizations(self, tokens: TokenSet) -> list[Profile]:
        """The organizations the member administers (approved roles only), with their names."""
        acls = self.http.request(
            "GET",
            f"{settings.LINKEDIN_API_URL}/rest/organizationAcls",
            params={"q": "roleAssignee", "role": "ADMINISTRATOR", "state": "APPROVED"},
            headers=rest_headers(tokens.access_token),
        ).json()
        urns = dict.fromkeys(
            element["organization"]
            for element in acls.get("elements") or []
            if str(element.get("organization", "")).startswith(ORGANIZATION_PREFIX)
        )
        return [self._organization(urn, tokens.access_token) for urn in urns]

    def _organization(self, urn: str, token: str) -> Profile:
        organization = self.http.request(
            "GET",
            f"{settings.LINKEDIN_API_URL}/rest/organizations/{urn.removeprefix(ORGANIZATION_PREFIX)}",
            headers=rest_headers(token),
        ).json()
        name = organization.get("localizedName") or organization.get("vanityName") or urn
        return Profile(remote_id=urn, handle=organization.get("vanityName") or name, display_name=name)

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
