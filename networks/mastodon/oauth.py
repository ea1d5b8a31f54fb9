"""Mastodon: OAuth 2.0 authorization code with PKCE, on the instance the person typed.

`prepare` checks the instance and makes sure the app is registered there; the
instance travels in the signed state to the callback, where the code is
exchanged at that instance's `/oauth/token` and the account read from
`GET /api/v1/accounts/verify_credentials`. Mastodon's tokens do not expire and
it has no refresh tokens (its grant types are authorization_code and
client_credentials), so there is nothing to refresh.
"""

from collections.abc import Mapping
from urllib.parse import urlencode

from networks.mastodon import SPEC
from networks.mastodon.client import MastodonAPI
from networks.mastodon.errors import RegistrationUnknown
from networks.mastodon.instances import FIELD, instance_base_url, instance_host
from networks.mastodon.models import MastodonInstance
from networks.mastodon.services import SCOPES, instance_registration_ensure, instance_registration_forget
from networks.oauth import Connection, OAuthProvider, Profile, RefreshUnsupported, TokenSet, scopes_from
from networks.publishing import AccountRef
from socialtrend.errors import ApplicationError
from socialtrend.outbound import OutboundError


class MastodonOAuth(OAuthProvider):
    network = SPEC.name
    settings_prefix = "MASTODON"
    scopes = SCOPES
    uses_pkce = True

    def __init__(self, base_url: str = "") -> None:
        self.base_url = base_url

    def prepare(self, fields: Mapping[str, str]) -> dict[str, str]:
        base_url = instance_base_url(fields.get(FIELD, ""))
        try:
            instance_registration_ensure(base_url=base_url)
        except OutboundError as exc:
            raise ApplicationError(
                f"Could not register SocialTrend on {instance_host(base_url)}: {exc.message}", field=FIELD
            ) from exc
        return {FIELD: base_url}

    def bind(self, context: Mapping[str, str]) -> "MastodonOAuth":
        return MastodonOAuth(context.get(FIELD, ""))

    def authorize_url(self, *, state: str, code_challenge: str = "") -> str:
        registration = self._registration()
        params = {
            "response_type": "code",
            "client_id": registration.client_id,
            "redirect_uri": registration.redirect_uri,
            "scope": registration.scopes,
            "state": state,
            "code_challenge": code_challenge,
            "code_challenge_method": "S256",
        }
        return f"{self.base_url}/oauth/authorize?{urlencode(params)}"

    def complete(self, *, code: str, code_verifier: str = "") -> Connection:
        registration = self._registration()
        try:
            answer = MastodonAPI(self.base_url).json(
                "POST",
                "/oauth/token",
                data={
                    "grant_type": "authorization_code",
                    "code": code,
                    "client_id": registration.client_id,
                    "client_secret": registration.client_secret,
                    "redirect_uri": registration.redirect_uri,
                    "code_verifier": code_verifier,
                },
                safe_to_retry=True,
            )
        except RegistrationUnknown:
            instance_registration_forget(base_url=self.base_url)
            raise
        tokens = TokenSet(access_token=answer["access_token"], scopes=scopes_from(answer.get("scope") or SCOPES))
        me = MastodonAPI(self.base_url, token=tokens.access_token).json("GET", "/api/v1/accounts/verify_credentials")
        host = instance_host(self.base_url)
        profile = Profile(
            remote_id=f"{me['id']}@{host}",  # account ids are per instance
            handle=f"{me['username']}@{host}",
            display_name=me.get("display_name") or me["username"],
            avatar_url=me.get("avatar") or "",
        )
        return Connection(
            tokens=tokens, profile=profile, options={"instance": self.base_url, "account_id": str(me["id"])}
        )

    def refresh(self, *, account: AccountRef) -> TokenSet:
        raise RefreshUnsupported("Mastodon tokens do not expire and cannot be refreshed: reconnect the account")

    def _registration(self) -> MastodonInstance:
        registration = MastodonInstance.objects.filter(base_url=self.base_url).first()
        if registration is None:
            raise RegistrationUnknown(f"SocialTrend is not registered on {self.base_url or 'this instance'}")
        return registration
